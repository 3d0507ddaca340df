using System.Globalization;
using Microsoft.FSharp.Core;
using Plotly.NET.TraceObjects;
using Plotly.NET;
using Plotly.NET.LayoutObjects;
using PhotoPrefs.Clustering;
using PhotoPrefs.Evaluation;
using PhotoPrefs.SemiSupervised;
using Chart = Plotly.NET.CSharp.Chart;

namespace PhotoPrefs.Interactive;

/// <summary>
/// Ready-made Plotly.NET charts for every stage, each with a title and named axes. Each returns a
/// <see cref="GenericChart"/>: show it in a notebook
/// (after <see cref="NotebookFormatters.Register"/>), style it further with Plotly.NET's own <c>With…</c> calls, or
/// write it into a page with <see cref="ChartHtml"/>.
/// </summary>
public static class Charts
{
    private static readonly string[] PredictedAxis = ["predicted keep", "predicted delete"], TruthAxis = ["truly keep", "truly delete"];

    private const string Blue = "#1f77b4", Orange = "#ff7f0e", Green = "#2ca02c", Red = "#d62728", Purple = "#9467bd", Grey = "#7f7f7f";

    /// <summary>Silhouette (left axis) and Davies-Bouldin index (right axis) against k, the chosen k marked.</summary>
    /// <param name="scores">The sweep.</param>
    /// <param name="chosenK">The chosen k.</param>
    /// <returns>The chart.</returns>
    public static GenericChart ClusterSweep(IReadOnlyList<KScore> scores, int chosenK)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var ks = scores.Select(s => s.K).ToArray();
        var silhouette = Line(ks, scores.Select(s => s.Silhouette), "silhouette (higher is better)", Blue, markers: true);
        var daviesBouldin = RightAxis(Line(ks, scores.Select(s => s.DaviesBouldin), "Davies-Bouldin (lower is better)", Orange, markers: true));
        var chart = Chart.Combine([silhouette, daviesBouldin]);
        var marker = new Shape();
        marker.SetProperty("type", "line");
        marker.SetProperty("x0", chosenK);
        marker.SetProperty("x1", chosenK);
        marker.SetProperty("y0", 0);
        marker.SetProperty("y1", 1);
        marker.SetProperty("yref", "paper");
        marker.SetProperty("line", Props(new Plotly.NET.Line(), ("color", Green), ("dash", "dash"), ("width", 2)));
        return Finish(chart, $"Choosing k: chosen k = {chosenK}", 380, Axis("k (clusters)", dtick: 1), Axis("silhouette"), SecondAxis("Davies-Bouldin index"), ("shapes", new[] { marker }), LegendBelow());
    }

    /// <summary>Photos on the first two principal components, coloured by cluster; hovering names the photo.</summary>
    /// <param name="xy">Row-major coordinates, two per photo.</param>
    /// <param name="clusters">Cluster per photo.</param>
    /// <param name="names">Photo names (hover text).</param>
    /// <param name="representatives">Rows drawn in black (to label first); may be null.</param>
    /// <param name="images">
    /// Per photo, an image data URI; may be null. It is kept as the point's <c>customdata</c>, and pages from
    /// <see cref="ChartHtml"/> show it beside the pointer on hover.
    /// </param>
    /// <returns>The chart.</returns>
    public static GenericChart PcaScatter(float[] xy, IReadOnlyList<int> clusters, IReadOnlyList<string> names, IReadOnlySet<int>? representatives = null, IReadOnlyList<string>? images = null)
    {
        ArgumentNullException.ThrowIfNull(xy);
        ArgumentNullException.ThrowIfNull(clusters);
        ArgumentNullException.ThrowIfNull(names);
        var traces = new List<GenericChart>();
        foreach (var c in clusters.Distinct().Order())
        {
            var rows = Enumerable.Range(0, clusters.Count).Where(i => clusters[i] == c).ToList();
            var trace = Chart.Scatter<float, float, string>(
                x: rows.Select(i => xy[2 * i]), y: rows.Select(i => xy[(2 * i) + 1]), mode: StyleParam.Mode.Markers,
                Name: $"cluster {c}", MultiText: rows.Select(i => names[i]).ToArray(),
                Marker: Props(new Marker(), ("size", 8), ("color", rows.Select(i => representatives?.Contains(i) == true ? "black" : Palette(c)).ToArray())),
                UseDefaults: false);
            trace = Set(trace, "hovertemplate", "%{text}<extra>cluster " + c.ToString(CultureInfo.InvariantCulture) + "</extra>");
            if (images is not null)
            {
                trace = Set(trace, "customdata", rows.Select(i => images[i]).ToArray());
            }

            traces.Add(trace);
        }

        var chart = Chart.Combine(traces);
        return Finish(chart, "Photos on the first two principal components (black: representatives to label first)", 480, Axis("PC 1"), Axis("PC 2"), null, ("hovermode", "closest"));
    }

    /// <summary>Explained variance per component (bars) and cumulative (line).</summary>
    /// <param name="ratios">Explained-variance ratios, largest first.</param>
    /// <returns>The chart.</returns>
    public static GenericChart ExplainedVariance(IReadOnlyList<double> ratios)
    {
        ArgumentNullException.ThrowIfNull(ratios);
        var x = Enumerable.Range(1, ratios.Count).ToArray();
        double sum = 0;
        var cumulative = ratios.Select(r => sum += r).ToArray();
        var bars = Chart.Column<double, int, string>(values: ratios, Keys: x, Name: "per component", MarkerColor: Color.fromHex(Blue), UseDefaults: false);
        var chart = Chart.Combine([bars, Line(x, cumulative, "cumulative", Orange)]);
        var y = Axis("share of variance", min: 0, max: 1);
        y.SetProperty("tickformat", ".0%");
        return Finish(chart, "Explained variance of the eigen-photos", 360, Axis("component"), y);
    }

    /// <summary>FixMatch's training curves: losses (left axis), mask rate, pseudo-label accuracy and learning rate (right axis).</summary>
    /// <param name="history">The history.</param>
    /// <param name="every">Plot every n-th step (1 for all).</param>
    /// <returns>The chart.</returns>
    public static GenericChart TrainingCurves(IReadOnlyList<TrainingRecord> history, int every = 1)
    {
        ArgumentNullException.ThrowIfNull(history);
        var h = history.Where((_, i) => i % Math.Max(1, every) == 0 || i == history.Count - 1).ToList();
        var steps = h.Select(r => r.Step).ToArray();
        double lr0 = history.Count > 0 ? Math.Max(1e-12, history[0].LearningRate) : 1;
        var traces = new List<GenericChart>
        {
            Line(steps, h.Select(r => Finite(r.LabeledLoss)), "labeled loss", Blue),
            Line(steps, h.Select(r => Finite(r.UnlabeledLoss)), "unlabeled loss", Orange),
            RightAxis(Line(steps, h.Select(r => r.MaskRate), "mask rate", Green)),
            RightAxis(Line(steps, h.Select(r => r.LearningRate / lr0), "learning rate / initial", Grey, dash: StyleParam.DrawingStyle.Dot)),
        };
        if (h.Any(r => r.PseudoLabelAccuracy is not null))
        {
            traces.Add(RightAxis(Line(steps, h.Select(r => r.PseudoLabelAccuracy ?? double.NaN), "pseudo-label accuracy", Purple)));
        }

        var chart = Chart.Combine(traces);
        return Finish(chart, "FixMatch training: L = Lx + λu·Lu", 400, Axis("step"), Axis("loss"), SecondAxis("rate", min: 0, max: 1.05), LegendBelow());
    }

    /// <summary>The confusion matrix as a heatmap with its counts written in the cells.</summary>
    /// <param name="m">The matrix.</param>
    /// <param name="title">Title (the user or variant).</param>
    /// <returns>The chart.</returns>
    public static GenericChart Confusion(ConfusionMatrix m, string title = "Confusion matrix")
    {
        ArgumentNullException.ThrowIfNull(m);
        int[][] z = [[m.TrueNegatives, m.FalsePositives], [m.FalseNegatives, m.TruePositives]];
        var chart = Chart.Heatmap<int, string, string, string>(
            zData: z, X: PredictedAxis, Y: TruthAxis, ShowScale: false, UseDefaults: false);
        chart = Set(chart, "colorscale", "Blues");
        chart = Set(chart, "reversescale", true);
        chart = Set(chart, "text", z.Select(row => row.Select(v => v.ToString(CultureInfo.InvariantCulture)).ToArray()).ToArray());
        chart = Set(chart, "texttemplate", "%{text}");
        chart = Set(chart, "hovertemplate", "%{y}, %{x}: %{z}<extra></extra>");
        var y = Axis("truth");
        y.SetProperty("autorange", "reversed");
        return Finish(chart, $"{title}: precision {m.Precision:F2}, recall {m.Recall:F2}, F1 {m.F1:F2}", 360, Axis("prediction"), y, null, ("width", 460));
    }

    /// <summary>Precision against recall as the threshold falls.</summary>
    /// <param name="points">The curve.</param>
    /// <param name="name">Legend name.</param>
    /// <returns>The chart.</returns>
    public static GenericChart PrecisionRecall(IReadOnlyList<PrPoint> points, string name = "model")
    {
        ArgumentNullException.ThrowIfNull(points);
        var chart = Line(points.Select(p => p.Recall).ToArray(), points.Select(p => p.Precision), name, Blue, markers: true);
        chart = Set(chart, "text", points.Select(p => p.Threshold.ToString("F2", CultureInfo.InvariantCulture)).ToArray());
        chart = Set(chart, "hovertemplate", "threshold %{text}: precision %{y:.2f}, recall %{x:.2f}<extra></extra>");
        return Finish(chart, "Precision-recall curve (deletion is the positive class)", 380, Axis("recall", min: 0, max: 1.02), Axis("precision", min: 0, max: 1.02));
    }

    /// <summary>A histogram of values (for example compressed sizes in bytes).</summary>
    /// <param name="values">Values.</param>
    /// <param name="title">Title.</param>
    /// <param name="xTitle">x-axis title.</param>
    /// <param name="bins">Maximum bins.</param>
    /// <returns>The chart.</returns>
    public static GenericChart Histogram(IReadOnlyList<double> values, string title, string xTitle, int bins = 30)
    {
        ArgumentNullException.ThrowIfNull(values);
        var chart = Chart.Histogram<double, double, string>(X: values.ToArray(), NBinsX: bins, MarkerColor: Color.fromHex(Blue), UseDefaults: false);
        return Finish(chart, title, 340, Axis(xTitle), Axis("photos"));
    }

    /// <summary>Grouped bars of F1 per user and variant (the study table at a glance).</summary>
    /// <param name="result">The study.</param>
    /// <returns>The chart.</returns>
    public static GenericChart StudyF1(StudyResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var users = result.Users.Select(u => u.User).ToArray();
        var variants = result.Users.SelectMany(u => new[] { u.Main.Name }.Concat(u.Ablations.Keys)).Distinct().ToList();
        var bars = new List<GenericChart>();
        foreach (var v in variants)
        {
            var vals = result.Users.Select(u => v == u.Main.Name ? u.Main : u.Ablations.GetValueOrDefault(v)).ToList();
            bars.Add(Chart.Column<double, string, string>(
                values: vals.Select(x => x?.F1Mean ?? double.NaN).ToArray(), Keys: users, Name: v,
                MultiText: vals.Select(x => x is null ? "" : $"{x.F1Mean:F2} ± {x.F1Std:F2}").ToArray(),
                TextPosition: StyleParam.TextPosition.Outside, UseDefaults: false));
        }

        var chart = Chart.Combine(bars);
        return Finish(chart, "F1 per user (mean over seeds)", 400, Axis("user"), Axis("F1", min: 0, max: 1.1), null, ("barmode", "group"));
    }

    private static GenericChart Line<TX>(TX[] x, IEnumerable<double> y, string name, string color, bool markers = false, StyleParam.DrawingStyle? dash = null)
        where TX : IConvertible =>
        Chart.Scatter<TX, double, string>(
            x: x, y: y.ToArray(), mode: markers ? StyleParam.Mode.Lines_Markers : StyleParam.Mode.Lines, Name: name,
            LineColor: Color.fromHex(color), MarkerColor: Color.fromHex(color), LineDash: dash ?? StyleParam.DrawingStyle.Solid, UseDefaults: false);

    // Plotly.NET writes an infinite loss as a JSON number plotly.js cannot read; a gap in the line says it better.
    private static double Finite(double v) => double.IsFinite(v) ? v : double.NaN;

    private static LinearAxis Axis(string title, double? dtick = null, double? min = null, double? max = null)
    {
        var axis = new LinearAxis();
        axis.SetProperty("title", Props(new Title(), ("text", title)));
        if (dtick is { } d)
        {
            axis.SetProperty("dtick", d);
        }

        if (min is { } lo && max is { } hi)
        {
            axis.SetProperty("range", new[] { lo, hi });
        }

        return axis;
    }

    private static LinearAxis SecondAxis(string title, double? min = null, double? max = null)
    {
        var axis = Axis(title, min: min, max: max);
        axis.SetProperty("overlaying", "y");
        axis.SetProperty("side", "right");
        return axis;
    }

    // The chart's layout (title, height, axes, further attributes) and config: a responsive width, no plotly logo.
    private static GenericChart Finish(GenericChart chart, string title, int height, LinearAxis? x = null, LinearAxis? y = null, LinearAxis? y2 = null, params (string Name, object Value)[] more)
    {
        var layout = Props(new Layout(), ("title", Props(new Title(), ("text", title))), ("height", height));
        foreach (var (name, axis) in new[] { ("xaxis", x), ("yaxis", y), ("yaxis2", y2) })
        {
            if (axis is not null)
            {
                layout.SetProperty(name, axis);
            }
        }

        foreach (var (name, value) in more)
        {
            layout.SetProperty(name, value);
        }

        chart = GenericChart.addLayout(layout, chart);
        return GenericChart.addConfig(Props(new Config(), ("responsive", true), ("displaylogo", false)), chart);
    }

    // Plotly.NET's objects are dynamic: any plotly.js attribute can be set by its name.
    internal static T Props<T>(T obj, params (string Name, object Value)[] properties)
        where T : DynamicObj.DynamicObj
    {
        foreach (var (name, value) in properties)
        {
            obj.SetProperty(name, value);
        }

        return obj;
    }

    // With a right axis, the legend goes under the chart instead of over that axis.
    private static (string, object) LegendBelow() => ("legend", Props(new Legend(), ("orientation", "h"), ("y", -0.25)));

    private static GenericChart RightAxis(GenericChart chart) => Set(chart, "yaxis", "y2");

    // Sets one plotly.js attribute on every trace of the chart.
    internal static GenericChart Set(GenericChart chart, string attribute, object value) =>
        GenericChart.mapTrace(FuncConvert.FromFunc<Trace, Trace>(t =>
        {
            t.SetProperty(attribute, value);
            return t;
        }), chart);


    private static string Palette(int c)
    {
        // ten strong colours, then their light tints: twenty clusters before a colour comes again
        string[] colors = [Blue, Orange, Green, Red, Purple, "#8c564b", "#e377c2", Grey, "#bcbd22", "#17becf",
            "#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5", "#c49c94", "#f7b6d2", "#c7c7c7", "#dbdb8d", "#9edae5"];
        return colors[((c % colors.Length) + colors.Length) % colors.Length];
    }
}
