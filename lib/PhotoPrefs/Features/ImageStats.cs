using System.Numerics;

namespace PhotoPrefs.Features;

/// <summary>Brightness statistics of a photo.</summary>
/// <param name="P5">5th percentile of luma, in [0, 1].</param>
/// <param name="P50">Median luma.</param>
/// <param name="P95">95th percentile of luma.</param>
/// <param name="Mean">Mean luma.</param>
/// <param name="ClippedDark">Fraction of pixels with luma at most 2/255.</param>
/// <param name="ClippedBright">Fraction of pixels with luma at least 253/255.</param>
public readonly record struct Exposure(float P5, float P50, float P95, float Mean, float ClippedDark, float ClippedBright);

/// <summary>
/// Small, classical per-photo measures: colour histograms, perceptual hashes (pHash, dHash) with
/// Hamming distance, sharpness (variance of the Laplacian) and exposure. Inputs are the CHW float
/// buffers of <see cref="Imaging.PixelBuffer"/> (values in [0, 1]).
/// </summary>
public static class ImageStats
{
    /// <summary>Side of the square grayscale image the exposure measures of the <c>quality</c> features use.</summary>
    public const int BlurSide = 256;

    /// <summary>
    /// Largest side of the centre crop of the <c>detail</c> image that the sharpness measures of the <c>quality</c>
    /// features use. The crop keeps the detail image's own pixels (<see cref="Imaging.PixelBuffer.CenterGray"/>):
    /// resizing a wide photo to fill a square would scale it up and make it look blurred.
    /// </summary>
    public const int DetailSide = 384;

    /// <summary>
    /// A joint RGB histogram with <paramref name="binsPerChannel"/> bins per channel, normalised to sum 1:
    /// pixel <c>(r, g, b)</c> falls in bin <c>(floor(r B) B + floor(g B)) B + floor(b B)</c> with B the bins per channel (1.0 in the last bin).
    /// </summary>
    /// <param name="chw">3 x h x w values in [0, 1].</param>
    /// <param name="binsPerChannel">Bins per channel (default 4, so 64 bins).</param>
    /// <returns><c>binsPerChannel^3</c> values summing to 1 (all zero for an empty image).</returns>
    public static float[] ColorHistogram(ReadOnlySpan<float> chw, int binsPerChannel = 4)
    {
        int plane = chw.Length / 3;
        var hist = new float[binsPerChannel * binsPerChannel * binsPerChannel];
        if (plane == 0)
        {
            return hist;
        }

        for (int i = 0; i < plane; i++)
        {
            int r = Bin(chw[i], binsPerChannel), g = Bin(chw[plane + i], binsPerChannel), b = Bin(chw[(2 * plane) + i], binsPerChannel);
            hist[(((r * binsPerChannel) + g) * binsPerChannel) + b]++;
        }

        for (int i = 0; i < hist.Length; i++)
        {
            hist[i] /= plane;
        }

        return hist;
    }

    private static int Bin(float v, int bins) => Math.Clamp((int)(v * bins), 0, bins - 1);

    /// <summary>
    /// pHash: the 2-D DCT-II of a 32 x 32 grayscale image; of its 8 x 8 lowest frequencies, bit <c>8u + v</c> is set
    /// when coefficient <c>(u, v)</c> exceeds the median of those 64 coefficients without the DC term.
    /// Robust to rescaling, re-encoding and small brightness changes.
    /// </summary>
    /// <param name="gray32">32 x 32 grayscale values, row-major.</param>
    /// <returns>The 64-bit hash.</returns>
    /// <exception cref="ArgumentException">Not 1024 values.</exception>
    public static ulong PHash(ReadOnlySpan<float> gray32)
    {
        const int n = 32;
        if (gray32.Length != n * n)
        {
            throw new ArgumentException("pHash needs a 32 x 32 grayscale image", nameof(gray32));
        }

        var cos = new double[8 * n];
        for (int u = 0; u < 8; u++)
        {
            for (int x = 0; x < n; x++)
            {
                cos[(u * n) + x] = Math.Cos((2 * x + 1) * u * Math.PI / (2 * n));
            }
        }

        // Separable DCT, only the 8 lowest frequencies in each direction.
        var rows = new double[n * 8];
        for (int y = 0; y < n; y++)
        {
            for (int v = 0; v < 8; v++)
            {
                double s = 0;
                for (int x = 0; x < n; x++)
                {
                    s += gray32[(y * n) + x] * cos[(v * n) + x];
                }

                rows[(y * 8) + v] = s;
            }
        }

        Span<double> coeff = stackalloc double[64];
        for (int u = 0; u < 8; u++)
        {
            for (int v = 0; v < 8; v++)
            {
                double s = 0;
                for (int y = 0; y < n; y++)
                {
                    s += rows[(y * 8) + v] * cos[(u * n) + y];
                }

                coeff[(u * 8) + v] = s;
            }
        }

        var sorted = coeff[1..].ToArray();
        Array.Sort(sorted);
        double median = (sorted[31] + sorted[32]) / 2;
        ulong hash = 0;
        for (int i = 0; i < 64; i++)
        {
            if (coeff[i] > median)
            {
                hash |= 1UL << i;
            }
        }

        return hash;
    }

    /// <summary>
    /// dHash: on a 9 x 8 (width x height) grayscale image, bit <c>8y + x</c> is set when pixel <c>(x, y)</c> is brighter
    /// than its right neighbour.
    /// </summary>
    /// <param name="gray9x8">72 values, 8 rows of 9, row-major.</param>
    /// <returns>The 64-bit hash.</returns>
    /// <exception cref="ArgumentException">Not 72 values.</exception>
    public static ulong DHash(ReadOnlySpan<float> gray9x8)
    {
        if (gray9x8.Length != 72)
        {
            throw new ArgumentException("dHash needs a 9 x 8 grayscale image", nameof(gray9x8));
        }

        ulong hash = 0;
        for (int y = 0; y < 8; y++)
        {
            for (int x = 0; x < 8; x++)
            {
                if (gray9x8[(y * 9) + x] > gray9x8[(y * 9) + x + 1])
                {
                    hash |= 1UL << ((y * 8) + x);
                }
            }
        }

        return hash;
    }

    /// <summary>Number of differing bits between two hashes (0..64).</summary>
    /// <param name="a">A hash.</param>
    /// <param name="b">Another hash.</param>
    /// <returns>The Hamming distance.</returns>
    public static int Hamming(ulong a, ulong b) => BitOperations.PopCount(a ^ b);

    /// <summary>
    /// Sharpness as the variance of the 4-neighbour Laplacian <c>L = I(y-1,x) + I(y+1,x) + I(y,x-1) + I(y,x+1) - 4 I(y,x)</c>
    /// over the interior pixels, on luma scaled to 0..255. Low values mean a blurred photo. Compare photos only at the
    /// same pixel scale, and never on an image scaled up (<see cref="DetailSide"/>).
    /// </summary>
    /// <param name="gray">Row-major grayscale in [0, 1].</param>
    /// <param name="height">Rows.</param>
    /// <param name="width">Columns.</param>
    /// <returns>The variance; 0 for images smaller than 3 x 3.</returns>
    public static double LaplacianVariance(ReadOnlySpan<float> gray, int height, int width)
    {
        if (height < 3 || width < 3)
        {
            return 0;
        }

        double s = 0, s2 = 0;
        int count = 0;
        for (int y = 1; y < height - 1; y++)
        {
            for (int x = 1; x < width - 1; x++)
            {
                int i = (y * width) + x;
                double l = 255.0 * (gray[i - width] + gray[i + width] + gray[i - 1] + gray[i + 1] - (4 * gray[i]));
                s += l;
                s2 += l * l;
                count++;
            }
        }

        double mean = s / count;
        return Math.Max(0, (s2 / count) - (mean * mean));
    }

    /// <summary>
    /// A blur measure that depends less on the scene than <see cref="LaplacianVariance"/>: the log ratio of the
    /// Laplacian variance at full size to that after 2 x 2 averaging, <c>log((v1 + 1) / (v2 + 1))</c>. Detail at
    /// the finest scale keeps the ratio high; a blurred photo has lost it while its coarser structure
    /// remains, so its ratio is low whatever it shows.
    /// </summary>
    /// <param name="gray">Row-major grayscale in [0, 1].</param>
    /// <param name="height">Rows (even).</param>
    /// <param name="width">Columns (even).</param>
    /// <returns>The log ratio; 0 for images smaller than 6 x 6.</returns>
    public static double BlurRatio(ReadOnlySpan<float> gray, int height, int width)
    {
        if (height < 6 || width < 6)
        {
            return 0;
        }

        int h2 = height / 2, w2 = width / 2;
        var half = new float[h2 * w2];
        for (int y = 0; y < h2; y++)
        {
            for (int x = 0; x < w2; x++)
            {
                int i = (2 * y * width) + (2 * x);
                half[(y * w2) + x] = 0.25f * (gray[i] + gray[i + 1] + gray[i + width] + gray[i + width + 1]);
            }
        }

        return Math.Log((LaplacianVariance(gray, height, width) + 1) / (LaplacianVariance(half, h2, w2) + 1));
    }

    /// <summary>Largest value <see cref="EdgeWidth"/> returns, in pixels: what a photo without any edge reads.</summary>
    public const double MaxEdgeWidth = 16;

    /// <summary>
    /// A blur measure: the width, in pixels, of the photo's crispest edges, seen along the direction in which
    /// they are widest. At every interior pixel it takes the Sobel derivative (intensity per pixel) along four
    /// directions (0, 45, 90 and 135 degrees) over the local span (largest minus smallest value in the 7 x 7
    /// neighbourhood). Over the pixels whose span is at least half the photo's strong contrast (the 99th
    /// percentile of the spans, and at least 0.02), the 99th percentile of that ratio is how steep the
    /// crispest edges are along each direction; the width is the reciprocal of the smallest of the four. Out
    /// of focus, every direction is soft; shaken, the direction of the motion is, while edges along it stay
    /// crisp, which a measure over all directions at once would take for sharpness. A crisp disc reads 2 px;
    /// blurred by a Gaussian of 1, 3 or 6 px, about 3.1, 6.5 or 7.9 px (the 7-pixel window bounds it).
    /// Unlike <see cref="LaplacianVariance"/> it does not fall when most of a sharp photo is smooth (a face,
    /// a sky, a wall) or dim: only the edges that are there count, each against its own contrast.
    /// </summary>
    /// <param name="gray">Row-major grayscale in [0, 1].</param>
    /// <param name="height">Rows.</param>
    /// <param name="width">Columns.</param>
    /// <returns>The width in pixels, at most <see cref="MaxEdgeWidth"/> (also for images smaller than 9 x 9 or without contrast).</returns>
    public static double EdgeWidth(ReadOnlySpan<float> gray, int height, int width)
    {
        const int r = 3; // half the window
        if (height < (2 * r) + 3 || width < (2 * r) + 3)
        {
            return MaxEdgeWidth;
        }

        // Running max and min along rows, then along columns: the 7 x 7 span of each interior pixel.
        var rowMax = new float[height * width];
        var rowMin = new float[height * width];
        for (int y = 0; y < height; y++)
        {
            for (int x = r; x < width - r; x++)
            {
                float hi = float.MinValue, lo = float.MaxValue;
                for (int k = -r; k <= r; k++)
                {
                    float v = gray[(y * width) + x + k];
                    hi = Math.Max(hi, v);
                    lo = Math.Min(lo, v);
                }

                rowMax[(y * width) + x] = hi;
                rowMin[(y * width) + x] = lo;
            }
        }

        int ih = height - (2 * r), iw = width - (2 * r);
        var span = new float[ih * iw];
        var gxs = new float[ih * iw];
        var gys = new float[ih * iw];
        for (int y = r; y < height - r; y++)
        {
            for (int x = r; x < width - r; x++)
            {
                float hi = float.MinValue, lo = float.MaxValue;
                for (int k = -r; k <= r; k++)
                {
                    int i = ((y + k) * width) + x;
                    hi = Math.Max(hi, rowMax[i]);
                    lo = Math.Min(lo, rowMin[i]);
                }

                int c = (y * width) + x, o = ((y - r) * iw) + x - r;
                span[o] = hi - lo;
                gxs[o] = (gray[c - width + 1] + (2 * gray[c + 1]) + gray[c + width + 1] - gray[c - width - 1] - (2 * gray[c - 1]) - gray[c + width - 1]) / 8f;
                gys[o] = (gray[c + width - 1] + (2 * gray[c + width]) + gray[c + width + 1] - gray[c - width - 1] - (2 * gray[c - width]) - gray[c - width + 1]) / 8f;
            }
        }

        var sortedSpan = (float[])span.Clone();
        Array.Sort(sortedSpan);
        double cut = Math.Max(0.02, 0.5 * Percentile(sortedSpan, 0.99));
        var ratios = new List<float>[4];
        for (int d = 0; d < 4; d++)
        {
            ratios[d] = [];
        }

        for (int i = 0; i < span.Length; i++)
        {
            if (span[i] > cut)
            {
                float gx = gxs[i], gy = gys[i], s = span[i];
                ratios[0].Add(MathF.Abs(gx) / s);
                ratios[1].Add(MathF.Abs(gy) / s);
                ratios[2].Add(MathF.Abs(gx + gy) / (MathF.Sqrt(2) * s));
                ratios[3].Add(MathF.Abs(gx - gy) / (MathF.Sqrt(2) * s));
            }
        }

        if (ratios[0].Count == 0)
        {
            return MaxEdgeWidth;
        }

        double softest = double.MaxValue;
        foreach (var list in ratios)
        {
            var sorted = list.ToArray();
            Array.Sort(sorted);
            softest = Math.Min(softest, Percentile(sorted, 0.99));
        }

        return softest <= 1 / MaxEdgeWidth ? MaxEdgeWidth : 1 / softest;
    }

    // Percentile q of sorted values, interpolated linearly between the two nearest ranks.
    private static double Percentile(float[] sorted, double q)
    {
        double pos = q * (sorted.Length - 1);
        int lo = (int)Math.Floor(pos), hi = Math.Min(sorted.Length - 1, lo + 1);
        return sorted[lo] + ((pos - lo) * (sorted[hi] - sorted[lo]));
    }

    /// <summary>
    /// Sharpness of the crispest part of the photo: the image is cut into <paramref name="tiles"/> x
    /// <paramref name="tiles"/> tiles and, over tiles with some contrast (intensity standard deviation above 2 %),
    /// the largest ratio of the Laplacian's standard deviation to the intensity standard deviation is
    /// returned. A sharp photo has crisp edges somewhere even when most of it is smooth (sky, walls); a
    /// blurred one has them nowhere, and dividing by contrast keeps dim or flat scenes comparable.
    /// </summary>
    /// <param name="gray">Row-major grayscale in [0, 1].</param>
    /// <param name="height">Rows.</param>
    /// <param name="width">Columns.</param>
    /// <param name="tiles">Tiles per side.</param>
    /// <returns>The largest ratio; 0 when no tile has contrast.</returns>
    public static double PeakSharpness(ReadOnlySpan<float> gray, int height, int width, int tiles = 4)
    {
        int th = height / tiles, tw = width / tiles;
        if (th < 3 || tw < 3)
        {
            return 0;
        }

        double best = 0;
        var tile = new float[th * tw];
        for (int ty = 0; ty < tiles; ty++)
        {
            for (int tx = 0; tx < tiles; tx++)
            {
                double s = 0, s2 = 0;
                for (int y = 0; y < th; y++)
                {
                    for (int x = 0; x < tw; x++)
                    {
                        float v = gray[(((ty * th) + y) * width) + (tx * tw) + x];
                        tile[(y * tw) + x] = v;
                        s += v;
                        s2 += v * v;
                    }
                }

                double mean = s / tile.Length, std = Math.Sqrt(Math.Max(0, (s2 / tile.Length) - (mean * mean)));
                if (std < 0.02)
                {
                    continue;
                }

                best = Math.Max(best, Math.Sqrt(LaplacianVariance(tile, th, tw)) / (255.0 * std));
            }
        }

        return best;
    }

    /// <summary>Brightness percentiles (nearest rank) and clipped fractions of a grayscale image.</summary>
    /// <param name="gray">Grayscale values in [0, 1].</param>
    /// <returns>The statistics; all zero for an empty image.</returns>
    public static Exposure Exposure(ReadOnlySpan<float> gray)
    {
        if (gray.IsEmpty)
        {
            return default;
        }

        var sorted = gray.ToArray();
        Array.Sort(sorted);
        float P(double q) => sorted[Math.Clamp((int)Math.Round(q * (sorted.Length - 1)), 0, sorted.Length - 1)];
        int dark = 0, bright = 0;
        double sum = 0;
        foreach (var v in sorted)
        {
            sum += v;
            if (v <= 2f / 255)
            {
                dark++;
            }
            else if (v >= 253f / 255)
            {
                bright++;
            }
        }

        return new Exposure(P(0.05), P(0.5), P(0.95), (float)(sum / sorted.Length), dark / (float)sorted.Length, bright / (float)sorted.Length);
    }
}
