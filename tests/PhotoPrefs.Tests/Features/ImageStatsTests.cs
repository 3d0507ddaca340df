using ImageMagick;
using PhotoPrefs.Features;
using PhotoPrefs.Imaging;
using PhotoPrefs.Testing;

namespace PhotoPrefs.Tests.Features;

public sealed class ImageStatsTests
{
    [Fact]
    public void Color_histogram_sums_to_one_and_bins_pure_colours()
    {
        using var image = TestImages.Halves(40, 20, MagickColors.Red, MagickColors.Blue);
        var h = ImageStats.ColorHistogram(PixelBuffer.ToChw(image, 40, 20));
        Assert.Equal(64, h.Length);
        Assert.Equal(1f, h.Sum(), 4);
        Assert.Equal(0.5f, h[(3 * 16) + 0 + 0], 2); // red: r bin 3, g 0, b 0
        Assert.Equal(0.5f, h[0 + 0 + 3], 2);        // blue
    }

    [Fact]
    public void Perceptual_hashes_survive_reencoding_and_tell_photos_apart()
    {
        using var a = TestImages.Rgb(300, 200, 1);
        using var b = (MagickImage)a.Clone();
        b.Rotate(180);
        using var aAgain = new MagickImage(ByteTargetCompressor.Encode(a, 30));
        aAgain.Resize(150, 100);
        ulong P(MagickImage m) => ImageStats.PHash(PixelBuffer.ToChw(m, 32, 32, grayscale: true));
        ulong D(MagickImage m) => ImageStats.DHash(PixelBuffer.ToChw(m, 9, 8, grayscale: true));
        // Near-duplicates stay within 10 bits (the usual threshold); a different picture is far beyond it.
        Assert.True(ImageStats.Hamming(P(a), P(aAgain)) <= 10, $"pHash {ImageStats.Hamming(P(a), P(aAgain))}");
        Assert.True(ImageStats.Hamming(D(a), D(aAgain)) <= 10, $"dHash {ImageStats.Hamming(D(a), D(aAgain))}");
        Assert.True(ImageStats.Hamming(P(a), P(b)) >= 20, $"pHash apart {ImageStats.Hamming(P(a), P(b))}");
        Assert.True(ImageStats.Hamming(D(a), D(b)) >= 20, $"dHash apart {ImageStats.Hamming(D(a), D(b))}");
        Assert.Equal(0, ImageStats.Hamming(P(a), P(a)));
        Assert.Equal(64, ImageStats.Hamming(0, ulong.MaxValue));
    }

    [Fact]
    public void Laplacian_variance_drops_when_a_photo_is_blurred()
    {
        using var sharp = TestImages.Rgb(256, 256, 3);
        using var blurred = (MagickImage)sharp.Clone();
        blurred.GaussianBlur(0, 3);
        double S(MagickImage m) => ImageStats.LaplacianVariance(PixelBuffer.ToChw(m, 256, 256, grayscale: true), 256, 256);
        Assert.True(S(blurred) < S(sharp) / 10, $"{S(blurred)} vs {S(sharp)}");
        Assert.Equal(0, ImageStats.LaplacianVariance(new float[4], 2, 2));
        // Hand-computed: a single bright pixel in a 3 x 3 image has one interior Laplacian, so variance 0.
        Assert.Equal(0, ImageStats.LaplacianVariance([0, 0, 0, 0, 1, 0, 0, 0, 0], 3, 3));
    }

    // A disc of radius n / 4 at the centre of an n x n image: hi inside, lo outside (edges in every direction).
    private static float[] Disc(int n, float lo, float hi)
    {
        var g = new float[n * n];
        double c = (n - 1) / 2.0, radius = n / 4.0;
        for (int y = 0; y < n; y++)
        {
            for (int x = 0; x < n; x++)
            {
                g[(y * n) + x] = ((x - c) * (x - c)) + ((y - c) * (y - c)) < radius * radius ? hi : lo;
            }
        }

        return g;
    }

    // A 1-D kernel applied along the rows, then (when both) along the columns, of an n x n image (edges repeated).
    private static float[] Convolve(float[] image, int n, double[] kernel, bool both)
    {
        int r = kernel.Length / 2;
        double sum = kernel.Sum();
        float[] Pass(float[] src, bool rows)
        {
            var dst = new float[n * n];
            for (int y = 0; y < n; y++)
            {
                for (int x = 0; x < n; x++)
                {
                    double v = 0;
                    for (int k = -r; k <= r; k++)
                    {
                        v += kernel[k + r] * (rows ? src[(y * n) + Math.Clamp(x + k, 0, n - 1)] : src[(Math.Clamp(y + k, 0, n - 1) * n) + x]);
                    }

                    dst[(y * n) + x] = (float)(v / sum);
                }
            }

            return dst;
        }

        var once = Pass(image, rows: true);
        return both ? Pass(once, rows: false) : once;
    }

    private static double[] Gaussian(double sigma)
    {
        int r = (int)Math.Ceiling(4 * sigma);
        return Enumerable.Range(-r, (2 * r) + 1).Select(i => Math.Exp(-i * i / (2 * sigma * sigma))).ToArray();
    }

    [Fact]
    public void Edge_width_of_a_crisp_disc_is_about_two_pixels_and_grows_with_blur()
    {
        const int n = 96;
        double crisp = ImageStats.EdgeWidth(Disc(n, 0.2f, 0.8f), n, n);
        Assert.InRange(crisp, 2, 2.6);
        var widths = new[] { 1.0, 2.0, 3.0, 4.5, 6.0 }.Select(s => ImageStats.EdgeWidth(Convolve(Disc(n, 0.2f, 0.8f), n, Gaussian(s), both: true), n, n)).Prepend(crisp).ToArray();
        for (int i = 1; i < widths.Length; i++)
        {
            Assert.True(widths[i] > widths[i - 1] + 0.1, string.Join(", ", widths.Select(v => v.ToString("F2"))));
        }

        Assert.InRange(widths[3], 5, 7); // sigma 3: past it the 7-pixel window bounds the width
    }

    [Fact]
    public void Edge_width_sees_motion_blur_that_leaves_edges_along_the_motion_crisp()
    {
        // Shaken sideways by 15 px: the disc's top and bottom stay crisp, its sides are smeared.
        const int n = 96;
        var shaken = Convolve(Disc(n, 0.2f, 0.8f), n, Enumerable.Repeat(1.0, 15).ToArray(), both: false);
        Assert.True(ImageStats.EdgeWidth(shaken, n, n) > 4, $"shaken {ImageStats.EdgeWidth(shaken, n, n):F2} px");
    }

    [Fact]
    public void Edge_width_ignores_contrast_and_smooth_areas_where_the_laplacian_does_not()
    {
        // The same blurred disc at a tenth of the contrast (a dim photo) reads the same width.
        const int m = 96;
        var bright = Convolve(Disc(m, 0.1f, 0.9f), m, Gaussian(2), both: true);
        var dim = Convolve(Disc(m, 0.45f, 0.53f), m, Gaussian(2), both: true);
        Assert.Equal(ImageStats.EdgeWidth(bright, m, m), ImageStats.EdgeWidth(dim, m, m), 2);

        // A crisp, faint disc on a flat background (a face against a plain wall) against a high-contrast
        // checkerboard blurred by 3.5 px: the Laplacian variance calls the checkerboard sharper, the edge width does not.
        const int n = 160;
        var disc = Disc(n, 0.47f, 0.53f);
        var board = new float[n * n];
        for (int y = 0; y < n; y++)
        {
            for (int x = 0; x < n; x++)
            {
                board[(y * n) + x] = ((x / 10) + (y / 10)) % 2 == 0 ? 0.1f : 0.9f;
            }
        }

        var texture = Convolve(board, n, Gaussian(3.5), both: true);
        Assert.True(ImageStats.LaplacianVariance(texture, n, n) > ImageStats.LaplacianVariance(disc, n, n), $"the premise: the blurred texture has the larger Laplacian variance ({ImageStats.LaplacianVariance(texture, n, n):F1} against {ImageStats.LaplacianVariance(disc, n, n):F1})");
        double crisp = ImageStats.EdgeWidth(disc, n, n), soft = ImageStats.EdgeWidth(texture, n, n);
        Assert.True(crisp < 2.6 && soft > 4, $"disc {crisp:F2} px, blurred texture {soft:F2} px");
    }

    [Fact]
    public void Edge_width_without_edges_is_the_maximum()
    {
        Assert.Equal(ImageStats.MaxEdgeWidth, ImageStats.EdgeWidth(Enumerable.Repeat(0.5f, 32 * 32).ToArray(), 32, 32));
        Assert.Equal(ImageStats.MaxEdgeWidth, ImageStats.EdgeWidth(Disc(8, 0, 1), 8, 8));
    }

    [Fact]
    public void Exposure_reports_percentiles_and_clipping()
    {
        var gray = Enumerable.Range(0, 101).Select(i => i / 100f).ToArray();
        var e = ImageStats.Exposure(gray);
        Assert.Equal(0.05f, e.P5, 3);
        Assert.Equal(0.5f, e.P50, 3);
        Assert.Equal(0.95f, e.P95, 3);
        Assert.Equal(1 / 101f, e.ClippedDark, 4);
        Assert.Equal(1 / 101f, e.ClippedBright, 4);
        Assert.Equal(default, ImageStats.Exposure([]));
    }

    [Fact]
    public void Hash_inputs_of_the_wrong_size_are_refused()
    {
        Assert.Throws<ArgumentException>(() => ImageStats.PHash(new float[10]));
        Assert.Throws<ArgumentException>(() => ImageStats.DHash(new float[10]));
    }
}

/// <summary>The vector kernels the stages lean on, against plain scalar loops, at every length 0..256 and odd sizes.</summary>
public sealed class VectorKernelTests
{
    public static TheoryData<int> Lengths()
    {
        var data = new TheoryData<int>();
        foreach (var n in Enumerable.Range(0, 257).Concat([511, 1023, 1764]))
        {
            data.Add(n);
        }

        return data;
    }

    [Theory]
    [Trait("Category", "Simd")]
    [MemberData(nameof(Lengths))]
    public void Squared_distance_matches_a_scalar_loop(int n)
    {
        var rng = new Random(n);
        var a = Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        var b = Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        double expected = 0;
        for (int i = 0; i < n; i++)
        {
            expected += ((double)a[i] - b[i]) * ((double)a[i] - b[i]);
        }

        var actual = PhotoPrefs.Clustering.KMeans.SquaredDistance(a, b);
        Assert.Equal(expected, actual, Math.Max(1e-5, expected * 1e-5));
        int nearest = PhotoPrefs.Clustering.KMeans.Nearest(a, [.. b, .. a], 2, out var dist);
        Assert.Equal(n == 0 ? 0 : 1, nearest);
        Assert.Equal(0f, dist);
    }
}
