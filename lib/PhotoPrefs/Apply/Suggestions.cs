using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using PhotoPrefs.Clustering;
using PhotoPrefs.Embeddings;
using PhotoPrefs.Features;
using PhotoPrefs.SemiSupervised;
using PhotoPrefs.Store;

namespace PhotoPrefs.Apply;

/// <summary>One photo suggested for deletion.</summary>
/// <param name="Rank">1 for the most likely deletion.</param>
/// <param name="PhotoId">The photo.</param>
/// <param name="File">Its path relative to the album.</param>
/// <param name="PDelete">The model's p(delete).</param>
/// <param name="Reasons">Signals behind it, in words (blurred, dark, burst duplicate of …, copy of …, cluster …).</param>
/// <param name="Cluster">Its cluster in the latest clustering, or null.</param>
public sealed record Suggestion(int Rank, long PhotoId, string File, double PDelete, IReadOnlyList<string> Reasons, int? Cluster);

/// <summary>
/// Ranked deletion suggestions from a user's latest model, with the signals behind each, and exports a person
/// (or their own script) can act on. PhotoPrefs itself never deletes, moves or modifies an album file.
/// </summary>
public static class Suggestions
{
    /// <summary>Builds the ranked list: photos with p(delete) at or above the threshold, highest first.</summary>
    /// <param name="workspace">The workspace (features computed, a model trained).</param>
    /// <param name="user">The user.</param>
    /// <param name="threshold">Decision threshold (0.5 by default).</param>
    /// <param name="duplicates">
    /// The album's near-duplicate groups when the caller has them (<see cref="Duplicates.Find"/>); null for the
    /// workspace's stored groups (<see cref="Duplicates.Stored"/>, searched for when out of date) when every photo has its embedding.
    /// </param>
    /// <returns>The suggestions.</returns>
    /// <exception cref="PhotoPrefsException">No model for the user.</exception>
    public static IReadOnlyList<Suggestion> For(Workspace workspace, string user, double threshold = 0.5, IReadOnlyList<DuplicateGroup>? duplicates = null)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var model = StoredModels.Latest(workspace, user)
            ?? throw new PhotoPrefsException($"no model for user '{user}': run 'photoprefs train --workspace {workspace.Directory} --user {user}' first");
        var signals = PhotoSignals.Load(workspace);
        var paths = LabelStore.PhotoIdsByPath(workspace).ToDictionary(kv => kv.Value, kv => kv.Key);
        var clusters = AlbumClustering.LatestClusters(workspace);
        var reasons = Reasons(signals, paths);
        var copies = duplicates is not null ? CopyReasons(duplicates)
            : HasEmbeddings(workspace, signals.PhotoIds.Count) ? CopyReasons(Duplicates.Stored(workspace)) : new Dictionary<long, string>();
        var rows = signals.PhotoIds.Select((id, i) => (Id: id, Row: i)).Where(t => model.PDelete.TryGetValue(t.Id, out var p) && p >= threshold)
            .OrderByDescending(t => model.PDelete[t.Id]).ThenBy(t => t.Id).ToList();
        var result = new List<Suggestion>();
        foreach (var (id, row) in rows)
        {
            var why = reasons[row].ToList();
            if (copies.TryGetValue(id, out var copy))
            {
                why.Add(copy);
            }

            int? cluster = clusters.TryGetValue(id, out var c) ? c : null;
            if (cluster is { } cl)
            {
                why.Add($"cluster {cl}");
            }

            result.Add(new Suggestion(result.Count + 1, id, paths.GetValueOrDefault(id, "?"), model.PDelete[id], why, cluster));
        }

        return result;
    }

    /// <summary>
    /// Edge width (<see cref="ImageStats.EdgeWidth"/>, pixels of the detail image) from which a photo reads as
    /// blurred: in-focus photos read 2 to 3 px; a Gaussian blur of 1.5 px or more, or a sideways shake of
    /// 15 px, reads wider than 4.
    /// </summary>
    public const float BlurredEdgeWidth = 4;

    /// <summary>
    /// Reasons per photo, from the signals: "blurred" (its crispest edges, along their softest direction, at
    /// least <see cref="BlurredEdgeWidth"/> pixels wide: out of focus or shaken),
    /// "dark" (median brightness below 0.2), "overexposed" (more than a quarter of pixels clipped bright),
    /// "burst duplicate of FILE" (a burst member that is not its sharpest shot).
    /// </summary>
    /// <param name="signals">The signals.</param>
    /// <param name="paths">Path by photo id.</param>
    /// <returns>Reasons per row of <paramref name="signals"/>.</returns>
    public static IReadOnlyList<string>[] Reasons(PhotoSignals signals, IReadOnlyDictionary<long, string> paths)
    {
        ArgumentNullException.ThrowIfNull(signals);
        ArgumentNullException.ThrowIfNull(paths);
        int n = signals.PhotoIds.Count;
        var best = new Dictionary<int, int>();
        for (int i = 0; i < n; i++)
        {
            if (signals.BurstBest[i])
            {
                best[signals.Burst[i]] = i;
            }
        }

        var result = new IReadOnlyList<string>[n];
        for (int i = 0; i < n; i++)
        {
            var r = new List<string>();
            if (signals.Get(i, "edge_width") >= BlurredEdgeWidth)
            {
                r.Add("blurred");
            }

            if (signals.Get(i, "brightness") < 0.2f)
            {
                r.Add("dark");
            }

            if (signals.Get(i, "clipped_bright") > 0.25f)
            {
                r.Add("overexposed");
            }

            if (signals.Burst[i] >= 0 && !signals.BurstBest[i] && best.TryGetValue(signals.Burst[i], out var keeper))
            {
                r.Add("burst duplicate of " + paths.GetValueOrDefault(signals.PhotoIds[keeper], "?"));
            }

            result[i] = r;
        }

        return result;
    }

    /// <summary>"copy of FILE" for every member of a copy group but the one to keep (<see cref="Duplicates"/>).</summary>
    /// <param name="groups">Duplicate groups.</param>
    /// <returns>The reason by photo id.</returns>
    public static Dictionary<long, string> CopyReasons(IEnumerable<DuplicateGroup> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var result = new Dictionary<long, string>();
        foreach (var g in groups.Where(g => g.Kind == DuplicateKind.Copy))
        {
            foreach (var m in g.Members.Where(m => m.PhotoId != g.Keep.PhotoId))
            {
                result[m.PhotoId] = "copy of " + g.Keep.Path;
            }
        }

        return result;
    }

    // Copies are named only where every photo has its embedding and hash ('photoprefs features' computes both).
    private static bool HasEmbeddings(Workspace workspace, int photos)
    {
        using var db = workspace.Connect();
        long Count(string kind, int version) => Convert.ToInt64(Workspace.Scalar(db,
            "SELECT COUNT(*) FROM features f JOIN photos p ON p.id = f.photo_id WHERE p.status = 'ok' AND f.kind = $k AND f.version = $v",
            ("$k", kind), ("$v", version)), CultureInfo.InvariantCulture);
        return Count(EmbeddingStore.Kind, ImageEmbedder.Version) >= photos && Count(FeatureKinds.Hash, FeatureKinds.Version) >= photos;
    }

    /// <summary>Writes the suggestions as CSV, JSON or a self-contained HTML page (by the file's extension).</summary>
    /// <param name="workspace">The workspace (for the HTML thumbnails).</param>
    /// <param name="user">The user.</param>
    /// <param name="suggestions">The suggestions.</param>
    /// <param name="path">Output file: .csv, .json or .html.</param>
    /// <exception cref="PhotoPrefsException">Another extension.</exception>
    public static void Export(Workspace workspace, string user, IReadOnlyList<Suggestion> suggestions, string path)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(suggestions);
        ArgumentNullException.ThrowIfNull(path);
        var ext = Path.GetExtension(path).ToUpperInvariant();
        string text = ext switch
        {
            ".CSV" => Csv(suggestions),
            ".JSON" => JsonSerializer.Serialize(suggestions.Select(s => new { rank = s.Rank, file = s.File, p_delete = Math.Round(s.PDelete, 4), reasons = s.Reasons, cluster = s.Cluster })),
            ".HTML" or ".HTM" => Html(workspace, user, suggestions),
            _ => throw new PhotoPrefsException($"unknown export format '{ext}': use .csv, .json or .html"),
        };
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var tmp = full + ".tmp";
        File.WriteAllText(tmp, text, new UTF8Encoding(false));
        File.Move(tmp, full, overwrite: true);
    }

    /// <summary>CSV with a header: rank, file, p_delete, reasons (semicolon separated), cluster.</summary>
    /// <param name="suggestions">The suggestions.</param>
    /// <returns>The text.</returns>
    public static string Csv(IReadOnlyList<Suggestion> suggestions)
    {
        ArgumentNullException.ThrowIfNull(suggestions);
        var sb = new StringBuilder("rank,file,p_delete,reasons,cluster\n");
        foreach (var s in suggestions)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{s.Rank},{Quote(s.File)},{s.PDelete:F4},{Quote(string.Join("; ", s.Reasons))},{s.Cluster}\n");
        }

        return sb.ToString();
    }

    /// <summary>A self-contained page: one card per suggestion with its thumbnail (embedded), p(delete) and reasons.</summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="user">The user.</param>
    /// <param name="suggestions">The suggestions.</param>
    /// <returns>The HTML.</returns>
    public static string Html(Workspace workspace, string user, IReadOnlyList<Suggestion> suggestions)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(suggestions);
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>PhotoPrefs: deletion suggestions for ")
            .Append(WebUtility.HtmlEncode(user)).Append("</title>")
            .Append(CardsStyle)
            .Append("</head><body><h1>Deletion suggestions for ").Append(WebUtility.HtmlEncode(user)).Append("</h1>")
            .Append(CultureInfo.InvariantCulture, $"<p>{suggestions.Count} photos, most likely first. PhotoPrefs never deletes or moves your files: review these and act yourself.</p>")
            .Append(Cards(workspace, suggestions))
            .Append("</body></html>");
        return sb.ToString();
    }

    /// <summary>The style of <see cref="Cards"/>.</summary>
    public const string CardsStyle = "<style>body{font-family:system-ui,sans-serif;margin:1.5em}.pp-grid{display:flex;flex-wrap:wrap;gap:10px}.pp-card{width:170px;border:1px solid #ccc;border-radius:6px;padding:6px;font-size:12px}.pp-card img{width:160px;height:120px;object-fit:cover;display:block}.pp-p{font-weight:bold}.pp-file{word-break:break-all;color:#444}</style>";

    /// <summary>An HTML grid of suggestion cards with embedded thumbnails.</summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="suggestions">The suggestions.</param>
    /// <returns>The fragment.</returns>
    public static string Cards(Workspace workspace, IReadOnlyList<Suggestion> suggestions)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(suggestions);
        var sb = new StringBuilder("<div class=\"pp-grid\">");
        using var db = workspace.Connect();
        foreach (var s in suggestions)
        {
            var thumb = Workspace.Scalar(db, "SELECT data FROM thumbnails WHERE photo_id = $id AND kind = 'thumb'", ("$id", s.PhotoId)) as byte[];
            sb.Append("<div class=\"pp-card\">");
            if (thumb is not null)
            {
                sb.Append("<img alt=\"\" src=\"data:image/jpeg;base64,").Append(Convert.ToBase64String(thumb)).Append("\">");
            }

            sb.Append(CultureInfo.InvariantCulture, $"<div class=\"pp-p\">#{s.Rank} p(delete) {s.PDelete:F2}</div>")
                .Append("<div class=\"pp-file\">").Append(WebUtility.HtmlEncode(s.File)).Append("</div>")
                .Append("<div>").Append(WebUtility.HtmlEncode(string.Join(", ", s.Reasons))).Append("</div></div>");
        }

        return sb.Append("</div>").ToString();
    }

    private static string Quote(string s) => s.Contains(',', StringComparison.Ordinal) || s.Contains('"', StringComparison.Ordinal) || s.Contains('\n', StringComparison.Ordinal)
        ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
        : s;
}
