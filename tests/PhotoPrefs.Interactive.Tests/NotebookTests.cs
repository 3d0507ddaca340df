using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.DotNet.Interactive.Documents;
using PhotoPrefs.Interactive.Notebooks;
using PhotoPrefs.Testing;

namespace PhotoPrefs.Interactive.Tests;

/// <summary>Where the repository, its notebooks and the build that they load lie.</summary>
internal static class NotebookPaths
{
    public static string Repository()
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

    /// <summary>The course notebooks, in order.</summary>
    public static List<string> CourseNotebooks() =>
        Directory.GetFiles(Path.Combine(Repository(), "notebooks"), "*.ipynb").Order(StringComparer.Ordinal).ToList();

    /// <summary>The number of the notebook that runs the three-user study.</summary>
    public const string StudyNotebook = "11";

    /// <summary>The library build that the notebooks' first cell loads (every assembly and native library in one folder).</summary>
    public static string LibraryBuild => Path.Combine(Repository(), "lib", "PhotoPrefs.Interactive", "bin", "Debug", "net10.0", "PhotoPrefs.Interactive.dll");

    /// <summary>A notebook of C# cells.</summary>
    public static InteractiveDocument Notebook(params string[] cells) =>
        new(cells.Select(c => new InteractiveDocumentElement(c, "csharp")).ToList());

    /// <summary>The text/html of a cell's outputs, joined.</summary>
    public static string Html(InteractiveDocumentElement cell) => string.Concat(cell.Outputs.Select(o => o switch
    {
        DisplayElement d when d.Data.TryGetValue("text/html", out var h) => NotebookFile.Text(h),
        ReturnValueElement r when r.Data.TryGetValue("text/html", out var h) => NotebookFile.Text(h),
        _ => "",
    }));

    /// <summary>Every cell's text/html, joined.</summary>
    public static string Html(InteractiveDocument notebook) => string.Concat(notebook.Elements.Select(Html));

    /// <summary>
    /// For each chart (<c>div.pp-chart</c>) on an open page, which of its figures are visible: 1 the static SVG only,
    /// 2 the interactive chart only, 3 both, 0 neither.
    /// </summary>
    public static async Task<int[]> VisibleFiguresAsync(Microsoft.Playwright.IPage page) => await page.EvaluateAsync<int[]>("""
        () => Array.from(document.querySelectorAll('.pp-chart')).map(c => {
          const seen = e => !!e && e.getClientRects().length > 0 && e.getBoundingClientRect().height > 20 && getComputedStyle(e).visibility !== 'hidden';
          return (seen(c.querySelector('.pp-static > svg')) ? 1 : 0) + (seen(c.querySelector('.pp-plot .main-svg')) ? 2 : 0);
        })
        """);

    /// <summary>The outputs of a notebook that show a chart: those whose HTML holds a <c>div.pp-chart</c>.</summary>
    public static List<IDictionary<string, object>> ChartOutputs(InteractiveDocument notebook) => notebook.Elements.SelectMany(c => c.Outputs).Select(o => o switch
    {
        DisplayElement d => d.Data,
        ReturnValueElement r => r.Data,
        _ => null,
    }).Where(d => d is not null && d.TryGetValue("text/html", out var h) && NotebookFile.Text(h).Contains("<div class=\"pp-chart\">", StringComparison.Ordinal)).ToList()!;

    /// <summary>
    /// Converts executed notebooks with <c>jupyter nbconvert --to html</c> and opens each page offline in chromium:
    /// with scripts blocked, every chart output of the notebook (each of which must hold <c>image/svg+xml</c>) shows
    /// its static SVG; with scripts, each shows exactly one figure, the interactive one, drawn from the notebook's own
    /// plotly.js.
    /// </summary>
    /// <param name="executed">Executed <c>.ipynb</c> files.</param>
    /// <returns>The number of chart outputs per notebook file name.</returns>
    public static async Task<Dictionary<string, int>> AssertNbConvertHtmlShowsEveryChartAsync(IReadOnlyList<string> executed)
    {
        var dir = Path.GetDirectoryName(executed[0])!;
        var (code, output) = await JupyterKernelTests.JupyterAsync(dir, ["nbconvert", "--to", "html", .. executed.Select(Path.GetFileName)!]);
        Assert.True(code == 0, $"jupyter nbconvert --to html exited with {code}:\n{output[^Math.Min(output.Length, 4000)..]}");
        var counts = new Dictionary<string, int>();
        var (pw, browser) = await Browser.LaunchAsync();
        using (pw)
        {
            await using (browser)
            {
                foreach (var file in executed)
                {
                    var name = Path.GetFileName(file);
                    var charts = ChartOutputs(NotebookFile.Load(file));
                    Assert.All(charts, d => Assert.StartsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"", NotebookFile.Text(d.TryGetValue("image/svg+xml", out var svg) ? svg : null), StringComparison.Ordinal));
                    counts[name] = charts.Count;
                    var page = Path.ChangeExtension(file, ".html");
                    var (still, _) = await Browser.OpenAsync(browser, new Uri(page).AbsoluteUri, offline: true, scripts: false);
                    var figures = await VisibleFiguresAsync(still);
                    Assert.True(figures.Length == charts.Count && figures.All(f => f == 1), $"{name}, scripts blocked: {charts.Count} chart outputs, figures seen [{string.Join(", ", figures)}]");
                    await still.Context.CloseAsync();
                    var (live, _) = await Browser.OpenAsync(browser, new Uri(page).AbsoluteUri, offline: true);
                    if (charts.Count > 0)
                    {
                        await live.WaitForFunctionAsync($"() => document.querySelectorAll('.pp-chart .pp-plot .main-svg').length > 0 && Array.from(document.querySelectorAll('.pp-chart .pp-static')).every(s => s.style.display === 'none')", null, new() { Timeout = 60_000 });
                    }

                    figures = await VisibleFiguresAsync(live);
                    Assert.True(figures.Length == charts.Count && figures.All(f => f == 2), $"{name}, offline with scripts: {charts.Count} chart outputs, figures seen [{string.Join(", ", figures)}]");
                    await live.Context.CloseAsync();
                }
            }
        }

        return counts;
    }

    /// <summary>Opens each page offline in chromium: every chart (<c>div.pp-plot</c>) must draw in place of its static figure, with no console error.</summary>
    /// <param name="pages">HTML files.</param>
    /// <returns>A task.</returns>
    public static async Task AssertPagesDrawOfflineAsync(IEnumerable<string> pages)
    {
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
                        var figures = await VisibleFiguresAsync(p);
                        Assert.True(figures.All(f => f == 2), $"{Path.GetFileName(page)}: figures seen [{string.Join(", ", figures)}]");
                    }

                    Assert.True(errors.Count == 0, $"{Path.GetFileName(page)}: {string.Join("; ", errors)}");
                    await p.Context.CloseAsync();
                }
            }
        }
    }

    /// <summary>Everything a notebook shows as text: HTML, plain text and printed output.</summary>
    public static string Shown(InteractiveDocument notebook) => string.Concat(notebook.Elements.SelectMany(cell => cell.Outputs).Select(o => o switch
    {
        DisplayElement d => string.Concat(d.Data.Where(kv => kv.Key.StartsWith("text/", StringComparison.Ordinal)).Select(kv => NotebookFile.Text(kv.Value))),
        ReturnValueElement r => string.Concat(r.Data.Where(kv => kv.Key.StartsWith("text/", StringComparison.Ordinal)).Select(kv => NotebookFile.Text(kv.Value))),
        TextElement t => t.Text,
        _ => "",
    }));

    /// <summary>The course's key outputs: the quality extremes, the eigen-photos, the labeling page, similar photos by embedding, the k sweep, the FixMatch curves and views, the confusion matrix, the suggestions.</summary>
    public static void AssertKeyOutputs(IReadOnlyDictionary<string, InteractiveDocument> executed)
    {
        Assert.Contains("<h4>lowest sharpness</h4>", Html(executed["01"]), StringComparison.Ordinal);
        Assert.Contains("<figcaption>component 1</figcaption>", Html(executed["02"]), StringComparison.Ordinal);
        Assert.Contains("alt='the labeling page' src='data:image/png;base64,", Html(executed["04"]), StringComparison.Ordinal);
        Assert.Contains("the most similar, by embedding", Html(executed["09"]), StringComparison.Ordinal);
        Assert.Contains("\"xaxis\":{\"title\":{\"text\":\"k (clusters)\"}", Html(executed["03"]), StringComparison.Ordinal);
        var fixmatch = Html(executed["05"]);
        Assert.Contains("strong: ", fixmatch, StringComparison.Ordinal);
        Assert.Contains("mask rate", fixmatch, StringComparison.Ordinal);
        Assert.Contains("labeled loss", fixmatch, StringComparison.Ordinal);
        var evaluation = Html(executed["06"]);
        Assert.Contains("\"type\":\"heatmap\"", evaluation, StringComparison.Ordinal);
        Assert.Contains("predicted delete", evaluation, StringComparison.Ordinal);
        // The study's protocol for one user, its seed 0 redone by hand, and the mistakes as pictures with p(delete).
        Assert.Contains("seed 0: p(delete) of the 50 test photos: 50 values agree", Shown(executed["06"]), StringComparison.Ordinal);
        Assert.Matches("false positives: J keeps them.*<img alt=\"\"[^>]*src=\"data:image/jpeg;base64,[^\"]+\"><figcaption>[^<]+<br>p\\(delete\\) 0\\.\\d\\d, seed \\d<br>", evaluation);
        Assert.Contains("false negatives: J deletes them", evaluation, StringComparison.Ordinal);
        Assert.Contains("p(delete)", Html(executed["07"]), StringComparison.Ordinal);
        var duplicates = Html(executed["08"]);
        Assert.Contains("<b>Copy</b>: keep", duplicates, StringComparison.Ordinal);
        Assert.Contains("<b>Burst</b>: keep", duplicates, StringComparison.Ordinal);
        Assert.Contains("found in the album", duplicates, StringComparison.Ordinal);
        Assert.Contains("the 8 nearest photo ids", Shown(executed["09"]), StringComparison.Ordinal);
        var active = Html(executed["10"]);
        Assert.Contains("+ 15 most uncertain", active, StringComparison.Ordinal);
        Assert.Matches("least sure of: J's next labels</h4><div[^>]*><figure[^>]*><img alt=\"\"[^>]*src=\"data:image/jpeg;base64,[^\"]+\"><figcaption>[^<]+<br>p\\(delete\\) 0\\.\\d{3}<br>J would (keep|delete) it", active);
        Assert.Matches("least sure of, to label next</h4><div[^>]*>(<figure.*?</figure>){15}</div>", active);
        // Paths are shown relative to the album or the workspace, never where the repository lies.
        foreach (var (name, notebook) in executed)
        {
            Assert.False(Shown(notebook).Contains(Repository(), StringComparison.Ordinal), $"notebook {name} shows an absolute path");
        }

        // Every stage notebook has its from-scratch cells, and they agreed with the library (a disagreement stops the run).
        foreach (var stage in new[] { "01", "02", "03", "04", "05", "06", "07", "08", "09", "10" })
        {
            Assert.True(Shown(executed[stage]).Contains(" with the library, largest difference", StringComparison.Ordinal), $"notebook {stage} has no from-scratch check");
        }
    }

    /// <summary>
    /// The study notebook's outputs: its charts and findings for the sample album and the real-photo album, and, for the
    /// sample album, F1 and precision equal to those of <c>photoprefs study --users J,F,C --seeds 3 --json</c>, the
    /// command run here once in the notebooks' workspace (so the embeddings they stored are reused).
    /// </summary>
    /// <param name="study">The executed study notebook.</param>
    /// <param name="workspace">The workspace the notebooks used.</param>
    /// <returns>A task.</returns>
    public static async Task AssertStudyAsync(InteractiveDocument study, string workspace)
    {
        var html = Html(study);
        foreach (var title in new[] { "FixMatch on the sample album: F1 and precision per user, 3 seeds", "F1 of FixMatch and its ablations on the sample album", "Precision of FixMatch and its ablations on the sample album", "FixMatch on the real-photo album: F1 and precision per user" })
        {
            Assert.Contains($"\"title\":{{\"text\":\"{title}", html, StringComparison.Ordinal);
        }

        Assert.Contains("\"error_y\":{\"type\":\"data\"", html, StringComparison.Ordinal);
        Assert.Contains("<table class=\"pp-study\" data-album=\"763852b104fcd295\"", html, StringComparison.Ordinal);
        Assert.Equal(2, Regex.Count(html, "<li>FixMatch gains over supervised only for [^;]+; over 45 random labels for "));
        Assert.DoesNotContain(Repository(), Shown(study), StringComparison.Ordinal);

        using var command = JsonDocument.Parse(await StudyCommandJsonAsync(workspace));
        var root = command.RootElement;
        var fingerprint = root.GetProperty("album").GetProperty("fingerprint").GetString();
        int start = html.IndexOf($"<table class=\"pp-study\" data-album=\"{fingerprint}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"the study notebook shows no study table of the album {fingerprint}");
        var table = html[start..html.IndexOf("</table>", start, StringComparison.Ordinal)];
        var rows = Regex.Matches(table, "<tr data-user=\"([^\"]*)\" data-variant=\"([^\"]*)\" data-f1-mean=\"([^\"]*)\" data-precision-mean=\"([^\"]*)\" data-f1-per-seed=\"([^\"]*)\"")
            .ToDictionary(m => (m.Groups[1].Value, m.Groups[2].Value), m => (F1: Number(m.Groups[3].Value), Precision: Number(m.Groups[4].Value), PerSeed: m.Groups[5].Value.Split(',').Select(Number).ToArray()));
        // The command's JSON rounds to 4 decimals (StudyJson): the notebook's values, rounded alike, must be equal.
        var users = root.GetProperty("users").EnumerateObject().ToList();
        Assert.Equal(["J", "F", "C"], users.Select(u => u.Name));
        int variants = 0;
        foreach (var user in users)
        {
            var main = rows[(user.Name, "fixmatch")];
            Assert.Equal(user.Value.GetProperty("f1_per_seed").EnumerateArray().Select(x => x.GetDouble()), main.PerSeed.Select(Round4));
            Assert.Equal(user.Value.GetProperty("f1_mean").GetDouble(), Round4(main.F1));
            Assert.Equal(user.Value.GetProperty("precision_mean").GetDouble(), Round4(main.Precision));
            var ablations = user.Value.GetProperty("ablations").EnumerateObject().ToList();
            Assert.Subset(ablations.Select(a => a.Name).ToHashSet(), new HashSet<string> { "supervised_only", "random_labels", "tuned_threshold" });
            foreach (var a in ablations)
            {
                var row = rows[(user.Name, a.Name)];
                Assert.Equal(a.Value.GetProperty("f1_mean").GetDouble(), Round4(row.F1));
                Assert.Equal(a.Value.GetProperty("precision_mean").GetDouble(), Round4(row.Precision));
            }

            variants += 1 + ablations.Count;
        }

        Assert.Equal(variants, rows.Count);

        static double Number(string s) => double.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
        static double Round4(double x) => Math.Round(x, 4);
    }

    // `photoprefs study --users J,F,C --seeds 3 --json` on the sample album (the command's default), as a person runs it.
    private static async Task<string> StudyCommandJsonAsync(string workspace)
    {
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = Repository(), RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "photoprefs.dll"), "study", "--users", "J,F,C", "--seeds", "3", "--json", "--workspace", workspace })
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await process.WaitForExitAsync(limit.Token);
        Assert.True(process.ExitCode == 0, $"photoprefs study exited with {process.ExitCode}: {await stderr}");
        return (await stdout).Split('\n').Last(line => line.StartsWith('{'));
    }
}

/// <summary>The runner itself: state across cells, display, errors with their cell number.</summary>
public sealed class NotebookRunnerTests
{
    private static string Reference => $"#r \"{typeof(Charts).Assembly.Location}\"";

    [Fact]
    public async Task State_carries_between_cells_and_values_are_displayed()
    {
        var nb = NotebookPaths.Notebook(
            "var x = 20;\nConsole.WriteLine(\"hello\");",
            "x + 22",
            Reference + "\nPhotoPrefs.Interactive.NotebookFormatters.Register();\ndisplay(new PhotoPrefs.Evaluation.ConfusionMatrix(1, 2, 3, 4));\ndisplay(HTML(\"<b>bold</b>\"));",
            "display(HTML(\"<i>later</i>\"));");
        var run = await NotebookRunner.RunAsync(nb, Path.GetTempPath());
        Assert.True(run.Succeeded, run.Error);
        // The cell compiled before Register may carry the kernel's assembly-unification warning; later cells do not.
        Assert.Equal("<i>later</i>", NotebookFile.Text(Assert.IsType<DisplayElement>(Assert.Single(nb.Elements[3].Outputs)).Data["text/html"]));
        var stdout = Assert.IsType<TextElement>(Assert.Single(nb.Elements[0].Outputs));
        Assert.Equal(("stdout", "hello\n"), (stdout.Name, stdout.Text));
        var result = Assert.IsType<ReturnValueElement>(Assert.Single(nb.Elements[1].Outputs));
        Assert.Equal(2, result.ExecutionOrder);
        Assert.Contains("<pre>42</pre>", NotebookFile.Text(result.Data["text/html"]), StringComparison.Ordinal);
        // Register shows plotly.js once in a kernel; the confusion matrix is one output with its SVG and its HTML.
        var shown = nb.Elements[2].Outputs.OfType<DisplayElement>().ToList();
        Assert.Equal(3, shown.Count);
        Assert.StartsWith("<div class=\"pp-plotly-js\"", NotebookFile.Text(shown[0].Data["text/html"]), StringComparison.Ordinal);
        Assert.Contains("newPlot", NotebookFile.Text(shown[1].Data["text/html"]), StringComparison.Ordinal);
        Assert.Contains("<div class=\"pp-static\"><svg", NotebookFile.Text(shown[1].Data["text/html"]), StringComparison.Ordinal);
        Assert.StartsWith("<svg xmlns=", NotebookFile.Text(shown[1].Data["image/svg+xml"]), StringComparison.Ordinal);
        Assert.Equal("<b>bold</b>", NotebookFile.Text(shown[2].Data["text/html"]));
        var page = NotebookHtml.Render(nb, "t");
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(page, "plotly.js v"));
        Assert.DoesNotContain("pp-plotly-js", page, StringComparison.Ordinal);
        Assert.Contains("<div class=\"pp-chart\">", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_chart_in_the_runner_is_one_output_with_svg_and_html_and_register_brings_plotly_js()
    {
        // Twice in one process: the second notebook's kernel gets its own copy of plotly.js too.
        for (int run = 0; run < 2; run++)
        {
            var nb = NotebookPaths.Notebook(Reference + "\nPhotoPrefs.Interactive.NotebookFormatters.Register();", "PhotoPrefs.Interactive.Charts.Histogram(new double[] { 1, 2, 2, 3 }, \"sizes\", \"bytes\")");
            var result = await NotebookRunner.RunAsync(nb, Path.GetTempPath());
            Assert.True(result.Succeeded, result.Error);
            Assert.StartsWith("<div class=\"pp-plotly-js\"", NotebookPaths.Html(nb.Elements[0]), StringComparison.Ordinal);
            var value = Assert.IsType<ReturnValueElement>(Assert.Single(nb.Elements[1].Outputs));
            Assert.Contains("text/html", value.Data.Keys);
            Assert.StartsWith("<svg xmlns=", NotebookFile.Text(value.Data["image/svg+xml"]), StringComparison.Ordinal);
            Assert.DoesNotContain("pp-plotly-js", NotebookPaths.Html(nb.Elements[1]), StringComparison.Ordinal);
            Assert.Single(NotebookPaths.ChartOutputs(nb));
        }
    }

    [Theory]
    [InlineData("int y = ;", "CompilationError", "CS1525")]
    [InlineData("throw new InvalidOperationException(\"boom\");", "InvalidOperationException", "boom")]
    [InlineData("File.Exists(\"x\")", "CompilationError", "'File' does not exist")]
    [InlineData("#!nosuchmagic\nvar z = 1;", "Error", "#!nosuchmagic")]
    public async Task A_failing_cell_stops_the_run_with_its_number(string bad, string ename, string said)
    {
        var nb = new InteractiveDocument(
        [
            new InteractiveDocumentElement("# a heading", "markdown"),
            new InteractiveDocumentElement("var ok = 1;", "csharp"),
            new InteractiveDocumentElement(bad, "csharp"),
            new InteractiveDocumentElement("var never = 2;", "csharp"),
        ]);
        var run = await NotebookRunner.RunAsync(nb, Path.GetTempPath());
        Assert.False(run.Succeeded);
        Assert.Equal(3, run.FailedCell);
        Assert.StartsWith("cell 3: " + ename, run.Error, StringComparison.Ordinal);
        var error = Assert.IsType<ErrorElement>(nb.Elements[2].Outputs[^1]);
        Assert.Equal(ename, error.ErrorName);
        Assert.Contains(said, error.ErrorValue, StringComparison.Ordinal);
        Assert.Empty(nb.Elements[3].Outputs);
    }

    [Fact]
    public async Task Parameters_and_headless_hold_only_while_the_runner_runs()
    {
        var nb = NotebookPaths.Notebook(Reference + "\nConsole.Write($\"{PhotoPrefs.Interactive.Course.Parameter(\"user\", \"J\")} {PhotoPrefs.Interactive.Course.Headless}\");");
        var run = await NotebookRunner.RunAsync(nb, Path.GetTempPath(), new Dictionary<string, string> { ["user"] = "F" });
        Assert.True(run.Succeeded, run.Error);
        Assert.Equal("F True", Assert.IsType<TextElement>(nb.Elements[0].Outputs[^1]).Text);
        Assert.Equal("J", Course.Parameter("user", "J"));
    }

    [Fact]
    public void A_file_that_is_not_a_notebook_is_refused_clearly()
    {
        var tmp = Path.Combine(Path.GetTempPath(), $"pp-not-a-notebook-{Guid.NewGuid():N}.ipynb");
        File.WriteAllText(tmp, "{\"cells\": 3}");
        try
        {
            var e = Assert.Throws<PhotoPrefsException>(() => NotebookFile.Load(tmp));
            Assert.Contains("not an nbformat 4 notebook", e.Message, StringComparison.Ordinal);
            File.WriteAllText(tmp, "{ not json");
            Assert.Contains("invalid JSON", Assert.Throws<PhotoPrefsException>(() => NotebookFile.Load(tmp)).Message, StringComparison.Ordinal);
            Assert.Contains("not found", Assert.Throws<PhotoPrefsException>(() => NotebookFile.Load(tmp + ".missing")).Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(tmp);
        }
    }
}

/// <summary>Every course notebook's student version (no answer cells) runs in the runner on data-sample, shows what it teaches, and its HTML draws offline without errors.</summary>
public sealed class CourseNotebookTests
{
    [Fact]
    public async Task Every_notebooks_student_version_runs_in_the_runner_and_its_html_draws_offline()
    {
        var notebooks = NotebookPaths.CourseNotebooks();
        Assert.True(notebooks.Count >= 11, "the course has at least eleven notebooks");
        var tmp = Directory.CreateTempSubdirectory("pp-course-");
        Environment.SetEnvironmentVariable("PHOTOPREFS_COURSE_WORKSPACE", Path.Combine(tmp.FullName, "ws"));
        try
        {
            var pages = new List<string>();
            var executed = new Dictionary<string, InteractiveDocument>();
            int answers = 0;
            // The study notebook trains eight times five models per user and seed, three users and three seeds: the
            // Jupyter run executes it and checks its numbers against the command's; the runner leaves it out, to keep
            // the suite's time (its cells are plain C# the runner runs like any other).
            foreach (var file in notebooks.Where(f => !Path.GetFileName(f).StartsWith(NotebookPaths.StudyNotebook + "-", StringComparison.Ordinal)))
            {
                // The runner executes the student version (the answers left out); the Jupyter test below runs the committed one.
                var committed = File.ReadAllText(file);
                answers += StudentNotebook.CountSolutions(committed);
                var student = StudentNotebook.Strip(committed);
                Assert.Equal(0, StudentNotebook.CountSolutions(student));
                var nb = NotebookFile.Parse(student);
                Assert.Equal(NotebookFile.Parse(committed).Elements.Count - StudentNotebook.CountSolutions(committed), nb.Elements.Count);
                var kernelspec = (IDictionary<string, object>)nb.Metadata["kernelspec"];
                Assert.Equal(".net-csharp", kernelspec["name"]);
                var run = await NotebookRunner.RunAsync(nb, Path.GetDirectoryName(file)!, new Dictionary<string, string> { ["user"] = "J" });
                Assert.True(run.Succeeded, $"{Path.GetFileName(file)}: {run.Error}");
                executed[Path.GetFileName(file)[..2]] = nb;
                var page = Path.Combine(tmp.FullName, Path.GetFileNameWithoutExtension(file) + ".html");
                File.WriteAllText(page, NotebookHtml.Render(nb, Path.GetFileName(file)));
                pages.Add(page);
            }

            Assert.True(answers >= 10, $"the course notebooks hold {answers} answer cells tagged solution");
            NotebookPaths.AssertKeyOutputs(executed);
            await NotebookPaths.AssertPagesDrawOfflineAsync(pages);
        }
        finally
        {
            Environment.SetEnvironmentVariable("PHOTOPREFS_COURSE_WORKSPACE", null);
            SqliteConnection.ClearAllPools();
            tmp.Delete(true);
        }
    }
}

/// <summary>
/// The notebooks where teachers run them: Jupyter's .NET kernel (the dotnet tool Microsoft.dotnet-interactive,
/// kernel spec <c>.net-csharp</c>) driven by <c>jupyter nbconvert --execute</c>, as installed by
/// tests/tools/install-test-tools.sh.
/// </summary>
public sealed class JupyterKernelTests
{
    // The kernel spec starts `dotnet interactive`, which dotnet finds among the global tools.
    private static string DotnetTools => Path.Combine(Environment.GetEnvironmentVariable("DOTNET_CLI_HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools");

    private static Task<(int Code, string Output)> NbConvertAsync(string workingDirectory, string outputDirectory, IEnumerable<string> notebooks, string workspace) =>
        JupyterAsync(workingDirectory, ["nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.kernel_name=.net-csharp", "--ExecutePreprocessor.timeout=900", "--output-dir", outputDirectory, .. notebooks], workspace);

    /// <summary>Runs <c>jupyter</c> with the arguments, the .NET kernel on its PATH, headless, as user J.</summary>
    public static async Task<(int Code, string Output)> JupyterAsync(string workingDirectory, IEnumerable<string> arguments, string? workspace = null)
    {
        var psi = new ProcessStartInfo("jupyter") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH") + Path.PathSeparator + DotnetTools;
        psi.Environment["PHOTOPREFS_HEADLESS"] = "1";
        psi.Environment["PHOTOPREFS_PARAM_USER"] = "J";
        if (workspace is not null)
        {
            psi.Environment["PHOTOPREFS_COURSE_WORKSPACE"] = workspace;
        }

        Process process;
        try
        {
            process = Process.Start(psi)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("jupyter not found: run tests/tools/install-test-tools.sh (the README's test command does)", e);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, await stdout + await stderr);
        }
    }

    private static List<ErrorElement> Errors(InteractiveDocument nb) => nb.Elements.SelectMany(c => c.Outputs).OfType<ErrorElement>().ToList();

    [Fact]
    public async Task Every_course_notebook_runs_in_jupyters_dotnet_kernel_and_its_html_draws_offline()
    {
        Assert.True(File.Exists(NotebookPaths.LibraryBuild), $"the notebooks load {NotebookPaths.LibraryBuild}: build the solution in Debug first");
        var notebooks = NotebookPaths.CourseNotebooks();
        var tmp = Directory.CreateTempSubdirectory("pp-jupyter-");
        try
        {
            var (code, output) = await NbConvertAsync(Path.Combine(NotebookPaths.Repository(), "notebooks"), tmp.FullName, notebooks.Select(Path.GetFileName)!, Path.Combine(tmp.FullName, "ws"));
            Assert.True(code == 0, $"jupyter nbconvert exited with {code}:\n{output[^Math.Min(output.Length, 4000)..]}");
            var executed = new Dictionary<string, InteractiveDocument>();
            var pages = new List<string>();
            foreach (var file in notebooks)
            {
                var nb = NotebookFile.Load(Path.Combine(tmp.FullName, Path.GetFileName(file)));
                Assert.Empty(Errors(nb));
                Assert.All(nb.Elements.Where(c => !NotebookFile.IsMarkdown(c)), c => Assert.True(c.ExecutionOrder > 0, $"{Path.GetFileName(file)}: a cell did not run"));
                executed[Path.GetFileName(file)[..2]] = nb;
                var page = Path.Combine(tmp.FullName, Path.GetFileNameWithoutExtension(file) + ".html");
                File.WriteAllText(page, NotebookHtml.Render(nb, Path.GetFileName(file)));
                pages.Add(page);
            }

            NotebookPaths.AssertKeyOutputs(executed);
            await NotebookPaths.AssertStudyAsync(executed[NotebookPaths.StudyNotebook], Path.Combine(tmp.FullName, "ws"));
            await NotebookPaths.AssertPagesDrawOfflineAsync(pages);

            // The same executed notebooks as Jupyter exports them: every chart shows, offline, with or without scripts.
            var charts = await NotebookPaths.AssertNbConvertHtmlShowsEveryChartAsync(notebooks.Select(f => Path.Combine(tmp.FullName, Path.GetFileName(f))).ToList());
            foreach (var stage in new[] { "01", "02", "03", "05", "06", "09" })
            {
                Assert.True(charts.Single(kv => kv.Key.StartsWith(stage, StringComparison.Ordinal)).Value > 0, $"notebook {stage} shows no chart");
            }

            // The kernel's compiler reports no assembly unification (CS1701) in any cell.
            Assert.All(executed, kv => Assert.DoesNotContain("CS1701", NotebookPaths.Shown(kv.Value) + string.Concat(kv.Value.Elements.SelectMany(c => c.Outputs).OfType<TextElement>().Select(t => t.Text)), StringComparison.Ordinal));
        }
        finally
        {
            tmp.Delete(true);
        }
    }

    [Fact]
    public async Task A_notebook_run_in_jupyter_and_exported_to_html_shows_each_chart_offline_with_or_without_scripts()
    {
        var cells = new[]
        {
            $"#r \"{NotebookPaths.LibraryBuild}\"\nusing PhotoPrefs.Interactive;\nNotebookFormatters.Register();",
            "Charts.Histogram(new double[] { 1, 2, 2, 3, 5, 8 }, \"sizes\", \"bytes\")",
            "display(new PhotoPrefs.Evaluation.ConfusionMatrix(5, 2, 30, 3));\ndisplay(Charts.ExplainedVariance(new[] { 0.5, 0.3, 0.1 }));",
            "Console.WriteLine(\"no chart here\");",
        };
        var tmp = Directory.CreateTempSubdirectory("pp-figures-");
        try
        {
            var doc = NotebookPaths.Notebook(cells);
            doc.Metadata["kernelspec"] = new Dictionary<string, object> { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" };
            NotebookFile.Save(doc, Path.Combine(tmp.FullName, "figures.ipynb"));
            var outDir = Path.Combine(tmp.FullName, "out");
            var (code, output) = await NbConvertAsync(tmp.FullName, outDir, ["figures.ipynb"], Path.Combine(tmp.FullName, "ws"));
            Assert.True(code == 0, output);
            var executed = Path.Combine(outDir, "figures.ipynb");
            Assert.Equal(3, NotebookPaths.ChartOutputs(NotebookFile.Load(executed)).Count);
            var counts = await NotebookPaths.AssertNbConvertHtmlShowsEveryChartAsync([executed]);
            Assert.Equal(3, counts["figures.ipynb"]);
            Assert.DoesNotContain("CS1701", File.ReadAllText(executed), StringComparison.Ordinal);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            tmp.Delete(true);
        }
    }

    [Fact]
    public async Task The_runner_and_jupyter_give_a_cell_the_same_outputs()
    {
        var cells = new[]
        {
            $"#r \"{NotebookPaths.LibraryBuild}\"\nusing PhotoPrefs.Interactive;\nNotebookFormatters.Register();",
            "Console.WriteLine(\"hello\");\ndisplay(new PhotoPrefs.Evaluation.ConfusionMatrix(1, 2, 3, 4));\n6 * 7",
            "new[] { 1, 2, 3 }",
            "\"plain text\"",
            "throw new InvalidOperationException(\"boom\");",
        };
        var tmp = Directory.CreateTempSubdirectory("pp-same-");
        try
        {
            var file = Path.Combine(tmp.FullName, "same.ipynb");
            var doc = NotebookPaths.Notebook(cells);
            doc.Metadata["kernelspec"] = new Dictionary<string, object> { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" };
            NotebookFile.Save(doc, file);
            var viaRunner = NotebookFile.Load(file);
            var run = await NotebookRunner.RunAsync(viaRunner, tmp.FullName);
            Assert.Equal(5, run.FailedCell);

            var outDir = Path.Combine(tmp.FullName, "out");
            var (code, output) = await NbConvertAsync(tmp.FullName, outDir, ["same.ipynb", "--allow-errors"], Path.Combine(tmp.FullName, "ws"));
            Assert.True(code == 0, output);
            var viaJupyter = NotebookFile.Load(Path.Combine(outDir, "same.ipynb"));

            // Cell 1 differs by design: Jupyter's front end adds its bootstrap script to the first output.
            for (int i = 1; i < cells.Length; i++)
            {
                Assert.Equal(Shape(viaRunner.Elements[i]), Shape(viaJupyter.Elements[i]));
            }

            Assert.Contains("newPlot", NotebookPaths.Html(viaJupyter.Elements[1]), StringComparison.Ordinal);
            Assert.Single(NotebookPaths.ChartOutputs(viaJupyter));
            Assert.Contains("image/svg+xml", Assert.Single(viaJupyter.Elements[1].Outputs.OfType<DisplayElement>(), d => d.Data.ContainsKey("text/html")).Data.Keys);
        }
        finally
        {
            tmp.Delete(true);
        }
    }

    [Fact]
    public async Task The_labeling_widget_in_a_jupyter_kernels_output_saves_a_click()
    {
        var tmp = Directory.CreateTempSubdirectory("pp-widget-");
        var album = Path.Combine(tmp.FullName, "album");
        Directory.CreateDirectory(album);
        for (int i = 0; i < 3; i++)
        {
            File.WriteAllBytes(Path.Combine(album, $"p{i}.jpg"), TestImages.Jpeg(120, 90, i));
        }

        // Debian's python3 has jupyter_client (installed with jupyter-nbconvert); another python3 may come first on PATH.
        var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
        var psi = new ProcessStartInfo(python) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(NotebookPaths.Repository(), "tests", "tools", "kernel_session.py"));
        psi.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH") + Path.PathSeparator + DotnetTools;
        using var session = Process.Start(psi)!;
        var stderr = session.StandardError.ReadToEndAsync();
        async Task<System.Text.Json.Nodes.JsonNode> Cell(string code)
        {
            await session.StandardInput.WriteLineAsync(new System.Text.Json.Nodes.JsonObject { ["code"] = code }.ToJsonString());
            await session.StandardInput.FlushAsync();
            var line = await session.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(5));
            if (line is null)
            {
                Assert.Fail("the kernel session ended: " + await stderr);
            }

            var reply = System.Text.Json.Nodes.JsonNode.Parse(line)!;
            Assert.True(reply["status"]!.GetValue<string>() == "ok", $"{code}\n=> {line}");
            return reply;
        }

        try
        {
            await Cell($"#r \"{NotebookPaths.LibraryBuild}\"\n#r \"{Path.Combine(Path.GetDirectoryName(NotebookPaths.LibraryBuild)!, "PhotoPrefs.Web.dll")}\"\nusing PhotoPrefs.Albums;\nusing PhotoPrefs.Store;\nusing PhotoPrefs.Web.Labeling;");
            var shown = await Cell($"var ws = Workspace.Open(@\"{Path.Combine(tmp.FullName, "ws")}\");\nAlbumImporter.Import(@\"{album}\", ws);\nvar server = await LabelingServer.StartAsync(ws, \"T\");\ndisplay(HTML(server.InlineHtml()));");
            var html = shown["outputs"]!.AsArray().Select(o => o!["data"]?["text/html"]?.GetValue<string>()).Single(h => h is not null && h.Contains("pp-labeling", StringComparison.Ordinal))!;

            // The output as a front end shows it: the cell's HTML in a page; its frame is served by the kernel.
            var page = Path.Combine(tmp.FullName, "output.html");
            File.WriteAllText(page, "<!DOCTYPE html><html><body>" + html + "</body></html>");
            var (pw, browser) = await Browser.LaunchAsync();
            using (pw)
            {
                await using (browser)
                {
                    var (p, errors) = await Browser.OpenAsync(browser, new Uri(page).AbsoluteUri, offline: false);
                    var frame = p.FrameLocator("iframe.pp-labeling");
                    await Microsoft.Playwright.Assertions.Expect(frame.Locator("#file")).Not.ToBeEmptyAsync(new() { Timeout = 30_000 });
                    await frame.Locator("#delete").ClickAsync();
                    await Microsoft.Playwright.Assertions.Expect(frame.Locator("#status")).ToContainTextAsync("saved", new() { Timeout = 30_000 });
                    Assert.Empty(errors);
                }
            }

            var counted = await Cell("Console.Write($\"deleted {LabelStore.Get(ws, \"T\").Values.Count(l => l == PhotoLabel.Delete)}\");");
            Assert.Contains("deleted 1", counted["outputs"]!.AsArray().Select(o => o!["text"]?.GetValue<string>()), StringComparer.Ordinal);
        }
        finally
        {
            session.StandardInput.Close();
            if (!session.WaitForExit(60_000))
            {
                session.Kill(entireProcessTree: true);
            }

            SqliteConnection.ClearAllPools();
            tmp.Delete(true);
        }
    }

    /// <summary>A cell's outputs as comparable text: kind, mime type and content (compiler warnings left out, line ends unified, errors by what they say).</summary>
    private static List<string> Shape(InteractiveDocumentElement cell) => cell.Outputs.SelectMany(o => o switch
    {
        TextElement { Name: "stderr" } => [],
        TextElement t => [$"{t.Name}: {t.Text}"],
        // An output's formats in order of their names (Jupyter writes them so).
        DisplayElement d => d.Data.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"display {kv.Key}: {Unify(NotebookFile.Text(kv.Value))}"),
        ReturnValueElement r => r.Data.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"value {kv.Key}: {Unify(NotebookFile.Text(kv.Value))}"),
        // Jupyter's front end names every error "Error" and puts the whole exception in its value.
        ErrorElement e => [$"error mentions boom: {e.ErrorValue.Contains("boom", StringComparison.Ordinal)}"],
        _ => [o.GetType().Name],
    }).ToList();

    // Jupyter's front end gives some outputs a fresh GUID.
    private static string Unify(string s) => System.Text.RegularExpressions.Regex.Replace(s.Replace("\r\n", "\n", StringComparison.Ordinal), "[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}", "GUID");
}
