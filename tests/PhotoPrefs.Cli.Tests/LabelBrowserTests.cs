using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;
using PhotoPrefs.Albums;
using PhotoPrefs.Testing;
using PhotoPrefs.Store;

namespace PhotoPrefs.Cli.Tests;

/// <summary>A person labels in the browser, the server is killed hard, and nothing they saw saved is lost.</summary>
public sealed class LabelBrowserTests : IDisposable
{
    private readonly string _tmp = Path.Combine(Path.GetTempPath(), "pp-label-cli-" + Guid.NewGuid().ToString("N")[..10]);

    public LabelBrowserTests() => Directory.CreateDirectory(_tmp);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_tmp, recursive: true);
    }

    private static (Process Process, Uri Url) Serve(string ws)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "photoprefs.dll"), "label", "--workspace", ws, "--user", "J", "--no-open" })
        {
            psi.ArgumentList.Add(a);
        }

        var p = Process.Start(psi)!;
        var first = p.StandardOutput.ReadLineAsync();
        Assert.True(first.Wait(60_000), "the server printed no address in a minute");
        var url = new Uri(first.Result!);
        Assert.Equal("127.0.0.1", url.Host);
        Assert.StartsWith("?token=", url.Query, StringComparison.Ordinal);
        return (p, url);
    }

    [Fact]
    public async Task The_page_shows_the_original_fitted_to_the_window_and_one_to_one_on_Z_and_leaves_the_album_alone()
    {
        var album = Path.Combine(_tmp, "album");
        Directory.CreateDirectory(album);
        for (int i = 0; i < 2; i++)
        {
            File.WriteAllBytes(Path.Combine(album, $"p{i}.jpg"), TestImages.Jpeg(2000, 1500, i));
        }

        var wsDir = Path.Combine(_tmp, "ws");
        AlbumImporter.Import(album, Workspace.Open(wsDir));
        var before = TestImages.Fingerprint(album);
        var (pw, browser) = await Browser.LaunchAsync();
        using (pw)
        {
            await using (browser)
            {
                var (server, url) = Serve(wsDir);
                try
                {
                    var (page, errors) = await Browser.OpenAsync(browser, url.ToString(), offline: false, new ViewportSize { Width = 1280, Height = 900 });
                    var photos = new List<string>();
                    page.Response += (_, r) =>
                    {
                        if (r.Status == 200 && r.Url.Contains("/api/photo/", StringComparison.Ordinal))
                        {
                            photos.Add(r.Url);
                        }
                    };
                    await page.WaitForSelectorAsync("#photo[data-view=fit][data-source=original]", new() { State = WaitForSelectorState.Attached });
                    // The stage's size in device pixels, and the photo fitted into it: 2000x1500 scaled by min(w/2000, h/1500).
                    var fit = await page.EvaluateAsync<double[]>("() => { const s = document.getElementById('stage'), i = document.getElementById('photo'); return [s.clientWidth * devicePixelRatio, s.clientHeight * devicePixelRatio, i.naturalWidth, i.naturalHeight]; }");
                    double scale = Math.Min(fit[0] / 2000, fit[1] / 1500);
                    Assert.True(fit[2] > 256, $"shown {fit[2]} wide");
                    Assert.InRange(fit[2], (2000 * scale) - 2, 2000 * scale);
                    Assert.InRange(fit[3], (1500 * scale) - 2, 1500 * scale);
                    Assert.NotEmpty(photos);

                    await page.Keyboard.PressAsync("z");
                    await page.WaitForSelectorAsync("#photo[data-view=actual]", new() { State = WaitForSelectorState.Attached });
                    var actual = await page.EvaluateAsync<double[]>("() => { const i = document.getElementById('photo'), r = i.getBoundingClientRect(); return [i.naturalWidth, i.naturalHeight, r.width, r.height]; }");
                    Assert.Equal([2000, 1500, 2000, 1500], actual);
                    await page.Keyboard.PressAsync("z");
                    await page.WaitForSelectorAsync("#photo[data-view=fit]", new() { State = WaitForSelectorState.Attached });
                    Assert.Equal(fit[2], await page.EvaluateAsync<double>("() => document.getElementById('photo').naturalWidth"));
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

        Assert.Equal(before, TestImages.Fingerprint(album));
    }

    [Fact]
    public async Task Labels_given_by_click_and_keyboard_survive_a_hard_kill()
    {
        var album = Path.Combine(_tmp, "album");
        Directory.CreateDirectory(album);
        for (int i = 0; i < 5; i++)
        {
            File.WriteAllBytes(Path.Combine(album, $"p{i}.jpg"), TestImages.Jpeg(120, 90, i));
        }

        var wsDir = Path.Combine(_tmp, "ws");
        var ws = Workspace.Open(wsDir);
        AlbumImporter.Import(album, ws);
        var (pw, browser) = await Browser.LaunchAsync();
        using (pw)
        {
            await using (browser)
            {
                var (server, url) = Serve(wsDir);
                try
                {
                    var (page, errors) = await Browser.OpenAsync(browser, url.ToString(), offline: false);
                    await page.WaitForFunctionAsync("() => document.getElementById('file').textContent.length > 0");
                    var first = await page.TextContentAsync("#file");
                    await page.ClickAsync("#delete");
                    await page.WaitForFunctionAsync("() => document.getElementById('status').textContent.startsWith('saved')");
                    var second = await page.TextContentAsync("#file");
                    Assert.NotEqual(first, second);
                    await page.Keyboard.PressAsync("k");
                    await page.WaitForFunctionAsync($"() => document.getElementById('status').textContent.includes('{second} → keep')");
                    await page.Keyboard.PressAsync("d");
                    await page.WaitForFunctionAsync("() => document.getElementById('progress').textContent.startsWith('3 of 5')");
                    Assert.Empty(errors);
                }
                finally
                {
                    // As hard as it gets: SIGKILL, no shutdown code runs.
                    server.Kill(entireProcessTree: true);
                    server.WaitForExit();
                    server.Dispose();
                }

                var labels = LabelStore.Get(Workspace.Open(wsDir, create: false), "J");
                Assert.Equal(3, labels.Count);
                Assert.Equal(2, labels.Values.Count(l => l == PhotoLabel.Delete));

                var (again, url2) = Serve(wsDir);
                try
                {
                    Assert.NotEqual(url.Query, url2.Query);
                    var (page, errors) = await Browser.OpenAsync(browser, url2.ToString(), offline: false);
                    await page.WaitForFunctionAsync("() => document.getElementById('progress').textContent.startsWith('3 of 5')");
                    // The page continues at the first photo without a label.
                    Assert.Equal("not labeled yet", await page.TextContentAsync("#current"));
                    await page.Keyboard.PressAsync("u");
                    await page.WaitForFunctionAsync("() => document.getElementById('progress').textContent.startsWith('2 of 5')");
                    Assert.Empty(errors);
                }
                finally
                {
                    again.Kill(entireProcessTree: true);
                    again.WaitForExit();
                    again.Dispose();
                }

                Assert.Equal(2, LabelStore.Get(Workspace.Open(wsDir, create: false), "J").Count);
            }
        }
    }
}
