namespace PhotoPrefs.Labeling;

/// <summary>What the labeling page shows of one photo (<see cref="PhotoViews.Render"/>).</summary>
/// <param name="Jpeg">The JPEG to show.</param>
/// <param name="FromOriginal">True when it was decoded from the album's original file; false when it is the stored thumbnail.</param>
/// <param name="OriginalWidth">Width of the original upright (after its EXIF orientation), or null when the original was not read.</param>
/// <param name="OriginalHeight">Height of the original upright, or null when the original was not read.</param>
/// <param name="Note">Why the stored thumbnail is shown instead of the original, for the person labeling; null when <paramref name="FromOriginal"/>.</param>
public sealed record PhotoView(byte[] Jpeg, bool FromOriginal, int? OriginalWidth, int? OriginalHeight, string? Note);
