using System.Numerics;

namespace PhotoPrefs.Features;

/// <summary>
/// Small, classical per-photo measures: colour histograms, perceptual hashes (pHash, dHash) with
/// Hamming distance, sharpness (variance of the Laplacian) and exposure. Inputs are the CHW float
/// buffers of <see cref="Imaging.PixelBuffer"/> (values in [0, 1]).
/// </summary>
public static partial class ImageStats
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
