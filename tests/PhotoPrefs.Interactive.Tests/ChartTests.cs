using System.Text.Json;
using Plotly.NET;
using PhotoPrefs.Clustering;
using PhotoPrefs.Evaluation;
using PhotoPrefs.SemiSupervised;

namespace PhotoPrefs.Interactive.Tests;

/// <summary>The ready-made Plotly.NET charts carry the data they claim, and pages draw them offline.</summary>
public sealed class ChartTests
{
    private static JsonDocument Json(GenericChart chart) =>
        JsonDocument.Parse(GenericChart.toJson(chart).Replace("Infinity", "null", StringComparison.Ordinal).Replace("\"NaN\"", "null", StringComparison.Ordinal));

    [Fact]
    public void Cluster_sweep_has_k_on_its_x_axis_the_index_on_a_right_axis_and_marks_the_chosen_k()
    {
        var scores = new List<KScore> { new(2, 10, 0.3, 1.2, 50, true), new(3, 8, 0.5, 0.9, 60, true), new(4, 7, 0.4, 1.0, 55, true) };
        using var doc = Json(Charts.ClusterSweep(scores, 3));
        var data = doc.RootElement.GetProperty("data");
        Assert.Equal([2, 3, 4], data[0].GetProperty("x").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal([0.3, 0.5, 0.4], data[0].GetProperty("y").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal([1.2, 0.9, 1.0], data[1].GetProperty("y").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal("y2", data[1].GetProperty("yaxis").GetString());
        var layout = doc.RootElement.GetProperty("layout");
        Assert.StartsWith("k", layout.GetProperty("xaxis").GetProperty("title").GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal("y", layout.GetProperty("yaxis2").GetProperty("overlaying").GetString());
        Assert.Equal(3, layout.GetProperty("shapes")[0].GetProperty("x0").GetDouble());
        Assert.Contains("chosen k = 3", layout.GetProperty("title").GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Confusion_heatmap_writes_the_counts_in_its_cells()
    {
        using var doc = Json(Charts.Confusion(new ConfusionMatrix(5, 2, 30, 3)));
        var hm = doc.RootElement.GetProperty("data")[0];
        Assert.Equal("heatmap", hm.GetProperty("type").GetString());
        Assert.Equal(30, hm.GetProperty("z")[0][0].GetDouble());
        Assert.Equal(2, hm.GetProperty("z")[0][1].GetDouble());
        Assert.Equal(3, hm.GetProperty("z")[1][0].GetDouble());
        Assert.Equal("5", hm.GetProperty("text")[1][1].GetString());
        Assert.Equal("%{text}", hm.GetProperty("texttemplate").GetString());
    }

    [Fact]
    public void Training_curves_plot_every_series_and_an_infinite_loss_becomes_a_gap()
    {
        var history = Enumerable.Range(1, 10).Select(i => new TrainingRecord(i, 1.0 / i, i == 3 ? double.PositiveInfinity : 0.1, i / 10.0, i > 5 ? 0.9 : null, 0.03)).ToList();
        var json = GenericChart.toJson(Charts.TrainingCurves(history));
        Assert.DoesNotContain("Infinity", json, StringComparison.Ordinal);
        using var doc = Json(Charts.TrainingCurves(history));
        var traces = doc.RootElement.GetProperty("data").EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!);
        Assert.Equal(["labeled loss", "unlabeled loss", "mask rate", "learning rate / initial", "pseudo-label accuracy"], traces.Keys);
        Assert.Equal(JsonValueKind.Null, traces["unlabeled loss"].GetProperty("y")[2].ValueKind);
        Assert.Equal(0.5, traces["mask rate"].GetProperty("y")[4].GetDouble());
        Assert.Equal("y2", traces["mask rate"].GetProperty("yaxis").GetString());
    }

    [Fact]
    public void Photo_map_keeps_names_pictures_and_representatives_per_point()
    {
        float[] xy = [0, 0, 1, 1, 2, 2];
        var chart = Charts.PcaScatter(xy, [0, 1, 0], ["a.jpg", "b.jpg", "c.jpg"], new HashSet<int> { 2 }, ["data:image/jpeg;base64,AA", "data:image/jpeg;base64,BB", "data:image/jpeg;base64,CC"]);
        using var doc = Json(chart);
        var cluster0 = doc.RootElement.GetProperty("data")[0];
        Assert.Equal(["a.jpg", "c.jpg"], cluster0.GetProperty("text").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("data:image/jpeg;base64,CC", cluster0.GetProperty("customdata")[1].GetString());
        Assert.Equal("black", cluster0.GetProperty("marker").GetProperty("color")[1].GetString());
        Assert.NotEqual("black", cluster0.GetProperty("marker").GetProperty("color")[0].GetString());
        Assert.Contains("plotly_hover", ChartHtml.Fragment(chart), StringComparison.Ordinal);
        Assert.DoesNotContain("plotly_hover", ChartHtml.Fragment(Charts.Histogram([1, 2], "h", "x")), StringComparison.Ordinal);
    }

    [Fact]
    public void Plotly_js_is_embedded_once_and_charts_take_it_from_the_page()
    {
        var js = ChartHtml.PlotlyJs();
        Assert.True(js.Length > 1_000_000, "plotly.min.js is a few megabytes");
        Assert.Contains(ChartHtml.PlotlyJsVersion, js[..500], StringComparison.Ordinal);
        var page = ChartHtml.Page("t", Charts.Histogram([1, 2, 2, 3], "h", "x"), Charts.Histogram([1, 2], "h2", "x"));
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(page, "plotly.js v" + System.Text.RegularExpressions.Regex.Escape(ChartHtml.PlotlyJsVersion)));
        var body = page[page.IndexOf("</head>", StringComparison.Ordinal)..];
        Assert.Equal(2, body.Split("class=\"pp-chart\"").Length - 1);
        Assert.Equal(2, body.Split("<svg xmlns=").Length - 1);
        // Nothing is fetched: no chart, page or notebook output names a CDN, nor asks require.js.
        var fragment = ChartHtml.Fragment(Charts.Histogram([1, 2], "h", "x"));
        foreach (var html in new[] { fragment, ChartHtml.NotebookPlotlyJs() })
        {
            Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
            Assert.DoesNotContain("require", html, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("<script src=", ChartHtml.PageScripts(), StringComparison.Ordinal);

        Assert.Contains("newPlot", fragment, StringComparison.Ordinal);
        Assert.Contains("<div class=\"pp-static\"><svg xmlns=", fragment, StringComparison.Ordinal);
        // A title cannot end the chart's script early.
        var odd = ChartHtml.Fragment(Charts.Histogram([1, 2], "</script><!-- x", "x"));
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(odd, "</script>"));
        Assert.DoesNotContain("<!--", odd, StringComparison.Ordinal);
    }

    [Fact]
    public void A_notebook_carries_plotly_js_gzipped_and_it_unpacks_to_the_same_bytes()
    {
        var html = ChartHtml.NotebookPlotlyJs();
        Assert.StartsWith("<div class=\"" + ChartHtml.PlotlyJsOutputClass + "\"", html, StringComparison.Ordinal);
        var packed = System.Text.RegularExpressions.Regex.Match(html, "atob\\('([A-Za-z0-9+/=]+)'\\)").Groups[1].Value;
        using var gzip = new System.IO.Compression.GZipStream(new MemoryStream(Convert.FromBase64String(packed)), System.IO.Compression.CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        Assert.Equal(ChartHtml.PlotlyJs(), reader.ReadToEnd());
        Assert.True(html.Length < ChartHtml.PlotlyJs().Length / 2, $"{html.Length} characters");
        Assert.Contains("DecompressionStream('gzip')", html, StringComparison.Ordinal);
        Assert.Contains("(function (define, module, exports)", html, StringComparison.Ordinal);
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
        Assert.Contains("newPlot", confusion, StringComparison.Ordinal);
        Assert.Contains("class=\"pp-cell-text\"", confusion, StringComparison.Ordinal);
        Assert.Contains("<th>truly keep</th><td>30</td><td>2</td>", confusion, StringComparison.Ordinal);
        var chart = Microsoft.DotNet.Interactive.Formatting.Formatter.ToDisplayString(Charts.Histogram([1, 2], "sizes", "bytes"), "text/html");
        Assert.StartsWith("<div class=\"pp-chart\"><div class=\"pp-static\"><svg", chart, StringComparison.Ordinal);
        Assert.Contains("newPlot", chart, StringComparison.Ordinal);
        // A chart, and a value shown with its chart, offers the static figure as image/svg+xml beside its HTML.
        foreach (var value in new object[] { Charts.Histogram([1, 2], "sizes", "bytes"), new ConfusionMatrix(5, 2, 30, 3) })
        {
            Assert.Equal(["text/html", "image/svg+xml"], Microsoft.DotNet.Interactive.Formatting.Formatter.GetPreferredMimeTypesFor(value.GetType()));
            Assert.StartsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"", Microsoft.DotNet.Interactive.Formatting.Formatter.ToDisplayString(value, "image/svg+xml"), StringComparison.Ordinal);
        }

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
