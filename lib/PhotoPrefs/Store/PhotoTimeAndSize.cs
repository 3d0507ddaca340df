namespace PhotoPrefs.Store;

/// <summary>When a photo was taken and the size of one of its thumbnails.</summary>
/// <param name="PhotoId">The photo.</param>
/// <param name="Time">Its capture time (<c>taken_at</c>), or the file's modified time when the photo has none.</param>
/// <param name="ThumbnailWidth">The thumbnail's width in pixels; null when the photo has no thumbnail of that kind.</param>
/// <param name="ThumbnailHeight">The thumbnail's height in pixels; null when the photo has no thumbnail of that kind.</param>
/// <param name="FromFile">Whether <paramref name="Time"/> is the file's own modification time (<c>taken_at_source</c> <c>file</c>, or no <c>taken_at</c>), not one read from EXIF or the file name.</param>
public sealed record PhotoTimeAndSize(long PhotoId, DateTime Time, int? ThumbnailWidth, int? ThumbnailHeight, bool FromFile);
