using PhotoPrefs.Albums;
using PhotoPrefs.Imaging;
using PhotoPrefs.Store;

namespace PhotoPrefs.Labeling;

/// <summary>
/// The photo as the labeling page shows it: decoded from the original album file (upright, scaled to the size the
/// page asks for) so that blur can be judged, or the stored thumbnail with a note when the original cannot be had.
/// The album file is opened read-only and shared for reading (<see cref="FileAccess.Read"/>, <see cref="FileShare.Read"/>),
/// never written, moved or kept open. Nothing here is stored: features and training keep using the imported copies.
/// </summary>
public static class PhotoViews
{
    /// <summary>The largest width or height a view may be asked for; the 100 % view of a larger original is scaled to it.</summary>
    public const int MaxSide = 8192;

    /// <summary>JPEG quality of a view decoded from the original.</summary>
    public const int Quality = 90;

    /// <summary>
    /// The photo fitted to a <paramref name="maxWidth"/> x <paramref name="maxHeight"/> box (aspect kept, never enlarged),
    /// decoded from the original at <c>album root / photo path</c>, where the album root is the folder the import
    /// recorded (<see cref="MetaStore.AlbumRoot"/>). Falls back to the stored <see cref="ThumbnailKinds.Thumb"/>, with a
    /// note saying why, when the workspace records no album folder (imported by an older PhotoPrefs), the file is gone,
    /// lies outside the album or is a link, or cannot be read or decoded.
    /// </summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="photoId">The photo.</param>
    /// <param name="maxWidth">Largest width, 1 to <see cref="MaxSide"/>.</param>
    /// <param name="maxHeight">Largest height, 1 to <see cref="MaxSide"/>.</param>
    /// <returns>The view, or null when the photo is not imported (or has neither a readable original nor a thumbnail).</returns>
    /// <exception cref="ArgumentOutOfRangeException">A size outside 1 to <see cref="MaxSide"/>.</exception>
    public static PhotoView? Render(Workspace workspace, long photoId, int maxWidth, int maxHeight)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxHeight, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxWidth, MaxSide);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxHeight, MaxSide);
        if (PhotoStore.ImportedPath(workspace, photoId) is not { } path)
        {
            return null;
        }

        string note;
        if (MetaStore.AlbumRoot(workspace) is not { } root)
        {
            note = "this workspace does not record its album folder: run 'photoprefs import' again to see the original here";
        }
        else if (Original(root, path) is not { } file)
        {
            note = "the original is not in the album folder " + root + " any more";
        }
        else
        {
            try
            {
                using var photo = PhotoDecoder.DecodeWithin(Read(file), maxWidth, maxHeight);
                return new PhotoView(ByteTargetCompressor.Encode(photo.Image, Quality), true, photo.Header.Width, photo.Header.Height, null);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                note = "the original cannot be read (" + e.Message + ")";
            }
            catch (ImageDecodeException e)
            {
                note = "the original cannot be decoded (" + e.Message + ")";
            }
        }

        return ThumbnailStore.GetImported(workspace, photoId, ThumbnailKinds.Thumb) is { } thumb
            ? new PhotoView(thumb, false, null, null, note + "; showing the stored thumbnail")
            : null;
    }

    /// <summary>The original's full path when it is a plain file inside the album folder; null otherwise.</summary>
    private static string? Original(string root, string relativePath)
    {
        var full = Path.GetFullPath(Path.Combine(root, relativePath));
        if (!AlbumScanner.IsInside(full, Path.GetFullPath(root)) || !File.Exists(full))
        {
            return null;
        }

        // The import never follows links; neither does the page.
        return new FileInfo(full).LinkTarget is null ? full : null;
    }

    private static byte[] Read(string file)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read);
        if (stream.Length > ImageLimits.Default.MaxFileBytes)
        {
            throw new IOException($"file is {stream.Length / (1 << 20)} MiB, over the limit of {ImageLimits.Default.MaxFileBytes / (1 << 20)} MiB");
        }

        var data = new byte[stream.Length];
        stream.ReadExactly(data);
        return data;
    }
}
