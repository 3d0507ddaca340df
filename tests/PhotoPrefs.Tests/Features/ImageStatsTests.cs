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
