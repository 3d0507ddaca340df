namespace PhotoPrefs.Imaging;

/// <summary>
/// Limits checked on the header before any pixel is decoded, so that a decompression bomb or a
/// header that claims 2^31 x 2^31 pixels is refused before memory is spent.
/// </summary>
/// <param name="MaxFileBytes">Largest file read, in bytes (default 256 MiB).</param>
/// <param name="MaxSide">Largest width or height the header may claim (default 30 000).</param>
/// <param name="MaxPixels">Largest width x height the header may claim (default 150 megapixels).</param>
public sealed record ImageLimits(long MaxFileBytes = 256L << 20, int MaxSide = 30_000, long MaxPixels = 150_000_000)
{
    /// <summary>The limits used unless a caller gives others.</summary>
    public static ImageLimits Default { get; } = new();
}
