using ImageMagick;

namespace PhotoPrefs.Imaging;

/// <summary>Settings of <see cref="ByteTargetCompressor"/>.</summary>
/// <param name="TargetBytes">The largest acceptable JPEG, in bytes (default 3 KB = 3072).</param>
/// <param name="StartQuality">JPEG quality tried first (1..100).</param>
/// <param name="QualityStep">How much the quality drops at each step.</param>
/// <param name="MinQuality">Quality floor; below it the resolution shrinks instead.</param>
/// <param name="ScaleStep">Factor applied to both sides at each resolution step (0..1).</param>
/// <param name="MinSide">The shorter side never goes below this many pixels.</param>
public sealed record CompressionOptions(
    int TargetBytes = 3072,
    int StartQuality = 90,
    int QualityStep = 5,
    int MinQuality = 20,
    double ScaleStep = 0.85,
    int MinSide = 8)
{
    /// <summary>The defaults: 3 KB, quality 90 down to 20 in steps of 5, then 15% smaller each step.</summary>
    public static CompressionOptions Default { get; } = new();
}

/// <summary>The outcome of compressing one image to a byte target.</summary>
/// <param name="Bytes">The baseline JPEG, without metadata.</param>
/// <param name="Quality">The JPEG quality that produced it.</param>
/// <param name="Width">Its width in pixels.</param>
/// <param name="Height">Its height in pixels.</param>
/// <param name="MetTarget">False only when even the smallest allowed image stayed over the target.</param>
/// <param name="Attempts">How many encodings were tried.</param>
public sealed record CompressionResult(byte[] Bytes, int Quality, int Width, int Height, bool MetTarget, int Attempts);

/// <summary>
/// Compresses a photo to a byte budget the way the method PhotoPrefs follows does: lower the JPEG
/// quality step by step down to a floor, and if the file is still too large, shrink the resolution
/// (at the floor quality) until it fits. The ladder's lowest quality is encoded first, and the ladder is walked only
/// when that one fits (a JPEG grows with its quality, so when the lowest is too large every higher one is too): a
/// phone photo, which never fits 3 KB at its working size, costs one encoding there instead of fifteen.
/// Deterministic: metadata is stripped and the encoder settings are fixed, so the same pixels give the same bytes.
/// </summary>
public static class ByteTargetCompressor
{
    /// <summary>Compresses <paramref name="image"/> to at most <see cref="CompressionOptions.TargetBytes"/>.</summary>
    /// <param name="image">The pixels; not modified.</param>
    /// <param name="options">Settings; <see cref="CompressionOptions.Default"/> when null.</param>
    /// <returns>The first encoding that fits, or the smallest one tried when none fits.</returns>
    /// <exception cref="ArgumentException">Options out of range.</exception>
    public static CompressionResult Compress(IMagickImage<byte> image, CompressionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        options ??= CompressionOptions.Default;
        if (options.TargetBytes < 1 || options.MinQuality is < 1 or > 100 || options.StartQuality < options.MinQuality
            || options.StartQuality > 100 || options.QualityStep < 1 || options.ScaleStep is <= 0 or >= 1 || options.MinSide < 1)
        {
            throw new ArgumentException("compression options out of range", nameof(options));
        }

        using var work = (MagickImage)image.Clone();
        work.Strip();
        // the ladder's lowest quality first: when even it is too large, no higher one fits and the ladder is skipped
        int lowest = options.StartQuality - ((options.StartQuality - options.MinQuality) / options.QualityStep * options.QualityStep);
        var floor = Encode(work, lowest);
        int attempts = 1;
        if (floor.Length <= options.TargetBytes)
        {
            for (int q = options.StartQuality; q > lowest; q -= options.QualityStep)
            {
                var bytes = Encode(work, q);
                attempts++;
                if (bytes.Length <= options.TargetBytes)
                {
                    return new CompressionResult(bytes, q, (int)work.Width, (int)work.Height, true, attempts);
                }
            }

            return new CompressionResult(floor, lowest, (int)work.Width, (int)work.Height, true, attempts);
        }

        double scale = 1;
        byte[] last = [];
        int lw = (int)work.Width, lh = (int)work.Height;
        while (true)
        {
            scale *= options.ScaleStep;
            int w = Math.Max(1, (int)Math.Round(image.Width * scale));
            int h = Math.Max(1, (int)Math.Round(image.Height * scale));
            if (Math.Min(w, h) < options.MinSide)
            {
                return new CompressionResult(last.Length > 0 ? last : Encode(work, options.MinQuality), options.MinQuality, lw, lh, false, attempts);
            }

            using var small = (MagickImage)work.Clone();
            small.Resize(new MagickGeometry((uint)w, (uint)h) { IgnoreAspectRatio = true });
            last = Encode(small, options.MinQuality);
            lw = w;
            lh = h;
            attempts++;
            if (last.Length <= options.TargetBytes)
            {
                return new CompressionResult(last, options.MinQuality, w, h, true, attempts);
            }
        }
    }

    /// <summary>Encodes a baseline JPEG with fixed, deterministic settings (4:2:0, no metadata).</summary>
    /// <param name="image">The pixels.</param>
    /// <param name="quality">JPEG quality 1..100.</param>
    /// <returns>The JPEG file bytes.</returns>
    public static byte[] Encode(IMagickImage<byte> image, int quality)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var copy = (MagickImage)image.Clone();
        copy.Strip();
        copy.Format = MagickFormat.Jpeg;
        copy.Quality = (uint)quality;
        copy.Settings.Interlace = Interlace.NoInterlace;
        copy.Settings.SetDefine(MagickFormat.Jpeg, "sampling-factor", "2x2,1x1,1x1");
        return copy.ToByteArray();
    }
}
