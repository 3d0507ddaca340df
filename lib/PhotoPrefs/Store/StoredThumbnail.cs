namespace PhotoPrefs.Store;

/// <summary>One photo's stored thumbnail of a kind, described (<see cref="ThumbnailStore.List"/>).</summary>
/// <param name="PhotoId">The photo.</param>
/// <param name="Path">Its path in the album.</param>
/// <param name="Width">Width of the thumbnail.</param>
/// <param name="Height">Height of the thumbnail.</param>
/// <param name="Bytes">Length of the JPEG.</param>
/// <param name="Quality">JPEG quality it was written with.</param>
public sealed record StoredThumbnail(long PhotoId, string Path, int Width, int Height, int Bytes, int Quality);
