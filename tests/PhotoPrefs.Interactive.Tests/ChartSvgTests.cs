using System.Globalization;
using System.Xml.Linq;
using Plotly.NET;
using PhotoPrefs.Clustering;
using PhotoPrefs.Evaluation;
using PhotoPrefs.SemiSupervised;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace PhotoPrefs.Interactive.Tests;

/// <summary>The static SVG figures: parsed as XML, their marks counted against the data they draw.</summary>
public sealed class ChartSvgTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static XElement Parse(GenericChart chart)
    {
        var root = XElement.Parse(ChartSvg.Render(chart));
        Assert.Equal(Svg + "svg", root.Name);
        return root;
    }

    private static List<XElement> Class(XElement root, string name) =>
        root.Descendants().Where(e => ((string?)e.Attribute("class"))?.Split(' ').Contains(name) == true).ToList();

    private static double A(XElement e, string attribute) => double.Parse((string)e.Attribute(attribute)!, CultureInfo.InvariantCulture);

    private static string Title(XElement root) => string.Join(" ", Class(root, "pp-title").Select(e => e.Value));

    private static string AxisTitle(XElement root, string axis) => Class(root, "pp-axis-title").SingleOrDefault(e => (string?)e.Attribute("data-axis") == axis)?.Value ?? "";

    private static List<XElement> Traces(XElement root, string type) => Class(root, "pp-trace").Where(e => (string?)e.Attribute("data-type") == type).ToList();

    private static readonly List<KScore> Sweep = [new(2, 10, 0.3, 1.2, 50, true), new(3, 8, 0.5, 0.9, 60, true), new(4, 7, 0.4, 1.0, 55, true)];

    private static StudyResult Study()
    {
        StudyVariant V(string name, double f1) => new(name, [f1, f1 - 0.1], [1, 0.9], [0.8, 0.7], [0.95, 0.9], new ConfusionMatrix(9, 1, 80, 10), [0.5, 0.5]);
        return new StudyResult(
            [new StudyUser("J", V("fixmatch", 0.9), new Dictionary<string, StudyVariant> { ["supervised"] = V("supervised", 0.7) }, [], []),
             new StudyUser("F", V("fixmatch", 0.8), new Dictionary<string, StudyVariant> { ["supervised"] = V("supervised", 0.6) }, [], [])],
            new StudyOptions(), 1);
    }

    /// <summary>Every chart the library makes, by name.</summary>
    public static TheoryData<string> ChartNames => ["ClusterSweep", "PcaScatter", "ExplainedVariance", "TrainingCurves", "Confusion", "PrecisionRecall", "Histogram", "StudyF1"];

    private static GenericChart Make(string name) => name switch
    {
        "ClusterSweep" => Charts.ClusterSweep(Sweep, 3),
        "PcaScatter" => Charts.PcaScatter([0, 0, 1, 1, 2, 2], [0, 1, 0], ["a.jpg", "b.jpg", "c.jpg"], new HashSet<int> { 2 }),
        "ExplainedVariance" => Charts.ExplainedVariance([0.5, 0.3, 0.1]),
        "TrainingCurves" => Charts.TrainingCurves([new(1, 0.7, 0.1, 0.2, null, 0.03), new(2, 0.5, 0.1, 0.4, 0.8, 0.03)]),
        "Confusion" => Charts.Confusion(new ConfusionMatrix(5, 2, 30, 3)),
        "PrecisionRecall" => Charts.PrecisionRecall(Metrics.PrecisionRecallCurve([true, false, true], [0.9, 0.5, 0.4])),
        "Histogram" => Charts.Histogram([1, 2, 2, 3], "Sizes", "bytes"),
        "StudyF1" => Charts.StudyF1(Study()),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(ChartNames))]
    public void Every_chart_has_a_title_and_both_axis_titles_and_draws_the_same_bytes_twice(string name)
    {
        var root = Parse(Make(name));
        Assert.NotEmpty(Title(root));
        Assert.NotEmpty(AxisTitle(root, "x"));
        Assert.NotEmpty(AxisTitle(root, "y"));
        Assert.Equal(Title(root), root.Element(Svg + "title")!.Value);
        Assert.NotEmpty(Class(root, "pp-tick"));
        Assert.Empty(Class(root, "pp-unsupported"));
        Assert.Equal(ChartSvg.Render(Make(name)), ChartSvg.Render(Make(name)));
    }

    [Fact]
    public void A_legend_beside_the_plot_with_many_entries_fits_in_the_figure()
    {
        const int n = 30;
        var root = Parse(Charts.PcaScatter([.. Enumerable.Range(0, 2 * n).Select(i => (float)i)], [.. Enumerable.Range(0, n)], [.. Enumerable.Range(0, n).Select(i => $"p{i}.jpg")]));
        double height = A(root, "height");
        var entries = Class(root, "pp-legend-item");
        Assert.True(entries.Count >= n, $"{entries.Count} legend entries");
        Assert.All(entries.SelectMany(e => e.Elements(Svg + "text")), t => Assert.True(A(t, "y") <= height, $"legend entry '{t.Value}' at y {A(t, "y")} below the figure's {height}"));
    }

    [Fact]
    public void Cluster_sweep_draws_both_scores_their_axes_the_chosen_k_and_a_legend()
    {
        var root = Parse(Charts.ClusterSweep(Sweep, 3));
        var traces = Traces(root, "scatter");
        Assert.Equal(["silhouette (higher is better)", "Davies-Bouldin (lower is better)"], traces.Select(t => (string)t.Attribute("data-name")!));
        Assert.All(traces, t => Assert.Equal(3, Class(t, "pp-mark").Count));
        Assert.All(traces, t => Assert.Single(Class(t, "pp-line")));
        Assert.Contains("chosen k = 3", Title(root), StringComparison.Ordinal);
        Assert.Equal("k (clusters)", AxisTitle(root, "x"));
        Assert.Equal("Davies-Bouldin index", AxisTitle(root, "y2"));
        Assert.Equal(["2", "3", "4"], Class(root, "pp-tick").Where(t => (string?)t.Attribute("data-axis") == "x").Select(t => t.Value));
        Assert.Contains(Class(root, "pp-tick"), t => (string?)t.Attribute("data-axis") == "y2");
        Assert.Equal(2, Class(root, "pp-legend-item").Count);
        // The chosen k's line stands at the x of the middle marker.
        var shape = Assert.Single(Class(root, "pp-shape"));
        Assert.Equal(A(Class(traces[0], "pp-mark")[1], "cx"), A(shape, "x1"), 0.2);
        // Silhouette 0.5 is the highest point of its trace: the smallest y on the page.
        var ys = Class(traces[0], "pp-mark").Select(m => A(m, "cy")).ToList();
        Assert.Equal(ys.Min(), ys[1]);
    }

    [Fact]
    public void Photo_map_draws_a_marker_per_photo_with_the_representatives_in_black()
    {
        var root = Parse(Charts.PcaScatter([0, 0, 1, 1, 2, 2, 3, 1], [0, 1, 0, 2], ["a.jpg", "b.jpg", "c.jpg", "d.jpg"], new HashSet<int> { 2 }));
        Assert.Equal(3, Traces(root, "scatter").Count);
        var marks = Class(root, "pp-mark");
        Assert.Equal(4, marks.Count);
        Assert.Single(marks, m => (string?)m.Attribute("fill") == "black");
        Assert.Equal(3, Class(root, "pp-legend-item").Count);
        Assert.Empty(Class(root, "pp-line"));
    }

    [Fact]
    public void Explained_variance_draws_a_bar_per_component_in_proportion_and_percent_ticks()
    {
        var root = Parse(Charts.ExplainedVariance([0.5, 0.3, 0.1, 0.05]));
        var bars = Class(root, "pp-bar");
        Assert.Equal(4, bars.Count);
        var heights = bars.Select(b => A(b, "height")).ToList();
        Assert.Equal(0.3 / 0.5, heights[1] / heights[0], 0.01);
        Assert.Equal(0.05 / 0.5, heights[3] / heights[0], 0.02);
        Assert.Single(Class(root, "pp-line"));
        Assert.Contains("100%", Class(root, "pp-tick").Select(t => t.Value));
    }

    [Fact]
    public void Training_curves_draw_every_series_and_break_a_line_at_an_infinite_loss()
    {
        var history = Enumerable.Range(1, 10).Select(i => new TrainingRecord(i, 1.0 / i, i == 3 ? double.PositiveInfinity : 0.1, i / 10.0, i > 5 ? 0.9 : null, 0.03)).ToList();
        var root = Parse(Charts.TrainingCurves(history));
        var traces = Traces(root, "scatter").ToDictionary(t => (string)t.Attribute("data-name")!);
        Assert.Equal(["labeled loss", "unlabeled loss", "mask rate", "learning rate / initial", "pseudo-label accuracy"], traces.Keys);
        var unlabeled = (string)Class(traces["unlabeled loss"], "pp-line").Single().Attribute("d")!;
        Assert.Equal(2, unlabeled.Count(c => c == 'M'));
        Assert.Equal(9, unlabeled.Count(c => c is 'M' or 'L'));
        Assert.Equal(10, ((string)Class(traces["labeled loss"], "pp-line").Single().Attribute("d")!).Count(c => c is 'M' or 'L'));
        Assert.Equal(5, Class(root, "pp-legend-item").Count);
        Assert.Contains("dasharray", Class(traces["learning rate / initial"], "pp-line").Single().ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Confusion_matrix_draws_four_cells_with_their_counts_truth_down_the_side()
    {
        var root = Parse(Charts.Confusion(new ConfusionMatrix(5, 2, 30, 3)));
        Assert.Equal(4, Class(root, "pp-cell").Count);
        var texts = Class(root, "pp-cell-text").ToDictionary(t => t.Value, t => (X: A(t, "x"), Y: A(t, "y")));
        Assert.Equal(["30", "2", "3", "5"], texts.Keys);
        // "truly keep" is the top row (the axis is reversed), "predicted keep" the left column.
        Assert.True(texts["30"].Y < texts["3"].Y);
        Assert.True(texts["30"].X < texts["2"].X);
        Assert.Equal(texts["30"].Y, texts["2"].Y);
        // The largest count is the darkest cell, written in white.
        Assert.Equal("#fff", (string)Class(root, "pp-cell-text").Single(t => t.Value == "30").Attribute("fill")!);
        Assert.Equal(["predicted keep", "predicted delete"], Class(root, "pp-tick").Where(t => (string?)t.Attribute("data-axis") == "x").Select(t => t.Value));
        Assert.Empty(Class(root, "pp-legend-item"));
    }

    [Fact]
    public void Precision_recall_draws_a_marker_per_threshold()
    {
        var curve = Metrics.PrecisionRecallCurve([true, false, true, true, false], [0.9, 0.5, 0.4, 0.8, 0.1]);
        var root = Parse(Charts.PrecisionRecall(curve, "J"));
        Assert.Equal(curve.Count, Class(root, "pp-mark").Count);
        Assert.Equal("recall", AxisTitle(root, "x"));
        Assert.Equal("precision", AxisTitle(root, "y"));
    }

    [Fact]
    public void Histogram_bins_at_round_widths_and_its_bars_hold_every_value()
    {
        var values = Enumerable.Range(0, 100).Select(i => (double)i).Concat([5, 5, 5]).ToList();
        var root = Parse(Charts.Histogram(values, "Values", "value", bins: 10));
        var bars = Class(root, "pp-bar");
        Assert.Equal(10, bars.Count);
        var heights = bars.Select(b => A(b, "height")).ToList();
        // Ten values in each bin of width 10, thirteen in the first.
        Assert.Equal(13.0 / 10, heights[0] / heights[1], 0.01);
        Assert.All(heights.Skip(1), h => Assert.Equal(heights[1], h, 0.2));
        var widths = bars.Select(b => A(b, "width")).ToList();
        Assert.All(widths, w => Assert.Equal(widths[0], w, 0.2));
    }

    [Fact]
    public void Study_f1_groups_a_bar_per_variant_for_each_user_with_its_text()
    {
        var root = Parse(Charts.StudyF1(Study()));
        Assert.Equal(2, Traces(root, "bar").Count);
        var bars = Class(root, "pp-bar");
        Assert.Equal(4, bars.Count);
        Assert.Equal(["J", "F"], Class(root, "pp-tick").Where(t => (string?)t.Attribute("data-axis") == "x").Select(t => t.Value));
        // J's two bars stand side by side, left of F's.
        var fixmatch = Class(Traces(root, "bar")[0], "pp-bar");
        var supervised = Class(Traces(root, "bar")[1], "pp-bar");
        Assert.Equal(A(fixmatch[0], "x") + A(fixmatch[0], "width"), A(supervised[0], "x"), 0.2);
        Assert.True(A(supervised[0], "x") < A(fixmatch[1], "x"));
        Assert.Contains(Class(root, "pp-bar-text"), t => t.Value.StartsWith("0.85 ± ", StringComparison.Ordinal));
        Assert.Equal("user", AxisTitle(root, "x"));
        Assert.Equal(2, Class(root, "pp-legend-item").Count);
    }

    [Fact]
    public void A_students_chart_with_plotly_defaults_and_horizontal_bars_draws()
    {
        var columns = CSharpChart.Column<double, string, string>([3, 1, 2], Keys: new[] { "a", "b", "c" }, Name: "n");
        var root = Parse(columns);
        Assert.Equal(3, Class(root, "pp-bar").Count);
        var bars = Parse(CSharpChart.Bar<double, string, string>([4, 2], Keys: new[] { "x", "y" }));
        var widths = Class(bars, "pp-bar").Select(b => A(b, "width")).ToList();
        Assert.Equal(2, widths[0] / widths[1], 0.02);
        var line = Parse(CSharpChart.Line<int, double, string>(x: [1, 2, 3, 4], y: [1, 4, 9, 16], Name: "squares", ShowMarkers: true));
        Assert.Equal(4, Class(line, "pp-mark").Count);
    }

    [Fact]
    public void An_unknown_trace_type_gets_a_note_in_the_figure_not_an_exception()
    {
        var pie = CSharpChart.Pie<double, string, string>([1, 2, 3], Labels: new[] { "a", "b", "c" });
        var root = Parse(pie);
        var note = Assert.Single(Class(root, "pp-unsupported"));
        Assert.Contains("'pie'", note.Value, StringComparison.Ordinal);
        var mixed = Parse(GenericChart.combine(new[] { Charts.Histogram([1, 2, 3], "h", "x"), pie }));
        Assert.NotEmpty(Class(mixed, "pp-bar"));
        Assert.Single(Class(mixed, "pp-unsupported"));
        Assert.Throws<ArgumentException>(() => ChartSvg.Render("not json"));
    }

    [Fact]
    public void Extreme_and_missing_values_draw_without_hanging_or_throwing()
    {
        var big = XElement.Parse(ChartSvg.Render("""{"data":[{"type":"scatter","x":[1e17,1.00000000000000001e17],"y":[1,2]},{"type":"scatter","x":[-1e308,1e308],"y":["NaN",null]}],"layout":{}}"""));
        Assert.InRange(Class(big, "pp-tick").Count, 1, 420);
        var empty = XElement.Parse(ChartSvg.Render("""{"data":[{"type":"heatmap"},{"type":"histogram"},{"type":"bar","y":[]}],"layout":{"xaxis":{"dtick":1e-30}}}"""));
        Assert.Empty(Class(empty, "pp-cell"));
        Assert.Single(XElement.Parse(ChartSvg.Render("""{"data":[]}""")).Descendants(Svg + "text"), t => t.Value == "no data to draw");
    }

    [Fact]
    public void Titles_with_markup_are_written_as_text_and_coordinates_are_rounded()
    {
        var svg = ChartSvg.Render("""{"data":[{"type":"scatter","x":[0.123456,1],"y":[1,2],"mode":"markers","name":"a<b & c"}],"layout":{"title":{"text":"first<br>second <b>bold</b> & more"}}}""");
        var root = XElement.Parse(svg);
        Assert.Equal("first second bold & more", Title(root));
        Assert.Equal("a<b & c", (string)Traces(root, "scatter").Single().Attribute("data-name")!);
        Assert.All(root.Descendants(Svg + "circle"), c => Assert.Matches("^-?\\d+(\\.\\d)?$", (string)c.Attribute("cx")!));
    }
}
