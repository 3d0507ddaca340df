namespace PhotoPrefs.Store;

/// <summary>A photo's path, capture time and size as stored, with one of its thumbnails (<see cref="PhotoStore.WithThumbnail"/>).</summary>
/// <param name="Id">The photo.</param>
/// <param name="Path">Its path in the album.</param>
/// <param name="TakenAt">Capture time as stored, or null.</param>
/// <param name="Width">Width of the original.</param>
/// <param name="Height">Height of the original.</param>
/// <param name="Jpeg">The thumbnail.</param>
public sealed record PhotoThumbnail(long Id, string Path, string? TakenAt, int Width, int Height, byte[] Jpeg);
