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
        Assert.Equal(0f, s.Get(4, "sharpness_vs_hour")); // nothing else within the hour: no standing
    }

    [Fact]
    public void A_photo_is_measured_against_the_photos_taken_within_the_hour_around_it()
    {
        // An outing of five shots ten minutes apart (2 blurred, 3 over-exposed), one shot 50 minutes after the last
        // of them, and two lone shots a day apart.
        var t0 = new DateTime(2024, 1, 1, 12, 0, 0);
        DateTime[] times =
        [
            t0, t0.AddMinutes(10), t0.AddMinutes(20), t0.AddMinutes(30), t0.AddMinutes(40), t0.AddMinutes(90),
            t0.AddDays(1), t0.AddDays(2),
        ];
        int n = times.Length;
        long[] ids = [.. Enumerable.Range(1, n).Select(i => (long)i)];
        float[] color = [.. Enumerable.Repeat(0.5f, 2 * n)];
        const int q = 10;
        var quality = new float[n * q];
        float[] sharp = [6f, 5f, 2f, 7f, 6f, 4f, 9f, 1f];
        float[] bright = [0.4f, 0.5f, 0.45f, 0.9f, 0.4f, 0.3f, 0.8f, 0.2f];
        for (int i = 0; i < n; i++)
        {
            quality[i * q] = sharp[i];
            quality[(i * q) + 4] = bright[i];
        }

        var s = PhotoSignals.Compute(ids, quality, q, color, 2, times);
        // shot 0: the four others of its outing (shot 5 is 90 minutes away); their sharpness 5, 2, 7, 6 has median 5.5
        Assert.Equal(6f - 5.5f, s.Get(0, "sharpness_vs_hour"));
        Assert.Equal(0.4f - 0.475f, s.Get(0, "brightness_vs_hour"), 5);
        // shot 2, the blurred one: 6, 5, 7, 6 around it
        Assert.Equal(2f - 6f, s.Get(2, "sharpness_vs_hour"));
        // shot 3, the over-exposed one: 0.4, 0.5, 0.45, 0.4 around it, and shot 5, 60 minutes after it, too
        Assert.Equal(0.9f - 0.4f, s.Get(3, "brightness_vs_hour"), 5);
        // shot 5: shots 3 and 4 are within the hour, the rest are not
        Assert.Equal(4f - 6.5f, s.Get(5, "sharpness_vs_hour"));
        // the lone shots have no standing
        Assert.Equal(0f, s.Get(6, "sharpness_vs_hour"));
        Assert.Equal(0f, s.Get(7, "brightness_vs_hour"));
    }

    [Fact]
    public void A_photo_is_measured_against_the_eight_photos_nearest_in_time()
    {
        // Twelve shots a minute apart, all within the hour: shot 0's eight nearest are 1 to 8, shot 6's are 2 to 5 and
        // 7 to 10, shot 11's 3 to 10; sharpness = the shot's number.
        var t0 = new DateTime(2024, 1, 1, 12, 0, 0);
        const int n = 12, q = 10;
        long[] ids = [.. Enumerable.Range(1, n).Select(i => (long)i)];
        DateTime[] times = [.. Enumerable.Range(0, n).Select(i => t0.AddMinutes(i))];
        float[] color = [.. Enumerable.Repeat(0.5f, 2 * n)];
        var quality = new float[n * q];
        for (int i = 0; i < n; i++)
        {
            quality[i * q] = i;
        }

        var s = PhotoSignals.Compute(ids, quality, q, color, 2, times);
        Assert.Equal(8, PhotoSignals.NearbyCount);
        Assert.Equal(0f - 4.5f, s.Get(0, "sharpness_vs_hour")); // median of 1..8
        Assert.Equal(6f - 6f, s.Get(6, "sharpness_vs_hour")); // median of 2, 3, 4, 5, 7, 8, 9, 10
        Assert.Equal(11f - 6.5f, s.Get(11, "sharpness_vs_hour")); // median of 3..10
    }
}
