using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using PhotoPrefs.Store;

namespace PhotoPrefs.Suggestions;

/// <summary>
/// Exports of a suggestion list that a person (or their own script) can act on: CSV, JSON, or a self-contained
/// HTML page of thumbnail cards.
/// </summary>
public static class SuggestionExport
{
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
            ".JSON" => JsonSerializer.Serialize(suggestions.Select(s => new { rank = s.Rank, file = s.File, p_delete = Math.Round(s.PDelete, 4), reasons = s.Reasons, cluster = s.Cluster, confidence = double.IsNaN(s.Confidence) ? (double?)null : Math.Round(s.Confidence, 4) })),
            ".HTML" or ".HTM" => Html(workspace, user, suggestions),
            _ => throw new PhotoPrefsException($"unknown export format '{ext}': use .csv, .json or .html"),
        };
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var tmp = full + ".tmp";
        File.WriteAllText(tmp, text, new UTF8Encoding(false));
        File.Move(tmp, full, overwrite: true);
    }

    /// <summary>CSV with a header: rank, file, p_delete, reasons (semicolon separated), cluster, confidence (the calibrated p(delete); empty when not known).</summary>
    /// <param name="suggestions">The suggestions.</param>
    /// <returns>The text.</returns>
    public static string Csv(IReadOnlyList<Suggestion> suggestions)
    {
        ArgumentNullException.ThrowIfNull(suggestions);
        var sb = new StringBuilder("rank,file,p_delete,reasons,cluster,confidence\n");
        foreach (var s in suggestions)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{s.Rank},{Quote(s.File)},{s.PDelete:F4},{Quote(string.Join("; ", s.Reasons))},{s.Cluster},{(double.IsNaN(s.Confidence) ? "" : s.Confidence.ToString("F4", CultureInfo.InvariantCulture))}\n");
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
    public const string CardsStyle = "<style>body{font-family:system-ui,sans-serif;margin:1.5em}.pp-grid{display:flex;flex-wrap:wrap;gap:10px}.pp-card{width:170px;border:1px solid #ccc;border-radius:6px;padding:6px;font-size:12px;overflow-wrap:anywhere}.pp-card img{width:160px;height:120px;object-fit:cover;display:block}.pp-p{font-weight:bold}.pp-file{overflow-wrap:anywhere;color:#444}</style>";

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
            var thumb = ThumbnailStore.Get(db, s.PhotoId, ThumbnailKinds.Thumb);
            sb.Append("<div class=\"pp-card\">");
            if (thumb is not null)
            {
                sb.Append("<img alt=\"\" src=\"data:image/jpeg;base64,").Append(Convert.ToBase64String(thumb)).Append("\">");
            }

            sb.Append(CultureInfo.InvariantCulture, $"<div class=\"pp-p\">#{s.Rank} p(delete) {s.PDelete:F2}{(double.IsNaN(s.Confidence) || s.Confidence == s.PDelete ? "" : $", confidence {s.Confidence:F2}")}</div>")
                .Append("<div class=\"pp-file\">").Append(WebUtility.HtmlEncode(s.File)).Append("</div>")
                .Append("<div>").Append(WebUtility.HtmlEncode(string.Join(", ", s.Reasons))).Append("</div></div>");
        }

        return sb.Append("</div>").ToString();
    }

    private static string Quote(string s) => s.Contains(',', StringComparison.Ordinal) || s.Contains('"', StringComparison.Ordinal) || s.Contains('\n', StringComparison.Ordinal)
        ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
        : s;
}
