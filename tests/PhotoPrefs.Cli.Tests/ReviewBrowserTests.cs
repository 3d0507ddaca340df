using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;
using PhotoPrefs.Albums;
using PhotoPrefs.Pipeline;
using PhotoPrefs.SemiSupervised;
using PhotoPrefs.Store;
using PhotoPrefs.Testing;

namespace PhotoPrefs.Cli.Tests;

/// <summary>
/// <c>photoprefs label --review</c> as a person uses it: the suggestions in the model's p(delete) order, answers that become
/// labels and survive a SIGKILL, and a background retrain that re-orders the queue while the photo on screen stays.
/// </summary>
public sealed class ReviewBrowserTests : IDisposable
{
    private const int Photos = 20;
    private readonly string _tmp = Path.Combine(Path.GetTempPath(), "pp-review-cli-" + Guid.NewGuid().ToString("N")[..10]);

    public ReviewBrowserTests() => Directory.CreateDirectory(_tmp);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_tmp, recursive: true);
    }

    private static Process Start(params string[] args) => CliTests.Start(args);

    /// <summary>An imported album of generated photos with its features, <paramref name="labeled"/> labels of J (delete, keep, …).</summary>
    private Workspace LabeledWorkspace(int labeled, bool features)
    {
        var album = Path.Combine(_tmp, "album");
        Directory.CreateDirectory(album);
        Parallel.For(0, Photos, i => File.WriteAllBytes(Path.Combine(album, $"p{i:D3}.jpg"), TestImages.Jpeg(160, 120, seed: i)));
        var ws = Workspace.Open(Path.Combine(_tmp, "ws"));
        AlbumImporter.Import(album, ws);
        if (features)
        {
            Album.Of(ws).ComputeFeatures();
        }

        foreach (var id in PhotoStore.Paths(ws).Keys.Order().Take(labeled))
        {
            LabelStore.Set(ws, "J", id, id % 2 == 0 ? PhotoLabel.Delete : PhotoLabel.Keep, "test");
        }

        return ws;
    }

    /// <summary>The unlabeled photos of J in the order of a model's p(delete), highest first (ties by id).</summary>
    private static List<long> Order(StoredModel model, Workspace ws)
    {
        var labels = LabelStore.Get(ws, "J");
        return [.. model.PDelete.Where(kv => !labels.ContainsKey(kv.Key)).OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key).Select(kv => kv.Key)];
    }

    private static async Task<List<long>> Shown(IPage page) =>
        [.. await page.EvaluateAsync<long[]>("() => [Number(document.getElementById('photo').getAttribute('data-id'))].concat(Array.from(document.querySelectorAll('#upcoming li')).map(li => Number(li.getAttribute('data-id'))))")];

    private static async Task AnswerAsync(IPage page, string key, int answered)
    {
        var file = await page.TextContentAsync("#file");
        await page.Keyboard.PressAsync(key);
        await page.WaitForFunctionAsync($"() => document.getElementById('status').textContent.startsWith('saved: {file}') && document.getElementById('precision').getAttribute('data-reviewed') === '{answered}'");
    }

    [Fact]
    public async Task Review_answers_become_labels_that_survive_a_hard_kill_and_a_background_retrain_reorders_the_queue()
    {
        var ws = LabeledWorkspace(6, features: true);
        var first = Album.Of(ws).Train("J", new TrainOptions(AlbumTraining.Defaults with { Steps = 6 }, Members: 1, Folds: 0));
        var initial = Order(first, ws);
        Assert.Equal(Photos - 6, initial.Count);

        var (pw, browser) = await Browser.LaunchAsync();
        using (pw)
        {
            await using (browser)
            {
                var server = Start("label", "--review", "--workspace", ws.Directory, "--user", "J", "--no-open",
                    "--retrain-every", "3", "--threshold", "0", "--steps", "100", "--members", "1", "--folds", "0");
                var answered = new List<(long Id, PhotoLabel Label)>();
                try
                {
                    var line = await server.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(1));
                    var (page, errors) = await Browser.OpenAsync(browser, line!, offline: false);
                    await page.WaitForSelectorAsync("#photo[data-id]", new() { State = WaitForSelectorState.Attached });
                    await page.WaitForSelectorAsync("#model[data-version='0']", new() { State = WaitForSelectorState.Attached });
                    // The queue is the unlabeled photos, highest p(delete) first.
                    Assert.Equal(initial.Take(1 + 12), await Shown(page));

                    // Three answers: the third starts a retrain on 9 labels.
                    foreach (var (key, label) in new[] { ("d", PhotoLabel.Delete), ("k", PhotoLabel.Keep), ("d", PhotoLabel.Delete) })
                    {
                        answered.Add(((await Shown(page))[0], label));
                        await AnswerAsync(page, key, answered.Count);
                    }

                    Assert.Equal("2", await page.GetAttributeAsync("#precision", "data-confirmed"));
                    Assert.Contains("confirmed 2 of the last 3", await page.TextContentAsync("#precision"), StringComparison.Ordinal);
                    // The first model's order of what is left; the retrain may reach the page at any time from here on.
                    var before = initial.Except(answered.Select(a => a.Id)).ToList();
                    Assert.Equal(before[0], (await Shown(page))[0]);

                    // The retrain's new order reaches the page; the photo on screen stays first.
                    await page.WaitForSelectorAsync("#model[data-version='1']", new() { State = WaitForSelectorState.Attached, Timeout = 180_000 });
                    var after = await Shown(page);
                    var retrained = Album.Of(Workspace.Open(ws.Directory, create: false)).Model("J")!;
                    Assert.NotEqual(first.Id, retrained.Id);
                    Assert.Equal(9, retrained.Labels);
                    Assert.Equal(before[0], after[0]);
                    // The photo on screen stays first wherever the new model puts it; the rest follow the new model.
                    var expected = Order(retrained, ws).Where(id => id != before[0]).ToList();
                    Assert.Equal(expected, after.Skip(1));
                    Assert.Equal(before.Skip(1).Order(), after.Skip(1).Order());
                    Assert.NotEqual(before.Skip(1), after.Skip(1));

                    // One more answer, on the photo that stayed, then SIGKILL.
                    answered.Add((after[0], PhotoLabel.Keep));
                    await AnswerAsync(page, "k", answered.Count);
                    Assert.Equal(after[1], (await Shown(page))[0]);
                    Assert.Empty(errors);
                }
                finally
                {
                    server.Kill(entireProcessTree: true);
                    server.WaitForExit();
                    server.Dispose();
                }

                var reopened = Workspace.Open(ws.Directory, create: false);
                var labels = LabelStore.Get(reopened, "J");
                Assert.Equal(6 + answered.Count, labels.Count);
                Assert.All(answered, a => Assert.Equal(a.Label, labels[a.Id]));
                Assert.Equal(answered.Select(a => a.Label).Reverse(), LabelStore.Recent(reopened, "J", ReviewSession.Source, 20));
            }
        }
    }

    [Fact]
    public async Task A_new_order_that_puts_the_photo_on_screen_last_leaves_it_on_screen()
    {
        var ws = LabeledWorkspace(6, features: true);
        var model = Album.Of(ws).Train("J", new TrainOptions(AlbumTraining.Defaults with { Steps = 6 }, Members: 1, Folds: 0));
        var initial = Order(model, ws);
        var (pw, browser) = await Browser.LaunchAsync();
        using (pw)
        {
            await using (browser)
            {
                var server = Start("label", "--review", "--workspace", ws.Directory, "--user", "J", "--no-open", "--threshold", "0");
                try
                {
                    var line = await server.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(1));
                    var (page, errors) = await Browser.OpenAsync(browser, line!, offline: false);
                    await page.WaitForSelectorAsync("#model[data-version='0']", new() { State = WaitForSelectorState.Attached });
                    Assert.Equal(initial.Take(1 + 12), await Shown(page));

                    // From here the server answers as after a retrain whose order is the first one reversed: the
                    // photo on screen comes last in it.
                    static string Retrained(string json, bool reverse)
                    {
                        var state = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
                        state["version"] = 1;
                        if (reverse && state["items"] is System.Text.Json.Nodes.JsonArray items)
                        {
                            state["items"] = new System.Text.Json.Nodes.JsonArray([.. items.Reverse().Select(i => i!.DeepClone())]);
                        }

                        return state.ToJsonString();
                    }

                    foreach (var (url, reverse) in new[] { (@"/api/review(\?|$)", true), (@"/api/review/status(\?|$)", false) })
                    {
                        await page.RouteAsync(new System.Text.RegularExpressions.Regex(url), async route =>
                        {
                            var response = await route.FetchAsync();
                            await route.FulfillAsync(new() { Response = response, Body = Retrained(await response.TextAsync(), reverse) });
                        });
                    }

                    await page.WaitForSelectorAsync("#model[data-version='1']", new() { State = WaitForSelectorState.Attached, Timeout = 60_000 });
                    var after = await Shown(page);
                    Assert.Equal(initial[0], after[0]);
                    var reversed = initial.AsEnumerable().Reverse().Where(id => id != initial[0]).Take(12);
                    Assert.Equal(reversed, after.Skip(1));
                    Assert.Empty(errors);
                }
                finally
                {
                    server.Kill(entireProcessTree: true);
                    server.WaitForExit();
                    server.Dispose();
                }
            }
        }
    }

    [Fact]
    public async Task Review_without_a_model_or_labels_of_both_classes_and_review_options_without_review_say_what_to_do()
    {
        var ws = LabeledWorkspace(0, features: false);
        LabelStore.Set(ws, "J", PhotoStore.Paths(ws).Keys.Min(), PhotoLabel.Keep, "test");
        using var p = Start("label", "--review", "--workspace", ws.Directory, "--user", "J", "--no-open");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(2, p.ExitCode);
        Assert.Equal("", (await stdout).Trim());
        Assert.StartsWith("error: no model for user 'J' yet, and too few labels to train one (1 labels, 0 delete)", await stderr, StringComparison.Ordinal);

        using var plain = Start("label", "--workspace", ws.Directory, "--user", "J", "--no-open", "--retrain-every", "3");
        var plainErr = plain.StandardError.ReadToEndAsync();
        await plain.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(2, plain.ExitCode);
        Assert.StartsWith("error: --retrain-every belongs to the review: add --review", await plainErr, StringComparison.Ordinal);
    }
}
