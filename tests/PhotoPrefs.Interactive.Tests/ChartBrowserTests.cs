using PhotoPrefs.Clustering;
using PhotoPrefs.Evaluation;
using PhotoPrefs.Testing;

namespace PhotoPrefs.Interactive.Tests;

/// <summary>Charts drawn by a real browser, offline, with no console errors: interactive with scripts, static without.</summary>
public sealed class ChartBrowserTests
{
    [Fact]
    public async Task An_offline_page_draws_every_chart_without_console_errors()
    {
        var dir = Directory.CreateTempSubdirectory("pp-chart-");
        try
        {
            var scores = new List<KScore> { new(2, 10, 0.3, 1.2, 50, true), new(3, 8, 0.5, 0.9, 60, true) };
            var page = ChartHtml.Page("charts", Charts.ClusterSweep(scores, 3), Charts.Confusion(new ConfusionMatrix(5, 2, 30, 3)),
                Charts.ExplainedVariance([0.5, 0.3, 0.1]), Charts.PrecisionRecall(Metrics.PrecisionRecallCurve([true, false, true], [0.9, 0.5, 0.4])));
            var file = Path.Combine(dir.FullName, "charts.html");
            File.WriteAllText(file, page);
            var (pw, browser) = await Browser.LaunchAsync();
            using (pw)
            {
                await using (browser)
                {
                    var (p, errors) = await Browser.OpenAsync(browser, new Uri(file).AbsoluteUri, offline: true);
                    await p.WaitForSelectorAsync(".pp-plot .main-svg", new() { Timeout = 20_000 });
                    Assert.Equal(4, await p.EvaluateAsync<int>("() => document.querySelectorAll('.pp-plot .plot-container').length"));
                    Assert.Equal(1, await p.EvaluateAsync<int>("() => document.querySelectorAll('.pp-plot .heatmaplayer .hm').length"));
                    Assert.True(await p.EvaluateAsync<int>("() => document.querySelectorAll('.pp-plot .scatterlayer .trace').length") >= 3);
                    await p.WaitForFunctionAsync("() => document.querySelectorAll('.pp-plot .main-svg').length >= 4 && Array.from(document.querySelectorAll('.pp-static')).every(s => s.style.display === 'none')", null, new() { Timeout = 20_000 });
                    Assert.Equal(new[] { 2, 2, 2, 2 }, await NotebookPaths.VisibleFiguresAsync(p));
                    Assert.Empty(errors);

                    // With scripts blocked, each chart shows its static figure.
                    var (still, stillErrors) = await Browser.OpenAsync(browser, new Uri(file).AbsoluteUri, offline: true, scripts: false);
                    Assert.Equal(new[] { 1, 1, 1, 1 }, await NotebookPaths.VisibleFiguresAsync(still));
                    Assert.Equal(1, await still.EvaluateAsync<int>("() => document.querySelectorAll('.pp-static .pp-cell-text').length > 0 ? 1 : 0"));
                    Assert.Empty(stillErrors);
                }
            }
        }
        finally
        {
            dir.Delete(true);
        }
    }
}
