namespace PhotoPrefs.Store;

/// <summary>What the workspace holds for one album path, as the import compares it with the file.</summary>
/// <param name="Id">Photo id.</param>
/// <param name="Path">Album-relative path.</param>
/// <param name="Bytes">File size at the last import.</param>
/// <param name="ModifiedAt">File time at the last import (round-trip format).</param>
/// <param name="Status">ok, skipped or missing.</param>
/// <param name="Hash">Content hash (SHA-256, hex), or null.</param>
/// <param name="Complete">Whether every stored image kind is there (photos imported by an older version lack the detail image).</param>
public sealed record PhotoFileState(long Id, string Path, long Bytes, string ModifiedAt, string Status, string? Hash, bool Complete);

/// <summary>One decoded photo's row, as the import writes it.</summary>
/// <param name="Path">Album-relative path.</param>
/// <param name="Bytes">File size.</param>
/// <param name="ModifiedAt">File time (round-trip format).</param>
/// <param name="Hash">Content hash (SHA-256, hex).</param>
/// <param name="Format">Decoder's format name.</param>
/// <param name="Width">Upright width in pixels.</param>
/// <param name="Height">Upright height in pixels.</param>
/// <param name="Orientation">EXIF orientation, 1 to 8.</param>
/// <param name="TakenAt">Capture time, <c>yyyy-MM-ddTHH:mm:ss.FFFFFFF</c> local to the camera.</param>
/// <param name="TakenAtSource">Where the time came from: exif, filename or file.</param>
/// <param name="Camera">Camera make and model, or null.</param>
public sealed record ImportedPhoto(string Path, long Bytes, string ModifiedAt, string Hash, string Format, int Width, int Height, int Orientation, string TakenAt, string TakenAtSource, string? Camera);

/// <summary>One thumbnail as the import writes it.</summary>
/// <param name="Kind">A <see cref="ThumbnailKinds"/> name.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Quality">JPEG quality.</param>
/// <param name="Data">The JPEG.</param>
public sealed record ThumbnailImage(string Kind, int Width, int Height, int Quality, byte[] Data);
