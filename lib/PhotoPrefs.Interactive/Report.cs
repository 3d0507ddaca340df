using System.Globalization;
using System.Net;
using System.Text;
using Plotly.NET;
using System.Text.Json;
using PhotoPrefs.Clustering;
using PhotoPrefs.Duplicates;
using PhotoPrefs.Embeddings;
using PhotoPrefs.Evaluation;
using PhotoPrefs.Features;
using PhotoPrefs.SemiSupervised;
using PhotoPrefs.Store;
using PhotoPrefs.Suggestions;

namespace PhotoPrefs.Interactive;

/// <summary>An evaluation to show in the report: true labels against the model's scores on photos it did not train on.</summary>
/// <param name="Title">What was evaluated (for example "J, 375 photos not labeled").</param>
/// <param name="Truth">True labels (true = delete).</param>
/// <param name="Scores">p(delete).</param>
/// <param name="Threshold">Decision threshold.</param>
public sealed record ReportEvaluation(string Title, IReadOnlyList<bool> Truth, IReadOnlyList<double> Scores, double Threshold = 0.5);

/// <summary>
/// The self-contained HTML report: album overview, eigen-photos, cluster sweep and representatives, training
/// curves, evaluation, deletion suggestions and, when given, the study table. plotly.js and every thumbnail
/// are embedded, so the file works offline.
/// </summary>
public static class Report
{
    /// <summary>Builds the report.</summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="user">The user whose model and suggestions to show; null for the album sections only.</param>
    /// <param name="evaluation">An evaluation to show; may be null.</param>
    /// <param name="study">A study to show; may be null.</param>
    /// <returns>The HTML page.</returns>
    public static string Build(Workspace workspace, string? user = null, ReportEvaluation? evaluation = null, StudyResult? study = null)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">")
            .Append("<title>PhotoPrefs report</title>").Append(SuggestionExport.CardsStyle)
            .Append("<style>h2{border-bottom:1px solid #ddd;padding-bottom:4px;margin-top:2em}table.pp{border-collapse:collapse}table.pp td,table.pp th{border:1px solid #ccc;padding:3px 8px;text-align:right}table.pp th{background:#f4f4f4}.pp-note{color:#555;max-width:60em}</style>")
            .Append(ChartHtml.PageScripts()).Append("</head><body>");
        html.Append("<h1>PhotoPrefs report</h1><p class=\"pp-note\">PhotoPrefs suggests; it never deletes, moves or modifies the album's files.</p>");
        Overview(workspace, html);
        Eigen(workspace, html);
        Clusters(workspace, html);
        var duplicates = NearDuplicates(workspace, html);
        if (user is not null)
        {
            Training(workspace, user, html);
        }

        if (evaluation is not null)
        {
            var m = ConfusionMatrix.At(evaluation.Truth, evaluation.Scores, evaluation.Threshold);
            html.Append("<h2>Evaluation</h2><p class=\"pp-note\">").Append(Enc(evaluation.Title))
                .Append(CultureInfo.InvariantCulture, $": accuracy {m.Accuracy:F3}, precision {m.Precision:F3}, recall {m.Recall:F3}, F1 {m.F1:F3}, ROC-AUC {Metrics.RocAuc(evaluation.Truth, evaluation.Scores):F3} at threshold {evaluation.Threshold:F2}.</p>")
                .Append(Chart(Charts.Confusion(m, "Confusion matrix")))
                .Append(Chart(Charts.PrecisionRecall(Metrics.PrecisionRecallCurve(evaluation.Truth, evaluation.Scores))));
        }

        if (user is not null && StoredModels.Latest(workspace, user) is not null)
        {
            var cut = DeletionSuggestions.Cut(StoredModels.Latest(workspace, user)!, new SuggestOptions());
            var list = DeletionSuggestions.For(workspace, user, new SuggestOptions(), duplicates);
            var expected = list.Count == 0 ? "" : $" Expected precision of the list {DeletionSuggestions.ExpectedPrecision(list):F2} (the mean p(delete) of its photos).";
            html.Append("<h2>Deletion suggestions for ").Append(Enc(user)).Append("</h2>")
                .Append(CultureInfo.InvariantCulture, $"<p class=\"pp-note\">{list.Count} photos with p(delete) of at least {cut.Threshold:F2}, most likely first{(list.Count > 60 ? " (the first 60 shown)" : "")}.{Enc(expected)} Review them; act on them yourself.</p>")
                .Append(SuggestionExport.Cards(workspace, list.Take(60).ToList()));
        }

        if (study is not null)
        {
            Study(study, html);
        }

        html.Append(CultureInfo.InvariantCulture, $"<p class=\"pp-note\">Made by PhotoPrefs on {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC from {Enc(workspace.Directory)}.</p></body></html>");
        return html.ToString();
    }

    /// <summary>Builds the report and writes it atomically (a temporary file renamed over the target).</summary>
    /// <param name="path">Output file.</param>
    /// <param name="workspace">The workspace.</param>
    /// <param name="user">The user, or null.</param>
    /// <param name="evaluation">An evaluation, or null.</param>
    /// <param name="study">A study, or null.</param>
    /// <returns>The full path written.</returns>
    public static string Write(string path, Workspace workspace, string? user = null, ReportEvaluation? evaluation = null, StudyResult? study = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var tmp = full + ".tmp";
        File.WriteAllText(tmp, Build(workspace, user, evaluation, study), new UTF8Encoding(false));
        File.Move(tmp, full, overwrite: true);
        return full;
    }

    /// <summary>A representatives montage: per cluster, a row of thumbnails, the representatives outlined.</summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="perCluster">Thumbnails per cluster.</param>
    /// <returns>The HTML fragment (empty when the album is not clustered).</returns>
    public static string Montage(Workspace workspace, int perCluster = 8)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var latest = ClusteringStore.Latest(workspace);
        var paths = PhotoStore.Paths(workspace);
        var rows = (latest?.Members ?? []).Select(m => (Photo: m.PhotoId, m.Cluster, Rank: m.RepresentativeRank, Path: paths.GetValueOrDefault(m.PhotoId, "?")))
            .OrderBy(m => m.Cluster).ThenBy(m => m.Rank is null).ThenBy(m => m.Rank).ThenBy(m => m.Photo).ToList();
        using var db = workspace.Connect();
        var sb = new StringBuilder("<div class=\"pp-montage\">");
        foreach (var g in rows.GroupBy(x => x.Cluster))
        {
            sb.Append(CultureInfo.InvariantCulture, $"<div style=\"margin:6px 0\"><b>cluster {g.Key}</b> ({g.Count()} photos)<div style=\"display:flex;gap:4px;flex-wrap:wrap\">");
            foreach (var (photo, _, rank, path) in g.Take(perCluster))
            {
                var thumb = ThumbnailStore.Get(db, photo, ThumbnailKinds.Thumb);
                var border = rank is null ? "2px solid transparent" : "3px solid #2ca02c";
                sb.Append(CultureInfo.InvariantCulture, $"<img title=\"{Enc(path)}{(rank is { } k ? $" (representative #{k + 1})" : "")}\" style=\"width:96px;height:72px;object-fit:cover;border:{border}\" src=\"data:image/jpeg;base64,{(thumb is null ? "" : Convert.ToBase64String(thumb))}\">");
            }

            sb.Append("</div></div>");
        }

        return sb.Append("</div>").ToString();
    }

    private static string Chart(GenericChart chart) => ChartHtml.Fragment(chart);

    private static string Enc(string s) => WebUtility.HtmlEncode(s);

    private static void Overview(Workspace ws, StringBuilder html)
    {
        var s = WorkspaceSummary.Read(ws);
        html.Append("<h2>Album</h2><table class=\"pp\">")
            .Append(CultureInfo.InvariantCulture, $"<tr><th>photos</th><td>{s.Photos}</td></tr><tr><th>skipped files</th><td>{s.Skipped.Count}</td></tr>")
            .Append(CultureInfo.InvariantCulture, $"<tr><th>formats</th><td>{Enc(string.Join(", ", s.Formats.Select(kv => $"{kv.Key} {kv.Value}")))}</td></tr>")
            .Append(CultureInfo.InvariantCulture, $"<tr><th>taken</th><td>{s.FirstTaken:yyyy-MM-dd} to {s.LastTaken:yyyy-MM-dd}</td></tr>")
            .Append(CultureInfo.InvariantCulture, $"<tr><th>compressed copies</th><td>{s.CompressedBytes / 1024.0:F0} KB in all</td></tr>")
            .Append(CultureInfo.InvariantCulture, $"<tr><th>labels</th><td>{Enc(string.Join("; ", s.Labels.Select(kv => $"{kv.Key}: {kv.Value.Keep} keep, {kv.Value.Delete} delete")))}</td></tr></table>");
        var sizes = ThumbnailStore.Lengths(ws, ThumbnailKinds.Compressed).Select(b => (double)b).ToList();
        if (sizes.Count > 0)
        {
            html.Append(Chart(Charts.Histogram(sizes, "Byte-target compressed copies", "bytes")));
        }
    }

    private static void Eigen(Workspace ws, StringBuilder html)
    {
        if (FeatureExtraction.LoadPcaModel(ws) is { } pca)
        {
            html.Append("<h2>Eigen-photos</h2>").Append(Chart(Charts.ExplainedVariance(pca.Ratios)));
        }
    }

    private static void Clusters(Workspace ws, StringBuilder html)
    {
        var latest = ClusteringStore.Latest(ws);
        var (sweepJson, k) = (latest?.SweepJson, latest?.K ?? 0);
        if (sweepJson is null)
        {
            return;
        }

        var sweep = JsonSerializer.Deserialize<List<KScore>>(sweepJson) ?? [];
        html.Append("<h2>Clusters</h2>").Append(Chart(Charts.ClusterSweep(sweep, k)));
        try
        {
            var (ids, pca, d) = FeatureStore.Load(ws, FeatureKinds.Pca);
            var members = new Dictionary<long, (int Cluster, bool Rep)>();
            var paths = PhotoStore.Paths(ws);
            foreach (var m in latest!.Members)
            {
                members[m.PhotoId] = (m.Cluster, m.RepresentativeRank is not null);
            }

            if (d >= 2)
            {
                var xy = new float[ids.Length * 2];
                for (int i = 0; i < ids.Length; i++)
                {
                    xy[2 * i] = pca[i * d];
                    xy[(2 * i) + 1] = pca[(i * d) + 1];
                }

                var clusters = ids.Select(id => members.TryGetValue(id, out var m) ? m.Cluster : -1).ToArray();
                var reps = Enumerable.Range(0, ids.Length).Where(i => members.TryGetValue(ids[i], out var m) && m.Rep).ToHashSet();
                html.Append(Chart(Charts.PcaScatter(xy, clusters, ids.Select(id => paths.GetValueOrDefault(id, "?")).ToArray(), reps, Gallery.CompressedUris(ws, ids))));
            }
        }
        catch (PhotoPrefsException)
        {
            // No PCA features: the sweep alone is shown.
        }

        html.Append("<h3>Representatives (outlined: label these first)</h3>").Append(Montage(ws));
    }

    /// <summary>Groups shown with pictures per kind; the rest are listed in text, up to <see cref="DuplicatesListed"/> lines.</summary>
    private const int DuplicatesShown = 8;

    private const int DuplicatesListed = 2000;

    /// <summary>The near-duplicates section; returns the groups it found (null when it could not), for the suggestions.</summary>
    private static IReadOnlyList<DuplicateGroup>? NearDuplicates(Workspace ws, StringBuilder html)
    {
        html.Append("<h2>Near-duplicates</h2>");
        long photos, embedded;
        using (var db = ws.Connect())
        {
            photos = PhotoStore.Count(db);
        }

        embedded = FeatureStore.Count(ws, EmbeddingExtraction.Kind);
        if (photos == 0 || embedded < photos)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"pp-note\">{embedded} of {photos} photos have an embedding: run <code>photoprefs features</code>, then <code>photoprefs duplicates</code> or this report again, for the groups of copies, bursts and similar shots.</p>");
            return null;
        }

        IReadOnlyList<DuplicateGroup> groups;
        try
        {
            groups = AlbumDuplicates.Stored(ws);
        }
        catch (PhotoPrefsException e)
        {
            html.Append("<p class=\"pp-note\">").Append(Enc(e.Message)).Append("</p>");
            return null;
        }

        html.Append(CultureInfo.InvariantCulture, $"<p class=\"pp-note\">{groups.Count} groups: {groups.Count(g => g.Kind == DuplicateKind.Copy)} of copies (exact, or edited and re-encoded), {groups.Count(g => g.Kind == DuplicateKind.Burst)} bursts, {groups.Count(g => g.Kind == DuplicateKind.Similar)} of similar shots. The photo to keep has a green frame; {groups.Sum(g => g.Members.Count - 1)} others could go. <code>photoprefs duplicates --json</code> lists every group.</p>");
        using var conn = ws.Connect();
        var listed = 0;
        foreach (var ofKind in groups.GroupBy(g => g.Kind))
        {
            html.Append(CultureInfo.InvariantCulture, $"<h3>{ofKind.Key switch { DuplicateKind.Copy => "Copies", DuplicateKind.Burst => "Bursts", _ => "Similar shots" }} ({ofKind.Count()})</h3>");
            foreach (var g in ofKind.Take(DuplicatesShown))
            {
                html.Append("<div style=\"margin:6px 0\"><div class=\"pp-note\">keep <b>").Append(Enc(g.Keep.Path)).Append("</b>: ").Append(Enc(string.Join("; ", g.Reasons)))
                    .Append("</div><div style=\"display:flex;gap:4px;flex-wrap:wrap\">");
                foreach (var m in g.Members.Take(6))
                {
                    var thumb = ThumbnailStore.Get(conn, m.PhotoId, ThumbnailKinds.Thumb);
                    var border = m == g.Keep ? "3px solid #2ca02c" : "3px solid #ccc";
                    html.Append(CultureInfo.InvariantCulture, $"<img title=\"{Enc(m.Path)} ({m.Width} x {m.Height})\" style=\"width:96px;height:72px;object-fit:cover;border:{border}\" src=\"data:image/jpeg;base64,{(thumb is null ? "" : Convert.ToBase64String(thumb))}\">");
                }

                if (g.Members.Count > 6)
                {
                    html.Append(CultureInfo.InvariantCulture, $"<span class=\"pp-note\">and {g.Members.Count - 6} more</span>");
                }

                html.Append("</div></div>");
            }

            var rest = ofKind.Skip(DuplicatesShown).ToList();
            if (rest.Count > 0)
            {
                html.Append(CultureInfo.InvariantCulture, $"<details><summary>{rest.Count} more</summary><ul class=\"pp-note\">");
                foreach (var g in rest)
                {
                    if (listed++ >= DuplicatesListed)
                    {
                        html.Append("<li>… the rest: <code>photoprefs duplicates --all</code></li>");
                        break;
                    }

                    html.Append("<li>keep ").Append(Enc(g.Keep.Path)).Append("; also ").Append(Enc(string.Join(", ", g.Members.Skip(1).Select(m => m.Path)))).Append("</li>");
                }

                html.Append("</ul></details>");
            }
        }

        return groups;
    }

    private static void Training(Workspace ws, string user, StringBuilder html)
    {
        if (StoredModels.Latest(ws, user) is not { } model)
        {
            return;
        }

        html.Append("<h2>Training (").Append(Enc(user)).Append(")</h2>")
            .Append(CultureInfo.InvariantCulture, $"<p class=\"pp-note\">FixMatch on {model.Labels} labels and every photo of the album as the unlabeled pool, {model.Steps} steps.</p>")
            .Append(Chart(Charts.TrainingCurves(model.History, Math.Max(1, model.History.Count / 300))));
    }

    /// <summary>The study as a table: one row per user and variant (F1 mean and deviation, precision, recall).</summary>
    /// <param name="study">The study.</param>
    /// <returns>HTML.</returns>
    internal static string StudyTable(StudyResult study)
    {
        var sb = new StringBuilder("<table class=\"pp\"><tr><th>user</th><th>variant</th><th>F1 mean</th><th>F1 std</th><th>precision</th><th>recall</th></tr>");
        foreach (var u in study.Users)
        {
            foreach (var v in new[] { u.Main }.Concat(u.Ablations.Values))
            {
                sb.Append(CultureInfo.InvariantCulture, $"<tr><td>{Enc(u.User)}</td><td>{Enc(v.Name)}</td><td>{v.F1Mean:F3}</td><td>{v.F1Std:F3}</td><td>{v.PrecisionMean:F3}</td><td>{v.RecallMean:F3}</td></tr>");
            }
        }

        return sb.Append("</table>").ToString();
    }

    private static void Study(StudyResult study, StringBuilder html)
    {
        html.Append("<h2>Study</h2>").Append(StudyTable(study)).Append(Chart(Charts.StudyF1(study)));
        foreach (var u in study.Users)
        {
            html.Append(Chart(Charts.Confusion(u.Main.Confusion, $"{u.User}, all seeds")));
        }
    }
}
