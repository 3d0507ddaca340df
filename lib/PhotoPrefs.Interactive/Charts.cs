using System.Globalization;
using PhotoPrefs.Clustering;
using PhotoPrefs.Evaluation;
using PhotoPrefs.Interactive.Plotly;
using PhotoPrefs.SemiSupervised;

namespace PhotoPrefs.Interactive;

/// <summary>Ready-made charts for every stage, as <see cref="Figure"/>s.</summary>
public static class Charts
{
    private const string Blue = "#1f77b4", Orange = "#ff7f0e", Green = "#2ca02c", Red = "#d62728", Purple = "#9467bd", Grey = "#7f7f7f";

    /// <summary>Silhouette (left axis) and Davies-Bouldin index (right axis) against k, the chosen k marked.</summary>
    /// <param name="scores">The sweep.</param>
    /// <param name="chosenK">The chosen k.</param>
    /// <returns>The figure.</returns>
    public static Figure ClusterSweep(IReadOnlyList<KScore> scores, int chosenK)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var ks = scores.Select(s => (object)s.K).ToList();
        var fig = new Figure().Add(
            new Scatter { Name = "silhouette (higher is better)", X = ks, Y = scores.Select(s => (object)s.Silhouette).ToList(), Mode = "lines+markers", Line = new Line { Color = Blue } },
            new Scatter { Name = "Davies-Bouldin (lower is better)", X = ks, Y = scores.Select(s => (object)s.DaviesBouldin).ToList(), Mode = "lines+markers", Line = new Line { Color = Orange }, YAxisId = "y2" });
        fig.Layout = new Layout
        {
            Title = new Title($"Choosing k: chosen k = {chosenK}"),
            XAxis = new Axis { Title = new Title("k (clusters)"), DTick = 1 },
            YAxis = new Axis { Title = new Title("silhouette") },
            YAxis2 = new Axis { Title = new Title("Davies-Bouldin index"), Overlaying = "y", Side = "right" },
            Shapes = [new Shape { X0 = chosenK, X1 = chosenK, Y0 = 0, Y1 = 1, Line = new Line { Color = Green, Dash = "dash", Width = 2 } }],
            Height = 380,
        };
        return fig;
    }

    /// <summary>Photos on the first two principal components, coloured by cluster; hovering names the photo.</summary>
    /// <param name="xy">Row-major coordinates, two per photo.</param>
    /// <param name="clusters">Cluster per photo.</param>
    /// <param name="names">Photo names (hover text).</param>
    /// <param name="representatives">Rows drawn in black (to label first); may be null.</param>
    /// <param name="images">Per photo, an image data URI shown when hovering its point; may be null.</param>
    /// <returns>The figure.</returns>
    public static Figure PcaScatter(float[] xy, IReadOnlyList<int> clusters, IReadOnlyList<string> names, IReadOnlySet<int>? representatives = null, IReadOnlyList<string>? images = null)
    {
        ArgumentNullException.ThrowIfNull(xy);
        ArgumentNullException.ThrowIfNull(clusters);
        ArgumentNullException.ThrowIfNull(names);
        var fig = new Figure();
        foreach (var c in clusters.Distinct().Order())
        {
            var rows = Enumerable.Range(0, clusters.Count).Where(i => clusters[i] == c).ToList();
            fig.Add(new Scatter
            {
                Name = $"cluster {c}",
                X = rows.Select(i => (object)xy[2 * i]).ToList(),
                Y = rows.Select(i => (object)xy[(2 * i) + 1]).ToList(),
                Mode = "markers",
                Text = rows.Select(i => names[i]).ToList(),
                CustomData = images is null ? null : rows.Select(i => (object)images[i]).ToList(),
                HoverTemplate = "%{text}<extra>cluster " + c.ToString(CultureInfo.InvariantCulture) + "</extra>",
                Marker = new Marker
                {
                    Size = 8,
                    Symbol = null,
                    Colors = rows.Select(i => (object)(representatives?.Contains(i) == true ? "black" : Palette(c))).ToList(),
                },
            });
        }

        fig.Layout = new Layout
        {
            Title = new Title("Photos on the first two principal components (black: representatives to label first)"),
            XAxis = new Axis { Title = new Title("PC 1") },
            YAxis = new Axis { Title = new Title("PC 2") },
            Height = 480,
            HoverMode = "closest",
        };
        return fig;
    }

    /// <summary>Explained variance per component (bars) and cumulative (line).</summary>
    /// <param name="ratios">Explained-variance ratios, largest first.</param>
    /// <returns>The figure.</returns>
    public static Figure ExplainedVariance(IReadOnlyList<double> ratios)
    {
        ArgumentNullException.ThrowIfNull(ratios);
        var x = Enumerable.Range(1, ratios.Count).Select(i => (object)i).ToList();
        double sum = 0;
        var cumulative = ratios.Select(r => (object)(sum += r)).ToList();
        var fig = new Figure().Add(
            new Bar { Name = "per component", X = x, Y = ratios.Select(r => (object)r).ToList(), Marker = new Marker { Color = Blue } },
            new Scatter { Name = "cumulative", X = x, Y = cumulative, Mode = "lines", Line = new Line { Color = Orange } });
        fig.Layout = new Layout
        {
            Title = new Title("Explained variance of the eigen-photos"),
            XAxis = new Axis { Title = new Title("component") },
            YAxis = new Axis { Title = new Title("share of variance"), TickFormat = ".0%", Range = [0, 1] },
            Height = 360,
        };
        return fig;
    }

    /// <summary>FixMatch's training curves: losses (left axis), mask rate, pseudo-label accuracy and learning rate (right axis).</summary>
    /// <param name="history">The history.</param>
    /// <param name="every">Plot every n-th step (1 for all).</param>
    /// <returns>The figure.</returns>
    public static Figure TrainingCurves(IReadOnlyList<TrainingRecord> history, int every = 1)
    {
        ArgumentNullException.ThrowIfNull(history);
        var h = history.Where((_, i) => i % Math.Max(1, every) == 0 || i == history.Count - 1).ToList();
        var steps = h.Select(r => (object)r.Step).ToList();
        var fig = new Figure().Add(
            new Scatter { Name = "labeled loss", X = steps, Y = h.Select(r => (object)r.LabeledLoss).ToList(), Mode = "lines", Line = new Line { Color = Blue } },
            new Scatter { Name = "unlabeled loss", X = steps, Y = h.Select(r => (object)r.UnlabeledLoss).ToList(), Mode = "lines", Line = new Line { Color = Orange } },
            new Scatter { Name = "mask rate", X = steps, Y = h.Select(r => (object)r.MaskRate).ToList(), Mode = "lines", Line = new Line { Color = Green }, YAxisId = "y2" },
            new Scatter { Name = "learning rate / initial", X = steps, Y = h.Select(r => (object)(r.LearningRate / Math.Max(1e-12, history[0].LearningRate))).ToList(), Mode = "lines", Line = new Line { Color = Grey, Dash = "dot" }, YAxisId = "y2" });
        if (h.Any(r => r.PseudoLabelAccuracy is not null))
        {
            fig.Add(new Scatter { Name = "pseudo-label accuracy", X = steps, Y = h.Select(r => (object)(r.PseudoLabelAccuracy ?? double.NaN)).ToList(), Mode = "lines", Line = new Line { Color = Purple }, YAxisId = "y2" });
        }

        fig.Layout = new Layout
        {
            Title = new Title("FixMatch training: L = Lx + λu·Lu"),
            XAxis = new Axis { Title = new Title("step") },
            YAxis = new Axis { Title = new Title("loss") },
            YAxis2 = new Axis { Title = new Title("rate"), Overlaying = "y", Side = "right", Range = [0, 1.05] },
            Height = 400,
        };
        return fig;
    }

    /// <summary>The confusion matrix as a heatmap with its counts written in the cells.</summary>
    /// <param name="m">The matrix.</param>
    /// <param name="title">Title (the user or variant).</param>
    /// <returns>The figure.</returns>
    public static Figure Confusion(ConfusionMatrix m, string title = "Confusion matrix")
    {
        ArgumentNullException.ThrowIfNull(m);
        double[][] z = [[m.TrueNegatives, m.FalsePositives], [m.FalseNegatives, m.TruePositives]];
        var fig = new Figure().Add(new Heatmap
        {
            Z = z,
            X = ["predicted keep", "predicted delete"],
            Y = ["truly keep", "truly delete"],
            CellText = z.Select(row => (IReadOnlyList<string>)row.Select(v => v.ToString(CultureInfo.InvariantCulture)).ToList()).ToList(),
            TextTemplate = "%{text}",
            ColorScale = "Blues",
            ShowScale = false,
            HoverTemplate = "%{y}, %{x}: %{z}<extra></extra>",
        });
        fig.Layout = new Layout
        {
            Title = new Title($"{title}: precision {m.Precision:F2}, recall {m.Recall:F2}, F1 {m.F1:F2}"),
            YAxis = new Axis { AutoRange = "reversed" },
            Height = 340,
            Width = 460,
        };
        return fig;
    }

    /// <summary>Precision against recall as the threshold falls.</summary>
    /// <param name="points">The curve.</param>
    /// <param name="name">Legend name.</param>
    /// <returns>The figure.</returns>
    public static Figure PrecisionRecall(IReadOnlyList<PrPoint> points, string name = "model")
    {
        ArgumentNullException.ThrowIfNull(points);
        var fig = new Figure().Add(new Scatter
        {
            Name = name,
            X = points.Select(p => (object)p.Recall).ToList(),
            Y = points.Select(p => (object)p.Precision).ToList(),
            Mode = "lines+markers",
            Text = points.Select(p => p.Threshold.ToString("F2", CultureInfo.InvariantCulture)).ToList(),
            HoverTemplate = "threshold %{text}: precision %{y:.2f}, recall %{x:.2f}<extra></extra>",
            Line = new Line { Color = Blue },
        });
        fig.Layout = new Layout
        {
            Title = new Title("Precision-recall curve (deletion is the positive class)"),
            XAxis = new Axis { Title = new Title("recall"), Range = [0, 1.02] },
            YAxis = new Axis { Title = new Title("precision"), Range = [0, 1.02] },
            Height = 380,
        };
        return fig;
    }

    /// <summary>A histogram of values (for example compressed sizes in bytes).</summary>
    /// <param name="values">Values.</param>
    /// <param name="title">Title.</param>
    /// <param name="xTitle">x-axis title.</param>
    /// <param name="bins">Maximum bins.</param>
    /// <returns>The figure.</returns>
    public static Figure Histogram(IReadOnlyList<double> values, string title, string xTitle, int bins = 30)
    {
        ArgumentNullException.ThrowIfNull(values);
        var fig = new Figure().Add(new Plotly.Histogram { X = values, NBinsX = bins, Marker = new Marker { Color = Blue } });
        fig.Layout = new Layout { Title = new Title(title), XAxis = new Axis { Title = new Title(xTitle) }, YAxis = new Axis { Title = new Title("photos") }, Height = 340 };
        return fig;
    }

    /// <summary>Grouped bars of F1 per user and variant (the study table at a glance).</summary>
    /// <param name="result">The study.</param>
    /// <returns>The figure.</returns>
    public static Figure StudyF1(StudyResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var users = result.Users.Select(u => (object)u.User).ToList();
        var variants = result.Users.SelectMany(u => new[] { u.Main.Name }.Concat(u.Ablations.Keys)).Distinct().ToList();
        var fig = new Figure();
        foreach (var v in variants)
        {
            var vals = result.Users.Select(u => v == u.Main.Name ? u.Main : u.Ablations.GetValueOrDefault(v)).ToList();
            fig.Add(new Bar
            {
                Name = v,
                X = users,
                Y = vals.Select(x => (object)(x?.F1Mean ?? double.NaN)).ToList(),
                Text = vals.Select(x => x is null ? "" : $"{x.F1Mean:F2} ± {x.F1Std:F2}").ToList(),
                TextPosition = "outside",
            });
        }

        fig.Layout = new Layout { Title = new Title("F1 per user (mean over seeds)"), BarMode = "group", YAxis = new Axis { Title = new Title("F1"), Range = [0, 1.1] }, Height = 400 };
        return fig;
    }

    private static string Palette(int c)
    {
        string[] colors = [Blue, Orange, Green, Red, Purple, "#8c564b", "#e377c2", Grey, "#bcbd22", "#17becf"];
        return colors[((c % colors.Length) + colors.Length) % colors.Length];
    }
}
