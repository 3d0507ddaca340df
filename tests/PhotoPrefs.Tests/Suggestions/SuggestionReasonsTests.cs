using PhotoPrefs.Duplicates;
using PhotoPrefs.Features;
using PhotoPrefs.Suggestions;

namespace PhotoPrefs.Tests.Suggestions;

public sealed class SuggestionReasonsTests
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
            [(6, 0.5f, 0, SuggestionReasons.BlurredEdgeWidth), (6, 0.1f, 0, 2.1f), (6, 0.8f, 0.4f, 2.2f), (3, 0.5f, 0, 3.9f), (6, 0.5f, 0, 2.0f)];
        for (int i = 0; i < 5; i++)
        {
            quality[i * q] = rows[i].Sharp;
            quality[(i * q) + 4] = rows[i].Mean;
            quality[(i * q) + 6] = rows[i].Clipped;
            quality[(i * q) + 9] = rows[i].Edge;
        }

        var signals = PhotoSignals.Compute(ids, quality, q, color, 2, times);
        var paths = ids.ToDictionary(id => id, id => $"IMG_{id}.jpg");
        var reasons = SuggestionReasons.Reasons(signals, paths);
        Assert.Equal(["blurred"], reasons[0]);          // at the edge-width limit
        Assert.Equal(["dark"], reasons[1]);
        Assert.Equal(["overexposed"], reasons[2]);
        Assert.Equal(["burst duplicate of IMG_5.jpg"], reasons[3]); // 3.9 px: soft, not blurred; 5 is the sharper shot a second later
        Assert.Empty(reasons[4]);
    }

    [Fact]
    public void Suggestions_name_the_copy_to_keep_for_every_other_member_of_a_copy_group()
    {
        var keep = new DuplicatePhoto(1, "a.jpg", 400, 300, 2.5, 0);
        var sent = new DuplicatePhoto(2, "a-sent.jpg", 200, 150, 2.5, 0);
        var burst = new DuplicatePhoto(3, "b.jpg", 400, 300, 2.5, 0);
        var reasons = SuggestionReasons.CopyReasons(
        [
            new DuplicateGroup(DuplicateKind.Copy, keep, [keep, sent], ["largest (400 x 300)"]),
            new DuplicateGroup(DuplicateKind.Burst, burst, [burst, new DuplicatePhoto(4, "b2.jpg", 400, 300, 3.5, 0)], ["sharpest"]),
        ]);
        Assert.Equal(new Dictionary<long, string> { [2] = "copy of a.jpg" }, reasons);
    }
}
