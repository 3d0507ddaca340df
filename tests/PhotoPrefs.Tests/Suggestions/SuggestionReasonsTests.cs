using PhotoPrefs.Apply;
using PhotoPrefs.Features;

namespace PhotoPrefs.Tests.Apply;

public sealed class SuggestionsTests
{
    [Fact]
    public void Reasons_name_blur_darkness_overexposure_and_the_burst_keeper()
    {
        var t0 = new DateTime(2024, 1, 1, 12, 0, 0);
        long[] ids = [1, 2, 3, 4, 5];
        DateTime[] times = [t0, t0.AddHours(1), t0.AddHours(2), t0.AddHours(3), t0.AddHours(3).AddSeconds(1)];
        float[] color = [0.5f, 0.5f, 0.2f, 0.8f, 0.9f, 0.1f, 0.5f, 0.5f, 0.5f, 0.5f];
        const int q = 10;
        var quality = new float[5 * q];
        // Per photo: sharpness, mean brightness, clipped-bright fraction, edge width.
        (float Sharp, float Mean, float Clipped, float Edge)[] rows =
            [(6, 0.5f, 0, Suggestions.BlurredEdgeWidth), (6, 0.1f, 0, 2.1f), (6, 0.8f, 0.4f, 2.2f), (3, 0.5f, 0, 3.9f), (6, 0.5f, 0, 2.0f)];
        for (int i = 0; i < 5; i++)
        {
            quality[i * q] = rows[i].Sharp;
            quality[(i * q) + 4] = rows[i].Mean;
            quality[(i * q) + 6] = rows[i].Clipped;
            quality[(i * q) + 9] = rows[i].Edge;
        }

        var signals = PhotoSignals.Compute(ids, quality, q, color, 2, times);
        var paths = ids.ToDictionary(id => id, id => $"IMG_{id}.jpg");
        var reasons = Suggestions.Reasons(signals, paths);
        Assert.Equal(["blurred"], reasons[0]);          // at the edge-width limit
        Assert.Equal(["dark"], reasons[1]);
        Assert.Equal(["overexposed"], reasons[2]);
        Assert.Equal(["burst duplicate of IMG_5.jpg"], reasons[3]); // 3.9 px: soft, not blurred; 5 is the sharper shot a second later
        Assert.Empty(reasons[4]);
    }
}
