using ImageMagick;

namespace PhotoPrefs.Imaging;

/// <summary>
/// Float32 pixel buffers for the feature and neural stages, in CHW order (channel, row, column).
/// Values are <c>byte / 255</c>, so every value lies in [0, 1]. Grayscale uses Rec. 601 luma,
/// <c>0.299 R + 0.587 G + 0.114 B</c>.
/// </summary>
public static class PixelBuffer
{
    /// <summary>
    /// Resizes <paramref name="image"/> to cover <paramref name="width"/> x <paramref name="height"/>,
    /// crops the centre, and writes its pixels as CHW floats in [0, 1].
    /// </summary>
    /// <param name="image">Source pixels; not modified.</param>
    /// <param name="width">Output width.</param>
    /// <param name="height">Output height.</param>
    /// <param name="grayscale">One channel of luma instead of three of RGB.</param>
    /// <returns>An array of <c>C * height * width</c> floats, C being 1 or 3.</returns>
    public static float[] ToChw(IMagickImage<byte> image, int width, int height, bool grayscale = false)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        using var work = (MagickImage)image.Clone();
        work.Resize(new MagickGeometry((uint)width, (uint)height) { FillArea = true });
        work.Crop(new MagickGeometry((uint)width, (uint)height), Gravity.Center);
        work.ResetPage();
        using var pixels = work.GetPixels();
        var rgb = pixels.ToByteArray(PixelMapping.RGB) ?? throw new InvalidOperationException("no pixels");
        int plane = width * height;
        var result = new float[(grayscale ? 1 : 3) * plane];
        const float inv = 1f / 255f;
        for (int i = 0; i < plane; i++)
        {
            float r = rgb[3 * i] * inv, g = rgb[(3 * i) + 1] * inv, b = rgb[(3 * i) + 2] * inv;
            if (grayscale)
            {
                result[i] = (0.299f * r) + (0.587f * g) + (0.114f * b);
            }
            else
            {
                result[i] = r;
                result[plane + i] = g;
                result[(2 * plane) + i] = b;
            }
        }

        return result;
    }

    /// <summary>
    /// The luma of the image's centre at its own pixels: a crop of at most <paramref name="maxSide"/> x
    /// <paramref name="maxSide"/> (even sides), never resampled. Measures of fine detail (sharpness) need
    /// this: scaling a wide photo up to fill a square would blur it and make it look out of focus.
    /// </summary>
    /// <param name="image">Source pixels; not modified.</param>
    /// <param name="maxSide">Largest side of the crop.</param>
    /// <returns>Row-major luma in [0, 1] and its size.</returns>
    public static (float[] Gray, int Height, int Width) CenterGray(IMagickImage<byte> image, int maxSide)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSide, 2);
        int width = Math.Max(1, (int)Math.Min(image.Width, (uint)maxSide) & ~1);
        int height = Math.Max(1, (int)Math.Min(image.Height, (uint)maxSide) & ~1);
        using var work = (MagickImage)image.Clone();
        work.Crop(new MagickGeometry((uint)width, (uint)height), Gravity.Center);
        work.ResetPage();
        using var pixels = work.GetPixels();
        var rgb = pixels.ToByteArray(0, 0, (uint)width, (uint)height, PixelMapping.RGB) ?? throw new InvalidOperationException("no pixels");
        var gray = new float[width * height];
        const float inv = 1f / 255f;
        for (int i = 0; i < gray.Length; i++)
        {
            gray[i] = ((0.299f * rgb[3 * i]) + (0.587f * rgb[(3 * i) + 1]) + (0.114f * rgb[(3 * i) + 2])) * inv;
        }

        return (gray, height, width);
    }
}
