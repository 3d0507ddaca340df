using PhotoPrefs.SemiSupervised;

namespace PhotoPrefs.Tests.SemiSupervised;

public sealed class AugmentTests
{
    private static float[] Image(int c, int h, int w, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, c * h * w).Select(_ => (float)rng.NextDouble()).ToArray();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Every_operation_keeps_values_in_range_and_is_seeded(int channels)
    {
        var img = Image(channels, 16, 12, 1);
        foreach (var op in Enum.GetValues<AugmentOp>())
        {
            foreach (var m in new[] { 0.0, 0.5, 1.0 })
            {
                var a = (float[])img.Clone();
                var b = (float[])img.Clone();
                Augment.Apply(op, m, a, channels, 16, 12, new Random(3));
                Augment.Apply(op, m, b, channels, 16, 12, new Random(3));
                Assert.Equal(a, b);
                Assert.All(a, v => Assert.InRange(v, 0f, 1f));
            }
        }
    }

    [Fact]
    public void Identity_changes_nothing_and_solarize_inverts_above_the_threshold()
    {
        var img = Image(1, 8, 8, 2);
        var a = (float[])img.Clone();
        Augment.Apply(AugmentOp.Identity, 0.7, a, 1, 8, 8, new Random(1));
        Assert.Equal(img, a);
        Augment.Apply(AugmentOp.Solarize, 0.5, a, 1, 8, 8, new Random(1));
        for (int i = 0; i < img.Length; i++)
        {
            Assert.Equal(img[i] >= 0.5f ? 1 - img[i] : img[i], a[i], 6);
        }
    }

    [Fact]
    public void Weak_view_is_a_shifted_possibly_mirrored_copy_without_borders()
    {
        // A horizontal ramp: every weak view is a reflection-padded shift, so all values stay ramp values.
        int h = 16, w = 16;
        var img = new float[h * w];
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                img[(y * w) + x] = x / 15f;
            }
        }

        var rng = new Random(5);
        var seen = new HashSet<string>();
        for (int t = 0; t < 20; t++)
        {
            var dst = new float[h * w];
            Augment.Weak(img, 1, h, w, rng, dst, flip: true);
            Assert.All(dst, v => Assert.Contains(Math.Round(v * 15), Enumerable.Range(0, 16).Select(i => (double)i)));
            seen.Add(string.Join(',', dst.Take(w)));
        }

        Assert.True(seen.Count > 3, "the weak view should vary");
        // Without flips the middle of each row still rises left to right: a shift of at most 12.5% (2 pixels).
        for (int t = 0; t < 10; t++)
        {
            var noFlip = new float[h * w];
            Augment.Weak(img, 1, h, w, new Random(t), noFlip, flip: false);
            int dx = (int)Math.Round(noFlip[w / 2] * 15) - (w / 2);
            Assert.InRange(dx, -2, 2);
            for (int x = 2; x < w - 2; x++)
            {
                Assert.Equal((x + dx) / 15f, noFlip[x], 5);
            }
        }
    }

    [Fact]
    public void Strong_view_applies_two_operations_and_cutout()
    {
        var img = Enumerable.Repeat(0.2f, 3 * 32 * 32).ToArray();
        var dst = new float[img.Length];
        var (first, second) = Augment.Strong(img, 3, 32, 32, new Random(9), dst);
        Assert.True(Enum.IsDefined(first) && Enum.IsDefined(second));
        Assert.All(dst, v => Assert.InRange(v, 0f, 1f));
        var again = new float[img.Length];
        Augment.Strong(img, 3, 32, 32, new Random(9), again);
        Assert.Equal(dst, again);
    }

    [Fact]
    public void Strong_views_draw_only_from_the_pool_given()
    {
        var rng = new Random(4);
        var image = Enumerable.Range(0, 3 * 16 * 16).Select(_ => (float)rng.NextDouble()).ToArray();
        var view = new float[image.Length];
        var drawn = new HashSet<AugmentOp>();
        for (int i = 0; i < 200; i++)
        {
            var (first, second) = Augment.Strong(image, 3, 16, 16, new Random(i), view, pool: Augment.QualityPreserving);
            drawn.Add(first);
            drawn.Add(second);
        }

        Assert.Equal(Augment.QualityPreserving.Order(), drawn.Order());
        Assert.DoesNotContain(AugmentOp.Brightness, Augment.QualityPreserving);
        Assert.DoesNotContain(AugmentOp.Sharpness, Augment.QualityPreserving);
        Assert.Throws<ArgumentException>(() => Augment.Strong(image, 3, 16, 16, rng, view, pool: []));
    }
}
