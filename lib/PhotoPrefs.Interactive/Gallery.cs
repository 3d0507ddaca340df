using System.Globalization;
using System.Net;
using System.Text;
using ImageMagick;
using PhotoPrefs.Store;

namespace PhotoPrefs.Interactive;

/// <summary>One photo of a workspace, for display: <c>display(Gallery.Card(ws, id))</c> shows its thumbnail and details.</summary>
/// <param name="Id">Photo id.</param>
/// <param name="Path">Path relative to the album.</param>
/// <param name="TakenAt">Capture time as stored.</param>
/// <param name="Width">Width of the original.</param>
/// <param name="Height">Height of the original.</param>
/// <param name="Thumbnail">The stored thumbnail (JPEG).</param>
/// <param name="Labels">Labels by user.</param>
public sealed record PhotoCard(long Id, string Path, string? TakenAt, int Width, int Height, byte[] Thumbnail, IReadOnlyDictionary<string, string> Labels);

/// <summary>Pictures for notebooks: stored thumbnails and float images as inline HTML.</summary>
public static partial class Gallery
{
    /// <summary>A photo's card: thumbnail, path, capture time, size and labels.</summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="photoId">The photo.</param>
    /// <returns>The card.</returns>
    /// <exception cref="PhotoPrefsException">No such photo.</exception>
    public static PhotoCard Card(Workspace workspace, long photoId)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var card = PhotoStore.WithThumbnail(workspace, photoId, ThumbnailKinds.Thumb)
            ?? throw new PhotoPrefsException($"no photo with id {photoId}");
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (user, label) in LabelStore.ForPhoto(workspace, photoId))
        {
            labels[user] = LabelStore.ToText(label);
        }

        return new PhotoCard(photoId, card.Path, card.TakenAt, card.Width, card.Height, card.Jpeg, labels);
    }

    /// <summary>The stored image of one kind (thumb, compressed, detail) of every photo: id, path, width, height, bytes, JPEG quality.</summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="kind">The kind.</param>
    /// <returns>One row per photo.</returns>
    public static IReadOnlyList<(long Id, string Path, int Width, int Height, int Bytes, int Quality)> Stored(Workspace workspace, string kind = ThumbnailKinds.Compressed)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        return ThumbnailStore.List(workspace, kind).Select(t => (t.PhotoId, t.Path, t.Width, t.Height, t.Bytes, t.Quality)).ToList();
    }

    /// <summary>The byte-target copies (about 3 KB each) of the given photos as data URIs, for hover pictures.</summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="photoIds">Photos.</param>
    /// <returns>One URI per photo (empty when it has none).</returns>
    public static string[] CompressedUris(Workspace workspace, IReadOnlyList<long> photoIds)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(photoIds);
        using var db = workspace.Connect();
        return photoIds.Select(id => ThumbnailStore.Get(db, id, ThumbnailKinds.Compressed) is { } b
            ? "data:image/jpeg;base64," + Convert.ToBase64String(b)
            : "").ToArray();
    }

    /// <summary>A row of stored images with captions.</summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="photoIds">Photos.</param>
    /// <param name="kind">Which stored image.</param>
    /// <param name="width">Display width in pixels.</param>
    /// <returns>HTML.</returns>
    public static string Photos(Workspace workspace, IEnumerable<long> photoIds, string kind = ThumbnailKinds.Thumb, int width = 160)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(photoIds);
        var sb = new StringBuilder("<div style=\"display:flex;flex-wrap:wrap;gap:8px\">");
        using var db = workspace.Connect();
        foreach (var id in photoIds)
        {
            if (ThumbnailStore.WithPath(db, id, kind) is not { } t)
            {
                continue;
            }

            var data = t.Jpeg;
            sb.Append(CultureInfo.InvariantCulture, $"<figure style=\"margin:0;width:{width}px;font-size:11px;overflow-wrap:anywhere\"><img alt=\"\" style=\"width:{width}px\" src=\"data:image/jpeg;base64,{Convert.ToBase64String(data)}\"><figcaption>{WebUtility.HtmlEncode(t.Path)}<br>{kind} {t.Width}x{t.Height}, {data.Length:N0} bytes</figcaption></figure>");
        }

        return sb.Append("</div>").ToString();
    }

    /// <summary>
    /// A row of photos, each with its own caption under its path (each line of the caption on a line of its own): the
    /// photos a notebook picks at a decision point (the sharpest and the blurriest, a query's nearest neighbours, a
    /// model's mistakes, the photos to label next) with the numbers that picked them.
    /// </summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="photos">Photos in display order, each with its caption; a photo without the stored image is left out.</param>
    /// <param name="kind">Which stored image.</param>
    /// <param name="width">Display width in pixels.</param>
    /// <returns>HTML; a line that says so when no photo is shown.</returns>
    public static string Captioned(Workspace workspace, IEnumerable<(long Id, string Caption)> photos, string kind = ThumbnailKinds.Thumb, int width = 120)
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
            sb.Append(CultureInfo.InvariantCulture, $"<figure style=\"margin:0;width:{width}px;font-size:11px;overflow-wrap:anywhere\"><img alt=\"\" style=\"width:{width}px\" src=\"data:image/jpeg;base64,{Convert.ToBase64String(t.Jpeg)}\"><figcaption>{WebUtility.HtmlEncode(t.Path)}<br>{lines}</figcaption></figure>");
            shown++;
        }

        return shown == 0 ? "<p>(no photos)</p>" : sb.Append("</div>").ToString();
    }

    /// <summary>A photo's stored thumbnail as a square grayscale float image in [0, 1] (centre crop), for feature demonstrations.</summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="photoId">The photo.</param>
    /// <param name="side">Side in pixels.</param>
    /// <returns>side x side values, row-major.</returns>
    /// <exception cref="PhotoPrefsException">No such photo.</exception>
    public static float[] GrayPixels(Workspace workspace, long photoId, int side = 128)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var data = ThumbnailStore.Get(workspace, photoId, ThumbnailKinds.Thumb)
            ?? throw new PhotoPrefsException($"no photo with id {photoId}");
        using var image = new MagickImage(data);
        return Imaging.PixelBuffer.ToChw(image, side, side, grayscale: true);
    }

    /// <summary>RGB float images (CHW, values in [0, 1]) as a row of PNGs, for augmentation galleries.</summary>
    /// <param name="images">Images, one after another, each 3 x h x w.</param>
    /// <param name="count">How many.</param>
    /// <param name="height">Rows.</param>
    /// <param name="width">Columns.</param>
    /// <param name="captions">One caption per image; may be null.</param>
    /// <param name="scale">Display magnification.</param>
    /// <returns>HTML.</returns>
    public static string Rgb(float[] images, int count, int height, int width, IReadOnlyList<string>? captions = null, int scale = 3)
    {
        ArgumentNullException.ThrowIfNull(images);
        var sb = new StringBuilder("<div style=\"display:flex;flex-wrap:wrap;gap:6px\">");
        int plane = height * width;
        for (int k = 0; k < count; k++)
        {
            var bytes = new byte[3 * plane];
            for (int i = 0; i < plane; i++)
            {
                for (int c = 0; c < 3; c++)
                {
                    bytes[(3 * i) + c] = (byte)Math.Clamp((int)(255 * images[(k * 3 * plane) + (c * plane) + i]), 0, 255);
                }
            }

            using var image = new MagickImage(bytes, new MagickReadSettings { Width = (uint)width, Height = (uint)height, Format = MagickFormat.Rgb, Depth = 8 });
            image.FilterType = FilterType.Point;
            image.Resize((uint)(width * scale), (uint)(height * scale));
            sb.Append(CultureInfo.InvariantCulture, $"<figure style=\"margin:0;font-size:11px\"><img alt=\"\" src=\"data:image/png;base64,{Convert.ToBase64String(image.ToByteArray(MagickFormat.Png))}\"><figcaption>{WebUtility.HtmlEncode(captions is null ? "" : captions[k])}</figcaption></figure>");
        }

        return sb.Append("</div>").ToString();
    }

    /// <summary>
    /// FixMatch's two views of some photos: for each, the network's input, a weak view (flip and shift) and a strong
    /// view (two RandAugment operations, named under it, then Cutout), seeded.
    /// </summary>
    /// <param name="album">The album as network input.</param>
    /// <param name="rows">Which photos.</param>
    /// <param name="seed">Seed of the augmentations.</param>
    /// <returns>HTML: one row per photo.</returns>
    public static string Augmentations(SemiSupervised.AlbumImages album, IReadOnlyList<int> rows, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(album);
        ArgumentNullException.ThrowIfNull(rows);
        var set = album.Images;
        int size = set.Size;
        var sb = new StringBuilder();
        var rng = new Random(seed);
        foreach (var row in rows)
        {
            var images = new float[3 * size];
            set.Image(row).CopyTo(images.AsSpan(0, size));
            SemiSupervised.Augment.Weak(set.Image(row), set.Channels, set.Height, set.Width, rng, images.AsSpan(size, size));
            var (a, b) = SemiSupervised.Augment.Strong(set.Image(row), set.Channels, set.Height, set.Width, rng, images.AsSpan(2 * size, size));
            sb.Append(Rgb(images, 3, set.Height, set.Width, [album.Paths[row], "weak", $"strong: {a} + {b} + Cutout"], 4));
        }

        return sb.ToString();
    }

    /// <summary>Float images (each h x w, values scaled to their own min..max) as a row of PNGs, for eigen-photos or HOG maps.</summary>
    /// <param name="images">Row-major images, one after another.</param>
    /// <param name="count">How many.</param>
    /// <param name="height">Rows.</param>
    /// <param name="width">Columns.</param>
    /// <param name="captions">One caption per image; may be null.</param>
    /// <param name="scale">Display magnification.</param>
    /// <returns>HTML.</returns>
    public static string Gray(float[] images, int count, int height, int width, IReadOnlyList<string>? captions = null, int scale = 3)
    {
        ArgumentNullException.ThrowIfNull(images);
        var sb = new StringBuilder("<div style=\"display:flex;flex-wrap:wrap;gap:6px\">");
        for (int k = 0; k < count; k++)
        {
            var span = images.AsSpan(k * height * width, height * width);
            float min = float.MaxValue, max = float.MinValue;
            foreach (var v in span)
            {
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }

            var bytes = new byte[span.Length];
            for (int i = 0; i < span.Length; i++)
            {
                bytes[i] = (byte)Math.Clamp((int)(255 * (span[i] - min) / Math.Max(1e-12f, max - min)), 0, 255);
            }

            using var image = new MagickImage(bytes, new MagickReadSettings { Width = (uint)width, Height = (uint)height, Format = MagickFormat.Gray, Depth = 8 });
            image.FilterType = FilterType.Point;
            image.Resize((uint)(width * scale), (uint)(height * scale));
            var png = image.ToByteArray(MagickFormat.Png);
            sb.Append(CultureInfo.InvariantCulture, $"<figure style=\"margin:0;font-size:11px\"><img alt=\"\" src=\"data:image/png;base64,{Convert.ToBase64String(png)}\"><figcaption>{WebUtility.HtmlEncode(captions is null ? "" : captions[k])}</figcaption></figure>");
        }

        return sb.Append("</div>").ToString();
    }
}
