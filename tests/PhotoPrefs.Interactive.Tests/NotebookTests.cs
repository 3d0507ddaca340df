using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using PhotoPrefs.Interactive.Notebooks;
using PhotoPrefs.Testing;

namespace PhotoPrefs.Interactive.Tests;

/// <summary>The runner itself: state across cells, display, errors with their cell number, Polyglot-only lines.</summary>
public sealed class NotebookRunnerTests
{
    private static NotebookDocument Notebook(params string[] cells)
    {
        var array = new JsonArray();
        foreach (var c in cells)
        {
            array.Add(new JsonObject { ["cell_type"] = "code", ["metadata"] = new JsonObject(), ["outputs"] = new JsonArray(), ["source"] = NotebookDocument.Lines(c) });
        }

        return NotebookDocument.Parse(new JsonObject { ["cells"] = array, ["metadata"] = new JsonObject(), ["nbformat"] = 4, ["nbformat_minor"] = 5 }.ToJsonString());
    }

    private static JsonArray Outputs(NotebookDocument nb, int cell) => (JsonArray)nb.Cells[cell]!["outputs"]!;

    [Fact]
    public async Task State_carries_between_cells_and_values_are_displayed()
    {
        var nb = Notebook("var x = 20;\nConsole.WriteLine(\"hello\");", "#!csharp\nx + 22", "display(new PhotoPrefs.Evaluation.ConfusionMatrix(1, 2, 3, 4));\ndisplay(HTML(\"<b>bold</b>\"));");
        var run = await NotebookRunner.RunAsync(nb, Path.GetTempPath());
        Assert.True(run.Succeeded, run.Error);
        Assert.Equal("stream", Outputs(nb, 0)[0]!["output_type"]!.GetValue<string>());
        Assert.Equal("hello\n", NotebookDocument.Source(new JsonObject { ["source"] = Outputs(nb, 0)[0]!["text"]!.DeepClone() }));
        var result = Outputs(nb, 1)[0]!;
        Assert.Equal("execute_result", result["output_type"]!.GetValue<string>());
        Assert.Equal("42", string.Concat(((JsonArray)result["data"]!["text/plain"]!).Select(l => l!.GetValue<string>())));
        var shown = string.Concat(((JsonArray)Outputs(nb, 2)[0]!["data"]!["text/html"]!).Select(l => l!.GetValue<string>()));
        Assert.Contains("Plotly.newPlot", shown, StringComparison.Ordinal);
        Assert.Equal("<b>bold</b>", string.Concat(((JsonArray)Outputs(nb, 2)[1]!["data"]!["text/html"]!).Select(l => l!.GetValue<string>())));
    }

    [Theory]
    [InlineData("int y = ;", "CompilationError")]
    [InlineData("throw new InvalidOperationException(\"boom\");", "InvalidOperationException")]
    [InlineData("#r \"nuget: Some.Package\"", "NotebookError")]
    [InlineData("#!time\nvar z = 1;", "NotebookError")]
    public async Task A_failing_cell_stops_the_run_with_its_number(string bad, string ename)
    {
        var nb = Notebook("var ok = 1;", bad, "var never = 2;");
        var run = await NotebookRunner.RunAsync(nb, Path.GetTempPath());
        Assert.False(run.Succeeded);
        Assert.Equal(2, run.FailedCell);
        Assert.StartsWith("cell 2:", run.Error, StringComparison.Ordinal);
        Assert.Equal(ename, Outputs(nb, 1)[0]!["ename"]!.GetValue<string>());
        Assert.Empty(Outputs(nb, 2));
    }

    [Fact]
    public void References_to_loaded_assemblies_are_accepted_and_others_kept()
    {
        var code = NotebookRunner.Prepare("#r \"../lib/x/bin/Debug/net10.0/PhotoPrefs.Core.dll\"\n#r \"/elsewhere/Unknown.Library.dll\"\nvar a = 1;");
        Assert.StartsWith("// #r", code, StringComparison.Ordinal);
        Assert.Contains("#r \"/elsewhere/Unknown.Library.dll\"", code, StringComparison.Ordinal);
    }
}

/// <summary>Every course notebook runs on data-sample, shows what it teaches, and its HTML draws offline without errors.</summary>
public sealed class CourseNotebookTests
{
    private static string Repository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PhotoPrefs.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("PhotoPrefs.sln");
    }

    private static string Html(JsonNode cell) => string.Concat((cell["outputs"] as JsonArray ?? []).Select(o => o?["data"]?["text/html"] is JsonArray a ? string.Concat(a.Select(l => l!.GetValue<string>())) : ""));

    [Fact]
    public async Task Every_notebook_runs_headless_and_its_html_draws_offline()
    {
        var notebooks = Directory.GetFiles(Path.Combine(Repository(), "notebooks"), "*.ipynb").Order(StringComparer.Ordinal).ToList();
        Assert.True(notebooks.Count >= 8, "the course has at least eight notebooks");
        var tmp = Directory.CreateTempSubdirectory("pp-course-");
        Environment.SetEnvironmentVariable("PHOTOPREFS_COURSE_WORKSPACE", Path.Combine(tmp.FullName, "ws"));
        try
        {
            var pages = new List<string>();
            var executed = new Dictionary<string, NotebookDocument>();
            foreach (var file in notebooks)
            {
                var nb = NotebookDocument.Load(file);
                var kernel = nb.Root["metadata"]!["kernelspec"]!["name"]!.GetValue<string>();
                Assert.Equal(".net-csharp", kernel);
                var run = await NotebookRunner.RunAsync(nb, Path.GetDirectoryName(file)!, new Dictionary<string, string> { ["user"] = "J" });
                Assert.True(run.Succeeded, $"{Path.GetFileName(file)}: {run.Error}");
                executed[Path.GetFileName(file)[..2]] = nb;
                var page = Path.Combine(tmp.FullName, Path.GetFileNameWithoutExtension(file) + ".html");
                File.WriteAllText(page, NotebookHtml.Render(nb, Path.GetFileName(file)));
                pages.Add(page);
            }

            // Key outputs: the clustering notebook charts the scores against k; FixMatch shows its views and curves;
            // evaluation a confusion matrix; the last notebook its suggestions.
            var clustering = string.Concat(executed["03"].Cells.Select(c => Html(c!)));
            Assert.Contains("\"xaxis\":{\"title\":{\"text\":\"k (clusters)\"}", clustering, StringComparison.Ordinal);
            var fixmatch = string.Concat(executed["05"].Cells.Select(c => Html(c!)));
            Assert.Contains("strong: ", fixmatch, StringComparison.Ordinal);
            Assert.Contains("mask rate", fixmatch, StringComparison.Ordinal);
            Assert.Contains("\"type\":\"heatmap\"", string.Concat(executed["06"].Cells.Select(c => Html(c!))), StringComparison.Ordinal);
            Assert.Contains("p(delete)", string.Concat(executed["07"].Cells.Select(c => Html(c!))), StringComparison.Ordinal);

            var (pw, browser) = await Browser.LaunchAsync();
            using (pw)
            {
                await using (browser)
                {
                    foreach (var page in pages)
                    {
                        var (p, errors) = await Browser.OpenAsync(browser, new Uri(page).AbsoluteUri, offline: true);
                        int plots = await p.EvaluateAsync<int>("() => document.querySelectorAll('.pp-plot').length");
                        if (plots > 0)
                        {
                            await p.WaitForFunctionAsync($"() => document.querySelectorAll('.pp-plot .main-svg').length >= {plots}", null, new() { Timeout = 30_000 });
                        }

                        Assert.True(errors.Count == 0, $"{Path.GetFileName(page)}: {string.Join("; ", errors)}");
                        await p.Context.CloseAsync();
                    }
                }
            }
        }
        finally
        {
            Environment.SetEnvironmentVariable("PHOTOPREFS_COURSE_WORKSPACE", null);
            SqliteConnection.ClearAllPools();
            tmp.Delete(true);
        }
    }
}
