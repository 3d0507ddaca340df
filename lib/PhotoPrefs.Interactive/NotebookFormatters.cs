using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.DotNet.Interactive.Formatting;
using Plotly.NET;
using PhotoPrefs.Clustering;
using PhotoPrefs.Evaluation;
using PhotoPrefs.SemiSupervised;
using PhotoPrefs.Store;
using PhotoPrefs.Suggestions;

namespace PhotoPrefs.Interactive;

/// <summary>
/// Rich HTML display of the library's objects in notebooks, through Microsoft.DotNet.Interactive.Formatting (the
/// formatters Polyglot Notebooks use): <c>display(x)</c> or a cell's last value renders a Plotly.NET chart, a
/// clustering as its sweep chart and representatives, a confusion matrix as a heatmap, and so on.
/// </summary>
public static class NotebookFormatters
{
    private static readonly Lock Gate = new();
    private static bool _registered;

    /// <summary>Registers the formatters (once; later calls do nothing).</summary>
    public static void Register()
    {
        lock (Gate)
        {
            if (_registered)
            {
                return;
            }

            _registered = true;
        }

        // Plotly.NET.Interactive's chart formatter, with the hover pictures of the photo map (ChartHtml.Fragment).
        Html<GenericChart>(ChartHtml.Fragment);
        Html<WorkspaceSummary>(Summary);
        // Charts need scripts, which some viewers (GitHub) do not run: key results also come as a plain table.
        Html<AlbumClusteringResult>(c => Chart(Charts.ClusterSweep(c.Sweep, c.ChosenK)) + Enc($"k = {c.ChosenK}; {c.Representatives.Count} representatives to label first") + SweepTable(c));
        Html<ConfusionMatrix>(m => Chart(Charts.Confusion(m)) + Counts(m) + Table(("accuracy", m.Accuracy), ("balanced accuracy", m.BalancedAccuracy), ("precision", m.Precision), ("recall", m.Recall), ("F1", m.F1), ("F0.5", m.FBeta(0.5))));
        Html<List<TrainingRecord>>(h => Chart(Charts.TrainingCurves(h, Math.Max(1, h.Count / 300))));
        Html<TrainingRecord[]>(h => Chart(Charts.TrainingCurves(h, Math.Max(1, h.Length / 300))));
        Html<StoredModel>(m => Enc($"model {m.Id} of {m.User}: {m.Labels} labels, {m.Steps} steps{(m.Members > 1 ? $", {m.Members} models averaged (the curves are the first one's)" : "")}, {m.PDelete.Values.Count(p => p >= 0.5)} of {m.PDelete.Count} photos at p(delete) ≥ 0.5") + Chart(Charts.TrainingCurves(m.History, Math.Max(1, m.History.Count / 300))) + HistoryTable(m.History) + TopPredictions(m));
        Html<PhotoCard>(c => string.Create(CultureInfo.InvariantCulture, $"<div style=\"display:flex;gap:12px;align-items:flex-start\"><img alt=\"\" style=\"max-width:256px\" src=\"data:image/jpeg;base64,{Convert.ToBase64String(c.Thumbnail)}\"><table><tr><th>photo</th><td>{WebUtility.HtmlEncode(c.Path)}</td></tr><tr><th>id</th><td>{c.Id}</td></tr><tr><th>taken</th><td>{WebUtility.HtmlEncode(c.TakenAt ?? "")}</td></tr><tr><th>size</th><td>{c.Width} x {c.Height}</td></tr><tr><th>labels</th><td>{WebUtility.HtmlEncode(string.Join(", ", c.Labels.Select(kv => $"{kv.Key}: {kv.Value}")))}</td></tr></table></div>"));
        Html<List<Representative>>(RepresentativeTable);
        Html<Representative[]>(RepresentativeTable);
        Html<List<Suggestion>>(SuggestionTable);
        Html<Suggestion[]>(SuggestionTable);
        Html<StudyResult>(StudyTable);
    }

    private static void Html<T>(Func<T, string> render) =>
        Formatter.Register<T>((value, writer) => writer.Write(render(value)), HtmlFormatter.MimeType);

    private static string Chart(GenericChart chart) => ChartHtml.Fragment(chart);

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

    private static string StudyTable(StudyResult study) => Report.StudyTable(study) + Chart(Charts.StudyF1(study));
}
