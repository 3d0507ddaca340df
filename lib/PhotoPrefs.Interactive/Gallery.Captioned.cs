using System.Globalization;
using System.Net;
using System.Text;
using PhotoPrefs.Store;

namespace PhotoPrefs.Interactive;

/// <summary>Photos with captions of the caller's choosing: a model's mistakes, the photos to label next.</summary>
public static partial class Gallery
{
    /// <summary>
    /// A row of stored thumbnails, each with its caption under it (each line of the caption on a line of its own).
    /// A photo without the stored image is left out.
    /// </summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="photos">Photo ids with their captions, in the order to show them.</param>
    /// <param name="kind">Which stored image.</param>
    /// <param name="width">Display width in pixels.</param>
    /// <returns>HTML; a line that says so when <paramref name="photos"/> is empty.</returns>
    public static string Captioned(Workspace workspace, IEnumerable<(long Id, string Caption)> photos, string kind = ThumbnailKinds.Thumb, int width = 160)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(photos);
        var sb = new StringBuilder("<div style=\"display:flex;flex-wrap:wrap;gap:8px\">");
        int shown = 0;
        using var db = workspace.Connect();
        foreach (var (id, caption) in photos)
        {
            if (ThumbnailStore.WithPath(db, id, kind) is not { } t)
            {
                continue;
            }

            var lines = string.Join("<br>", caption.Split('\n').Select(WebUtility.HtmlEncode));
            sb.Append(CultureInfo.InvariantCulture, $"<figure style=\"margin:0;width:{width}px;font-size:11px;word-break:break-all\"><img alt=\"\" style=\"width:{width}px\" src=\"data:image/jpeg;base64,{Convert.ToBase64String(t.Jpeg)}\"><figcaption>{lines}</figcaption></figure>");
            shown++;
        }

        return shown == 0 ? "<p>(no photos)</p>" : sb.Append("</div>").ToString();
    }
}
