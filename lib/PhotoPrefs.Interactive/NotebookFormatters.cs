using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text;
using Microsoft.CodeAnalysis.Scripting;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;
using Plotly.NET;
using PhotoPrefs.Clustering;
using PhotoPrefs.Evaluation;
using PhotoPrefs.SemiSupervised;
using PhotoPrefs.Store;
using PhotoPrefs.Suggestions;

namespace PhotoPrefs.Interactive;

/// <summary>
/// Rich display of the library's objects in notebooks, through Microsoft.DotNet.Interactive.Formatting (the
/// formatters Polyglot Notebooks and Jupyter's .NET kernel use): <c>display(x)</c> or a cell's last value renders a
/// Plotly.NET chart, a clustering as its sweep chart and representatives, a confusion matrix as a heatmap, and so on.
/// A chart, and a value shown with one, comes as one output with two formats: <c>image/svg+xml</c>, the static figure
/// of <see cref="ChartSvg"/>, and <c>text/html</c> (<see cref="ChartHtml.Fragment"/>), which holds that figure and the
/// interactive chart; a front end shows the richer one it can.
/// </summary>
public static class NotebookFormatters
{
    /// <summary>The MIME type of the static figures.</summary>
    public const string SvgMimeType = "image/svg+xml";

    private static readonly Lock Gate = new();
    private static bool _registered;

    /// <summary>
    /// Registers the formatters (once per process), and, called in a kernel's cell, displays one hidden output that
    /// carries plotly.js (<see cref="ChartHtml.NotebookPlotlyJs"/>), so that the notebook's charts are interactive
    /// offline. It does so at every call, so that a notebook run again in the same kernel still saves its copy.
    /// Outside a kernel (a program, a test) it only registers.
    /// </summary>
    /// <remarks>
    /// In a C# kernel whose own Microsoft.DotNet.Interactive was built against an older
    /// Microsoft.AspNetCore.Html.Abstractions than the one the process runs on (the dotnet-interactive tool
    /// 1.0.712001: 2.3.0.0, on ASP.NET Core 10's 10.0.0.0), every cell that uses <c>HTML(…)</c> would print the
    /// compiler's "warning CS1701: Assuming assembly reference … matches identity …", a warning the .NET SDK turns
    /// off in every project. Scripting has no switch for one warning, so there the kernel's C# warning level becomes
    /// 1, which leaves out that warning (level 2) and the other level 2 to 4 warnings (such as an unused variable),
    /// and keeps errors and level 1 warnings.
    /// </remarks>
    public static void Register()
    {
        QuietAssemblyUnification();
        ShowPlotlyJs();
        lock (Gate)
        {
            if (_registered)
            {
                return;
            }

            _registered = true;
        }

        Figure<GenericChart>(c => c, (_, chart) => chart);
        Html<WorkspaceSummary>(Summary);
        // Key results also come as a plain table, beside their chart.
        Figure<AlbumClusteringResult>(c => Charts.ClusterSweep(c.Sweep, c.ChosenK), (c, chart) => chart + Enc($"k = {c.ChosenK}; {c.Representatives.Count} representatives to label first") + SweepTable(c));
        Figure<ConfusionMatrix>(m => Charts.Confusion(m), (m, chart) => chart + Counts(m) + Table(("accuracy", m.Accuracy), ("balanced accuracy", m.BalancedAccuracy), ("precision", m.Precision), ("recall", m.Recall), ("F1", m.F1), ("F0.5", m.FBeta(0.5))));
        Figure<List<TrainingRecord>>(h => Charts.TrainingCurves(h, Math.Max(1, h.Count / 300)), (_, chart) => chart);
        Figure<TrainingRecord[]>(h => Charts.TrainingCurves(h, Math.Max(1, h.Length / 300)), (_, chart) => chart);
        Figure<StoredModel>(m => Charts.TrainingCurves(m.History, Math.Max(1, m.History.Count / 300)), (m, chart) => Enc($"model {m.Id} of {m.User}: {m.Labels} labels, {m.Steps} steps{(m.Members > 1 ? $", {m.Members} models averaged (the curves are the first one's)" : "")}, {m.PDelete.Values.Count(p => p >= 0.5)} of {m.PDelete.Count} photos at p(delete) ≥ 0.5") + chart + HistoryTable(m.History) + TopPredictions(m));
        Html<PhotoCard>(c => string.Create(CultureInfo.InvariantCulture, $"<div style=\"display:flex;gap:12px;align-items:flex-start\"><img alt=\"\" style=\"max-width:256px\" src=\"data:image/jpeg;base64,{Convert.ToBase64String(c.Thumbnail)}\"><table><tr><th>photo</th><td>{WebUtility.HtmlEncode(c.Path)}</td></tr><tr><th>id</th><td>{c.Id}</td></tr><tr><th>taken</th><td>{WebUtility.HtmlEncode(c.TakenAt ?? "")}</td></tr><tr><th>size</th><td>{c.Width} x {c.Height}</td></tr><tr><th>labels</th><td>{WebUtility.HtmlEncode(string.Join(", ", c.Labels.Select(kv => $"{kv.Key}: {kv.Value}")))}</td></tr></table></div>"));
        Html<List<Representative>>(RepresentativeTable);
        Html<Representative[]>(RepresentativeTable);
        Html<List<Suggestion>>(SuggestionTable);
        Html<Suggestion[]>(SuggestionTable);
        Figure<StudyResult>(Charts.StudyF1, (study, chart) => Report.StudyTable(study) + chart);
    }

    private static void QuietAssemblyUnification()
    {
        if (KernelInvocationContext.Current?.HandlingKernel is not CSharpKernel kernel)
        {
            return;
        }

        const string html = "Microsoft.AspNetCore.Html.Abstractions";
        var wanted = typeof(Kernel).Assembly.GetReferencedAssemblies().FirstOrDefault(a => a.Name == html)?.Version;
        // The version the process binds that name to (ASP.NET Core's, where the kernel runs on it).
        var loaded = typeof(Microsoft.AspNetCore.Html.IHtmlContent).Assembly.GetName().Version;
        if (wanted is null || loaded is null || loaded <= wanted)
        {
            return;
        }

        // The kernel keeps its compiler options in a private field; a kernel without it is left as it is.
        var field = typeof(CSharpKernel).GetField("_scriptOptions", BindingFlags.NonPublic | BindingFlags.Instance);
        if (field?.GetValue(kernel) is ScriptOptions options && options.WarningLevel > 1)
        {
            field.SetValue(kernel, options.WithWarningLevel(1));
        }
    }

    private static void ShowPlotlyJs()
    {
        if (KernelInvocationContext.Current is not { } context)
        {
            return;
        }

        var html = ChartHtml.NotebookPlotlyJs();
        context.Publish(new DisplayedValueProduced(html, context.Command, [new FormattedValue(HtmlFormatter.MimeType, html)]));
    }

    private static void Html<T>(Func<T, string> render) =>
        Formatter.Register<T>((value, writer) => writer.Write(render(value)), HtmlFormatter.MimeType);

    // A value shown as a chart: its static figure as image/svg+xml, and as text/html the chart's fragment within what
    // else the value shows; both in one output.
    private static void Figure<T>(Func<T, GenericChart> chart, Func<T, string, string> html)
    {
        Formatter.Register<T>((value, writer) => writer.Write(html(value, ChartHtml.Fragment(chart(value)))), HtmlFormatter.MimeType);
        Formatter.Register<T>((value, writer) => writer.Write(ChartSvg.Render(chart(value))), SvgMimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(T), HtmlFormatter.MimeType, SvgMimeType);
    }

    private static string Enc(string s) => "<p>" + WebUtility.HtmlEncode(s) + "</p>";

    private static string Table(params (string Name, double Value)[] rows)
    {
        var sb = new StringBuilder("<table>");
        foreach (var (name, value) in rows)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<tr><th style=\"text-align:left\">{WebUtility.HtmlEncode(name)}</th><td>{value:F3}</td></tr>");
        }

        return sb.Append("</table>").ToString();
    }

    private static string RepresentativeTable(IReadOnlyList<Representative> reps)
    {
        var sb = new StringBuilder("<table><tr><th>#</th><th>row</th><th>cluster</th><th>rank in cluster</th><th>distance to medoid</th></tr>");
        for (int i = 0; i < reps.Count; i++)
        {
            var r = reps[i];
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td>{i + 1}</td><td>{r.Row}</td><td>{r.Cluster}</td><td>{r.RankInCluster}</td><td>{r.DistanceToMedoid:F3}</td></tr>");
        }

        return sb.Append("</table>").ToString();
    }

    private static string TopPredictions(StoredModel m)
    {
        var sb = new StringBuilder("<table><tr><th>photo id</th><th>p(delete)</th></tr>");
        foreach (var (id, p) in m.PDelete.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key).Take(10))
        {
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td>{id}</td><td>{p:F3}</td></tr>");
        }

        return sb.Append("</table>").ToString();
    }

    private static string HistoryTable(IReadOnlyList<TrainingRecord> history)
    {
        var sb = new StringBuilder("<table><tr><th>step</th><th>labeled loss</th><th>unlabeled loss</th><th>mask rate</th><th>learning rate</th></tr>");
        int every = Math.Max(1, history.Count / 8);
        foreach (var r in history.Where((_, i) => i % every == 0 || i == history.Count - 1))
        {
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td>{r.Step}</td><td>{r.LabeledLoss:F4}</td><td>{r.UnlabeledLoss:F4}</td><td>{r.MaskRate:P0}</td><td>{r.LearningRate:F4}</td></tr>");
        }

        return sb.Append("</table>").ToString();
    }

    private static string SweepTable(AlbumClusteringResult c)
    {
        var sb = new StringBuilder("<table><tr><th>k</th><th>silhouette</th><th>Davies-Bouldin</th><th></th></tr>");
        foreach (var s in c.Sweep)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td>{s.K}</td><td>{s.Silhouette:F3}</td><td>{s.DaviesBouldin:F3}</td><td>{(s.K == c.ChosenK ? "chosen" : "")}</td></tr>");
        }

        return sb.Append("</table>").ToString();
    }

    private static string Counts(ConfusionMatrix m) => string.Create(CultureInfo.InvariantCulture,
        $"<table><tr><th></th><th>predicted keep</th><th>predicted delete</th></tr><tr><th>truly keep</th><td>{m.TrueNegatives}</td><td>{m.FalsePositives}</td></tr><tr><th>truly delete</th><td>{m.FalseNegatives}</td><td>{m.TruePositives}</td></tr></table>");

    private static string Summary(WorkspaceSummary s) =>
        $"<table><tr><th style=\"text-align:left\">photos</th><td>{s.Photos}</td></tr><tr><th style=\"text-align:left\">skipped</th><td>{s.Skipped.Count}</td></tr>"
        + $"<tr><th style=\"text-align:left\">formats</th><td>{WebUtility.HtmlEncode(string.Join(", ", s.Formats.Select(kv => $"{kv.Key} {kv.Value}")))}</td></tr>"
        + string.Create(CultureInfo.InvariantCulture, $"<tr><th style=\"text-align:left\">taken</th><td>{s.FirstTaken:yyyy-MM-dd} to {s.LastTaken:yyyy-MM-dd}</td></tr><tr><th style=\"text-align:left\">compressed</th><td>{s.CompressedBytes / 1024.0:F0} KB</td></tr></table>");

    private static string SuggestionTable(IReadOnlyList<Suggestion> list)
    {
        var sb = new StringBuilder("<table><tr><th>#</th><th>p(delete)</th><th>photo</th><th>why</th></tr>");
        foreach (var s in list.Take(50))
        {
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td>{s.Rank}</td><td>{s.PDelete:F3}</td><td>{WebUtility.HtmlEncode(s.File)}</td><td>{WebUtility.HtmlEncode(string.Join(", ", s.Reasons))}</td></tr>");
        }

        return sb.Append("</table>").Append(list.Count > 50 ? Enc($"… and {list.Count - 50} more") : "").ToString();
    }
}
