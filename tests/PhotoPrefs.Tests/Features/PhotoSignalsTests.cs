using PhotoPrefs.Features;

namespace PhotoPrefs.Tests.Features;

public sealed class PhotoSignalsTests
{
    [Fact]
    public void Bursts_are_close_in_time_and_colour_and_the_sharpest_shot_is_the_keeper()
    {
        var t0 = new DateTime(2024, 1, 1, 12, 0, 0);
        long[] ids = [1, 2, 3, 4, 5];
        DateTime[] times = [t0, t0.AddSeconds(1), t0.AddSeconds(2), t0.AddSeconds(3), t0.AddHours(2)];
        // Colour histograms of 2 bins: 1-3 alike, 4 different (a new scene right after), 5 alike but hours later.
        float[] color = [0.5f, 0.5f, 0.55f, 0.45f, 0.5f, 0.5f, 0.95f, 0.05f, 0.5f, 0.5f];
        // Quality rows (10 values): sharpness first, edge width last; 2 is the sharpest of the burst.
        const int q = 10;
        var quality = new float[5 * q];
        float[] sharp = [2f, 3f, 1f, 4f, 5f];
        for (int i = 0; i < 5; i++)
        {
            quality[i * q] = sharp[i];
            quality[(i * q) + 4] = 0.5f;
            quality[(i * q) + 9] = 2 + i;
        }

        float[] shapes = [PhotoSignals.Elongation(640, 480), PhotoSignals.Elongation(480, 640), PhotoSignals.Elongation(360, 760), PhotoSignals.Elongation(500, 500), PhotoSignals.Elongation(0, 10)];
        var s = PhotoSignals.Compute(ids, quality, q, color, 2, times, shapes);
        Assert.Equal([0, 0, 0, -1, -1], s.Burst);
        Assert.Equal([false, true, false, false, false], s.BurstBest);
        Assert.Equal(1f, s.Get(0, "burst_not_best"));
        Assert.Equal(0f, s.Get(1, "burst_not_best"));
        Assert.Equal(1f, s.Get(0, "burst_sharpness_gap"));
        Assert.Equal(0f, s.Get(3, "in_burst"));
        Assert.Equal(0f, s.Get(0, "time"));
        Assert.Equal(1f, s.Get(4, "time"));
        Assert.Equal(5f, s.Get(3, "edge_width"));
        Assert.Equal(0.2877f, s.Get(0, "elongation"), 4); // ln(4/3)
        Assert.Equal(0.2877f, s.Get(1, "elongation"), 4); // the same shot held upright
        Assert.Equal(0.7472f, s.Get(2, "elongation"), 4); // ln(760/360): a phone screenshot
        Assert.Equal(0f, s.Get(3, "elongation"));
        Assert.Equal(0f, s.Get(4, "elongation")); // no usable size
        Assert.Equal(0f, PhotoSignals.Compute(ids, quality, q, color, 2, times).Get(2, "elongation"));
        Assert.Throws<ArgumentException>(() => PhotoSignals.Compute(ids, quality, q, color, 2, times, [1f]));
        Assert.Equal(PhotoSignals.Names.Count * 5, s.Values.Length);

        var z = s.Standardized();
        Assert.All(z, v => Assert.InRange(v, -PhotoSignals.Clip, PhotoSignals.Clip));
        Assert.Equal(0f, z[(0 * PhotoSignals.Names.Count) + 3]); // brightness is constant: 0 after standardising
        Assert.Throws<ArgumentException>(() => s.Get(0, "nonsense"));
        Assert.Equal(0f, s.Get(0, "sharpness_vs_similar")); // no embeddings: no look-alikes
    }

    [Fact]
    public void A_photo_is_measured_against_the_photos_most_like_it()
    {
        long[] ids = [1, 2, 3, 4, 5];
        var t0 = new DateTime(2024, 1, 1, 12, 0, 0);
        DateTime[] times = [.. Enumerable.Range(0, 5).Select(i => t0.AddHours(i))];
        float[] color = [.. Enumerable.Repeat(0.5f, 10)];
        const int q = 10;
        var quality = new float[5 * q];
        float[] sharp = [6f, 5f, 2f, 7f, 1f];
        for (int i = 0; i < 5; i++)
        {
            quality[i * q] = sharp[i];
        }

        // Two look-alikes each: 0, 1 and 2 are one scene (2 its blurred shot); 3 and 4 another, with 0 as the nearest other.
        int[] similar = [1, 2, 0, 2, 0, 1, 4, 0, 3, 0];
        var s = PhotoSignals.Compute(ids, quality, q, color, 2, times, null, similar);
        Assert.Equal(6f - 3.5f, s.Get(0, "sharpness_vs_similar")); // median of 5 and 2
        Assert.Equal(2f - 5.5f, s.Get(2, "sharpness_vs_similar"));
        Assert.Equal(0f, s.Get(0, "similar_sharper"));
        Assert.Equal(0.5f, s.Get(1, "similar_sharper"));
        Assert.Equal(1f, s.Get(2, "similar_sharper"));
        Assert.Equal(1f, s.Get(4, "similar_sharper"));
        Assert.Throws<ArgumentException>(() => PhotoSignals.Compute(ids, quality, q, color, 2, times, null, [1, 2, 3]));
        Assert.Throws<ArgumentException>(() => PhotoSignals.Compute(ids, quality, q, color, 2, times, null, [1, 2, 0, 2, 0, 1, 4, 0, 3, 5]));
    }
}
