namespace PhotoPrefs.Store;

/// <summary>An imported photo as its row in the <c>photos</c> table has it (<see cref="PhotoStore.Details"/>).</summary>
/// <param name="Id">The photo.</param>
/// <param name="Path">Its path in the album, '/' separated.</param>
/// <param name="Width">Width of the photo upright (after its EXIF orientation), or null when unknown.</param>
/// <param name="Height">Height of the photo upright, or null when unknown.</param>
/// <param name="Orientation">EXIF orientation (1 to 8), or null when the file has none.</param>
/// <param name="ContentHash">Hash of the file's bytes, or null.</param>
/// <param name="TakenAtSource">Where the capture time came from (for example <c>exif</c>, <c>filename</c>, <c>file</c>), or null.</param>
/// <param name="TakenAt">Capture time as stored (ISO 8601), or null.</param>
public sealed record PhotoDetails(long Id, string Path, int? Width, int? Height, int? Orientation, string? ContentHash, string? TakenAtSource, string? TakenAt);
