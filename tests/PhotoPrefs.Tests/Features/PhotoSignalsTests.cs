using ImageMagick;
using PhotoPrefs.Features;
using PhotoPrefs.Testing;

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

    [Fact]
    public void A_file_time_that_other_files_share_is_not_a_capture_time()
    {
        var t0 = new DateTime(2024, 1, 1, 12, 0, 0);
        // 0 and 1 from EXIF at one instant; 2 and 3 file times of one copy; 4 a file time of its own; 5 in 2's second
        DateTime[] times = [t0, t0, t0.AddHours(1), t0.AddHours(1), t0.AddHours(2), t0.AddHours(1).AddMilliseconds(400)];
        bool[] fromFile = [false, false, true, true, true, true];
        Assert.Equal([true, true, false, false, true, false], PhotoSignals.CaptureTimes(times, fromFile));
        Assert.Throws<ArgumentException>(() => PhotoSignals.CaptureTimes(times, [true]));
    }

    [Fact]
    public void A_photo_without_neighbours_in_time_is_measured_against_its_look_alikes()
    {
        // Seven photos without a capture time, all dated by one copy: 0 to 3 one scene (2 blurred), 4 and 5 another
        // scene, 6 alike to nothing. Each of its own shape, so that none can be a burst.
        const int n = 7, q = 10, dim = 4;
        var t = new DateTime(2026, 1, 1);
        long[] ids = [.. Enumerable.Range(1, n).Select(i => (long)i)];
        DateTime[] times = [.. Enumerable.Repeat(t, n)];
        float[] color = [.. Enumerable.Repeat(0.5f, 2 * n)];
        float[] sharp = [6f, 5f, 1f, 7f, 3f, 4f, 2f];
        var quality = new float[n * q];
        for (int i = 0; i < n; i++)
        {
            quality[i * q] = sharp[i];
            quality[(i * q) + 4] = 0.5f;
        }

        float[][] rows = [[1, 0.1f, 0, 0], [1, 0.15f, 0, 0], [1, 0.05f, 0, 0], [1, 0.12f, 0, 0], [0, 0, 1, 0.1f], [0, 0, 1, 0.12f], [0, 0, 0, 1]];
        var embeddings = rows.SelectMany(r => Normalised(r)).ToArray();
        float[] shapes = [.. Enumerable.Range(0, n).Select(i => 0.1f * i)];
        var fromFile = Enumerable.Repeat(true, n).ToArray();
        var lookAlikes = new SignalLookAlikes(embeddings, dim, _ => throw new InvalidOperationException("no two photos share a shape: no picture to match"));

        var before = PhotoSignals.Compute(ids, quality, q, color, 2, times, shapes);
        var s = PhotoSignals.Compute(ids, quality, q, color, 2, times, shapes, PhotoSignals.CaptureTimes(times, fromFile), lookAlikes);
        // taken for one instant, every photo stood against the others and the copy made a burst of them all
        Assert.Equal(1f, before.Get(0, "in_burst"));
        Assert.All(Enumerable.Range(0, n), i => Assert.Equal(-1, s.Burst[i]));
        // the blurred shot against 6, 5 and 7, the other shots of its scene
        Assert.Equal(1f - 6f, s.Get(2, "sharpness_vs_hour"));
        Assert.Equal(6f - 5f, s.Get(0, "sharpness_vs_hour")); // against 5, 1, 7
        Assert.Equal(0f, s.Get(2, "brightness_vs_hour"));
        // 4 and 5 have one look-alike each, 6 none: fewer than NearbyMinimum, no standing
        Assert.Equal(0f, s.Get(4, "sharpness_vs_hour"));
        Assert.Equal(0f, s.Get(6, "sharpness_vs_hour"));
    }

    [Fact]
    public void Near_identical_frames_without_a_time_are_a_burst_whose_sharpest_frame_is_the_keeper()
    {
        // Four photos of one shape and nearly one embedding, no capture time: 0 and 1 one framing moved by a hand,
        // 1 shaken; 2 another picture; 5 a zoom into the scene of 0 (another framing, the sharpest of all).
        using var scene = Scene(1);
        using var moved = (MagickImage)scene.Clone();
        moved.Crop(new MagickGeometry(6, 4, 394, 296));
        moved.ResetPage();
        moved.Resize(new MagickGeometry(400, 300) { IgnoreAspectRatio = true });
        moved.MotionBlur(0, 3, 30);
        using var other = Scene(4);
        using var zoomed = (MagickImage)scene.Clone();
        zoomed.Crop(new MagickGeometry(40, 30, 320, 240));
        zoomed.ResetPage();
        zoomed.Resize(new MagickGeometry(400, 300) { IgnoreAspectRatio = true });
        var thumbs = new Dictionary<long, byte[]> { [1] = Jpeg(scene), [2] = Jpeg(moved), [3] = Jpeg(other), [6] = Jpeg(zoomed) };
        const int n = 6, q = 10, dim = 3;
        long[] ids = [1, 2, 3, 4, 5, 6];
        var t = new DateTime(2026, 1, 1);
        DateTime[] times = [.. Enumerable.Repeat(t, n)];
        float[] color = [.. Enumerable.Repeat(0.5f, 2 * n)];
        float[] sharp = [5f, 3f, 4f, 2f, 1f, 6f];
        var quality = new float[n * q];
        for (int i = 0; i < n; i++)
        {
            quality[i * q] = sharp[i];
        }

        // 3 and 4 elsewhere in the embedding space (and of another shape), so that centring leaves 0, 1, 2, 5 alike
        float[][] rows = [[1, 0.02f, 0], [1, 0.03f, 0], [1, 0.04f, 0], [0, 0, 1], [0, 1, 0], [1, 0.025f, 0]];
        var embeddings = rows.SelectMany(r => Normalised(r)).ToArray();
        float[] shapes = [0.2877f, 0.2877f, 0.2877f, 0.9f, 1.2f, 0.2877f];
        var asked = new List<long>();
        var lookAlikes = new SignalLookAlikes(embeddings, dim, wanted =>
        {
            asked.AddRange(wanted);
            return wanted.ToDictionary(id => id, id => thumbs[id]);
        });
        var s = PhotoSignals.Compute(ids, quality, q, color, 2, times, shapes, PhotoSignals.CaptureTimes(times, [.. Enumerable.Repeat(true, n)]), lookAlikes);
        Assert.Equal([1L, 2, 3, 6], asked.Order());
        Assert.True(s.Burst[0] >= 0);
        Assert.Equal(s.Burst[0], s.Burst[1]);
        Assert.Equal(-1, s.Burst[2]);
        // the zoom is one picture with 0 but not its field of view: another shot, not a frame of the burst
        Assert.Equal(-1, s.Burst[5]);
        Assert.Equal([true, false, false, false, false, false], s.BurstBest);
        Assert.Equal(1f, s.Get(1, "burst_not_best"));
        Assert.Equal(2f, s.Get(1, "burst_sharpness_gap"));
        // the shaken frame against its burst's other frame and its two look-alikes: median of 5, 6 and 4
        Assert.Equal(3f - 5f, s.Get(1, "sharpness_vs_hour"));
    }

    [Fact]
    public void On_a_timeline_nothing_changes_and_a_lone_shot_keeps_no_standing()
    {
        // Four shots of an outing minutes apart and one shot a day later, all with capture times.
        var t0 = new DateTime(2024, 1, 1, 12, 0, 0);
        DateTime[] times = [t0, t0.AddMinutes(5), t0.AddMinutes(10), t0.AddMinutes(15), t0.AddDays(1)];
        const int n = 5, q = 10, dim = 3;
        long[] ids = [1, 2, 3, 4, 5];
        float[] color = [.. Enumerable.Repeat(0.5f, 2 * n)];
        float[] sharp = [4f, 5f, 6f, 2f, 1f];
        var quality = new float[n * q];
        for (int i = 0; i < n; i++)
        {
            quality[i * q] = sharp[i];
            quality[(i * q) + 4] = 0.1f * i;
        }

        float[][] rows = [[1, 0.1f, 0], [1, 0.12f, 0], [0, 1, 0.1f], [0, 0, 1], [1, 0.11f, 0]];
        var embeddings = rows.SelectMany(r => Normalised(r)).ToArray();
        var lookAlikes = new SignalLookAlikes(embeddings, dim, _ => throw new InvalidOperationException("every photo has a capture time"));
        var plain = PhotoSignals.Compute(ids, quality, q, color, 2, times);
        var s = PhotoSignals.Compute(ids, quality, q, color, 2, times, null, [.. Enumerable.Repeat(true, n)], lookAlikes);
        // every value as before; the lone shot, alone in its hour but with a capture time, has no standing though 0 and 1 look like it
        Assert.Equal(plain.Values, s.Values);
        Assert.Equal(0f, s.Get(4, "sharpness_vs_hour"));
        // the same shot and shot 3 dated by a copy, without a capture time: 0 and 1 stand in, median of 4 and 5
        var undated = PhotoSignals.Compute(ids, quality, q, color, 2, times, null, [true, true, true, false, false], lookAlikes with { Thumbnails = _ => new Dictionary<long, byte[]>() });
        Assert.Equal(1f - 4.5f, undated.Get(4, "sharpness_vs_hour"));
        Assert.Equal(0.4f - 0.05f, undated.Get(4, "brightness_vs_hour"), 5);
    }

    private static float[] Normalised(float[] row)
    {
        float norm = MathF.Sqrt(row.Sum(v => v * v));
        return [.. row.Select(v => v / norm)];
    }

    private static MagickImage Scene(int index)
    {
        var files = Directory.GetFiles(SampleAlbumFiles.Path("Camera"), "*.jpg").Order(StringComparer.Ordinal).ToList();
        var image = new MagickImage(files[index]);
        image.AutoOrient();
        image.Resize(new MagickGeometry(400, 300) { IgnoreAspectRatio = true });
        return image;
    }

    private static byte[] Jpeg(MagickImage image)
    {
        using var copy = (MagickImage)image.Clone();
        copy.Format = MagickFormat.Jpeg;
        copy.Quality = 90;
        return copy.ToByteArray();
    }
}
