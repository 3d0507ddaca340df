namespace PhotoPrefs.Store;

/// <summary>One photo's stored thumbnail of a kind with what a caption shows (<see cref="ThumbnailStore.WithPath"/>).</summary>
/// <param name="PhotoId">The photo.</param>
/// <param name="Jpeg">The thumbnail.</param>
/// <param name="Path">The photo's path in the album.</param>
/// <param name="Width">Width of the thumbnail.</param>
/// <param name="Height">Height of the thumbnail.</param>
public sealed record CaptionedThumbnail(long PhotoId, byte[] Jpeg, string Path, int Width, int Height);
