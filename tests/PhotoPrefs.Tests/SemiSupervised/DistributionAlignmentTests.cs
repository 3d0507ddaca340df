using PhotoPrefs.SemiSupervised;

namespace PhotoPrefs.Tests.SemiSupervised;

public sealed class DistributionAlignmentTests
{
    [Fact]
    public void A_model_that_overcalls_keep_has_its_keep_confidence_lowered_below_the_threshold()
    {
        // Labels: 70 % keep. The model's running mean: 90 % keep. 0.96 keep x 0.7 / 0.9 = 0.7467 and
        // 0.04 delete x 0.3 / 0.1 = 0.12, renormalised: 0.86154 and 0.13846.
        float[] p = [0.96f, 0.04f];
        FixMatchTrainer.AlignDistribution(p, [0.7, 0.3], [0.9, 0.1]);
        Assert.Equal(0.86154, p[0], 4);
        Assert.Equal(0.13846, p[1], 4);
        Assert.True(p[0] < AlbumTraining.Defaults.Threshold, "the guess no longer passes the confidence threshold");
    }

    [Fact]
    public void A_model_whose_predictions_match_the_labels_is_left_alone()
    {
        float[] p = [0.3f, 0.5f, 0.2f];
        FixMatchTrainer.AlignDistribution(p, [0.5, 0.25, 0.25], [0.5, 0.25, 0.25]);
        Assert.Equal(0.3, p[0], 6);
        Assert.Equal(0.5, p[1], 6);
        Assert.Equal(0.2, p[2], 6);
    }

    [Fact]
    public void An_undercalled_class_gains_confidence()
    {
        // Labels: 30 % delete; the model has been predicting 10 %: delete is scaled by 3, keep by 7/9:
        // 0.4667 and 1.2, renormalised 0.28 and 0.72.
        float[] p = [0.6f, 0.4f];
        FixMatchTrainer.AlignDistribution(p, [0.7, 0.3], [0.9, 0.1]);
        Assert.Equal(0.28, p[0], 4);
        Assert.Equal(0.72, p[1], 4);
    }

    [Fact]
    public void Mismatched_lengths_are_refused() =>
        Assert.Throws<ArgumentException>(() => FixMatchTrainer.AlignDistribution(new float[2], [0.5, 0.5, 0.0], [0.5, 0.5]));
}
