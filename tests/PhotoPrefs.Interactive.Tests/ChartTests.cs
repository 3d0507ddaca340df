using System.Text.Json;
using PhotoPrefs.Clustering;
using PhotoPrefs.Evaluation;
using PhotoPrefs.Interactive.Plotly;
using PhotoPrefs.SemiSupervised;

namespace PhotoPrefs.Interactive.Tests;

/// <summary>The figure model writes plotly.js's schema; the ready-made charts carry the data they claim.</summary>
public sealed class ChartTests
{
    [Fact]
    public void Figures_serialise_to_plotly_names_with_the_trace_type_and_without_unset_attributes()
    {
        var fig = new Figure().Add(new Scatter { X = [1, 2], Y = [3.5, 4.5], Mode = "lines", ShowLegend = false, YAxisId = "y2", Marker = new Marker { Color = "red" } });
        fig.Layout = new Layout { Title = new Title("t"), XAxis = new Axis { Title = new Title("k") }, ShowLegend = true };
        using var doc = JsonDocument.Parse(fig.ToJson());
        var trace = doc.RootElement.GetProperty("data")[0];
        Assert.Equal("scatter", trace.GetProperty("type").GetString());
        Assert.Equal("lines", trace.GetProperty("mode").GetString());
        Assert.False(trace.GetProperty("showlegend").GetBoolean());
        Assert.Equal("y2", trace.GetProperty("yaxis").GetString());
        Assert.Equal("red", trace.GetProperty("marker").GetProperty("color").GetString());
        Assert.Equal(4.5, trace.GetProperty("y")[1].GetDouble());
        Assert.False(trace.TryGetProperty("name", out _));
        Assert.False(trace.GetProperty("marker").TryGetProperty("size", out _));
        var layout = doc.RootElement.GetProperty("layout");
        Assert.Equal("k", layout.GetProperty("xaxis").GetProperty("title").GetProperty("text").GetString());
        Assert.True(layout.GetProperty("showlegend").GetBoolean());
    }

    [Fact]
    public void Cluster_sweep_has_k_on_its_x_axis_and_marks_the_chosen_k()
    {
        var scores = new List<KScore> { new(2, 10, 0.3, 1.2, 50, true), new(3, 8, 0.5, 0.9, 60, true), new(4, 7, 0.4, 1.0, 55, true) };
        var fig = Charts.ClusterSweep(scores, 3);
        using var doc = JsonDocument.Parse(fig.ToJson());
        var data = doc.RootElement.GetProperty("data");
        Assert.Equal([2, 3, 4], data[0].GetProperty("x").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal([0.3, 0.5, 0.4], data[0].GetProperty("y").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal([1.2, 0.9, 1.0], data[1].GetProperty("y").EnumerateArray().Select(e => e.GetDouble()));
        var layout = doc.RootElement.GetProperty("layout");
        Assert.StartsWith("k", layout.GetProperty("xaxis").GetProperty("title").GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal(3, layout.GetProperty("shapes")[0].GetProperty("x0").GetDouble());
    }

    [Fact]
    public void Confusion_heatmap_writes_the_counts_in_its_cells()
    {
        var fig = Charts.Confusion(new ConfusionMatrix(5, 2, 30, 3));
        using var doc = JsonDocument.Parse(fig.ToJson());
        var hm = doc.RootElement.GetProperty("data")[0];
        Assert.Equal("heatmap", hm.GetProperty("type").GetString());
        Assert.Equal(30, hm.GetProperty("z")[0][0].GetDouble());
        Assert.Equal(2, hm.GetProperty("z")[0][1].GetDouble());
        Assert.Equal(3, hm.GetProperty("z")[1][0].GetDouble());
        Assert.Equal("5", hm.GetProperty("text")[1][1].GetString());
    }

    [Fact]
    public void Training_curves_plot_every_series_and_infinite_values_do_not_break_serialisation()
    {
        var history = Enumerable.Range(1, 10).Select(i => new TrainingRecord(i, 1.0 / i, i == 3 ? double.PositiveInfinity : 0.1, i / 10.0, i > 5 ? 0.9 : null, 0.03)).ToList();
        var json = Charts.TrainingCurves(history).ToJson();
        using var doc = JsonDocument.Parse(json.Replace("Infinity", "null", StringComparison.Ordinal));
        var names = doc.RootElement.GetProperty("data").EnumerateArray().Select(t => t.GetProperty("name").GetString()).ToList();
        Assert.Contains("labeled loss", names);
        Assert.Contains("unlabeled loss", names);
        Assert.Contains("mask rate", names);
        Assert.Contains("pseudo-label accuracy", names);
    }

    [Fact]
    public void Plotly_js_is_embedded_once_and_pages_draw_with_it()
    {
        var js = PlotlyHtml.EmbeddedScript();
        Assert.True(js.Length > 1_000_000, "plotly.min.js is a few megabytes");
        Assert.Contains("newPlot", js, StringComparison.Ordinal);
        var page = PlotlyHtml.Page("t", Charts.Histogram([1, 2, 2, 3], "h", "x"));
        Assert.Contains("Plotly.newPlot(", page, StringComparison.Ordinal);
        Assert.DoesNotContain("cdn.plot.ly", page[^2000..], StringComparison.Ordinal);
        var notebook = PlotlyHtml.Fragment(Charts.Histogram([1, 2], "h", "x"));
        Assert.Contains("require.config", notebook, StringComparison.Ordinal);
        Assert.Contains(PlotlyHtml.CdnUrl, notebook, StringComparison.Ordinal);
    }
}

/// <summary>The notebook formatters render the library's types as HTML.</summary>
public sealed class FormatterTests
{
    [Fact]
    public void Library_types_render_as_html_with_a_plain_table_beside_their_charts()
    {
        NotebookFormatters.Register();
        var confusion = Microsoft.DotNet.Interactive.Formatting.Formatter.ToDisplayString(new ConfusionMatrix(5, 2, 30, 3), "text/html");
        Assert.Contains("Plotly.newPlot", confusion, StringComparison.Ordinal);
        Assert.Contains("<th>truly keep</th><td>30</td><td>2</td>", confusion, StringComparison.Ordinal);
        var reps = Microsoft.DotNet.Interactive.Formatting.Formatter.ToDisplayString(new List<Representative> { new(7, 1, 0, 0.5) }, "text/html");
        Assert.Contains("distance to medoid", reps, StringComparison.Ordinal);
        Assert.Contains("<td>7</td>", reps, StringComparison.Ordinal);
        var card = new PhotoCard(3, "Camera/a.jpg", "2024-01-01T10:00:00", 640, 480, [0xFF, 0xD8], new Dictionary<string, string> { ["J"] = "delete" });
        var html = Microsoft.DotNet.Interactive.Formatting.Formatter.ToDisplayString(card, "text/html");
        Assert.Contains("data:image/jpeg;base64,/9g=", html, StringComparison.Ordinal);
        Assert.Contains("J: delete", html, StringComparison.Ordinal);
        var main = new StudyVariant("fixmatch", [0.9, 0.8], [1, 0.9], [0.8, 0.7], [0.95, 0.9], new ConfusionMatrix(9, 1, 80, 10), [0.5, 0.5]);
        var study = new StudyResult([new StudyUser("J", main, new Dictionary<string, StudyVariant>(), [], [])], new StudyOptions(), 1);
        var table = Microsoft.DotNet.Interactive.Formatting.Formatter.ToDisplayString(study, "text/html");
        Assert.Contains("<td>J</td><td>fixmatch</td><td>0.850</td>", table, StringComparison.Ordinal);
        Assert.Contains("<td>J</td><td>fixmatch</td><td>0.850</td>", Report.StudyTable(study), StringComparison.Ordinal);
        var history = new List<TrainingRecord> { new(1, 0.7, 0.1, 0.2, null, 0.03), new(2, 0.5, 0.1, 0.4, null, 0.03) };
        Assert.Contains("mask rate", Microsoft.DotNet.Interactive.Formatting.Formatter.ToDisplayString(history, "text/html"), StringComparison.Ordinal);
    }
}
