using PhotoPrefs.SemiSupervised;

namespace PhotoPrefs.Tests.SemiSupervised;

/// <summary>The FixMatch loss of one batch against values worked out by hand.</summary>
public sealed class BatchLossTests
{
    // B = 2 labeled rows, muB = 2 unlabeled images (weak rows, then strong rows), 2 classes.
    private static readonly float[] Logits =
    [
        2f, 0f,    // labeled, label 0
        0f, 1f,    // labeled, label 1
        0f, 4f,    // weak 1: p(1) = 0.982 >= 0.95, pseudo-label 1
        1f, 0f,    // weak 2: p(0) = 0.731 < 0.95, masked out
        3f, 1f,    // strong 1, against pseudo-label 1
        0f, 0f,    // strong 2 (masked)
    ];

    private static double Ce(double own, double other) => Math.Log(Math.Exp(own) + Math.Exp(other)) - own;

    [Fact]
    public void Losses_mask_and_pseudo_labels_follow_the_definition()
    {
        var loss = FixMatchTrainer.BatchLoss(Logits, 2, 2, 2, [0, 1], 0.95, 0.5);
        double lx = (Ce(2, 0) + Ce(1, 0)) / 2;
        double lu = (Ce(1, 3) + 0) / 2;
        Assert.Equal(lx, loss.Labeled, 6);
        Assert.Equal(lu, loss.Unlabeled, 6);
        Assert.Equal(lx + (0.5 * lu), loss.Total, 6);
        Assert.Equal([1, 0], loss.PseudoLabels);
        Assert.Equal([1f, 0f], loss.Mask);
        Assert.Equal(0.5, loss.MaskRate);
        Assert.Equal((Math.Exp(0) / (1 + Math.Exp(4)) + Math.Exp(1) / (Math.Exp(1) + 1)) / 2, loss.WeakMean[0], 6);
    }

    [Fact]
    public void The_gradient_skips_the_weak_rows_and_weighs_the_strong_ones_by_lambda()
    {
        var grad = new float[Logits.Length];
        Array.Fill(grad, 9f);
        FixMatchTrainer.BatchLoss(Logits, 2, 2, 2, [0, 1], 0.95, 0.5, grad);
        double p = Math.Exp(3) / (Math.Exp(3) + Math.Exp(1));
        Assert.Equal(-p / 2 * 0.5, grad[9], 5);                  // strong 1, class 1 (the pseudo-label): lambda (softmax - 1) / muB
        Assert.Equal(p / 2 * 0.5 * 1, grad[8], 5);               // strong 1, class 0
        Assert.Equal(0f, grad[10]);                              // strong 2 is masked
        Assert.Equal(9f, grad[4]);                               // weak rows untouched
        Assert.Equal(9f, grad[7]);
    }

    [Fact]
    public void A_higher_threshold_masks_more_and_a_supervised_batch_has_no_unlabeled_loss()
    {
        Assert.Equal(0, FixMatchTrainer.BatchLoss(Logits, 2, 2, 2, [0, 1], 0.99, 1).MaskRate);
        var supervised = FixMatchTrainer.BatchLoss(Logits.AsSpan(0, 4), 2, 0, 2, [0, 1], 0.95, 1);
        Assert.Equal(0, supervised.Unlabeled);
        Assert.Equal(supervised.Labeled, supervised.Total);
        Assert.Throws<ArgumentException>(() => FixMatchTrainer.BatchLoss(Logits, 2, 1, 2, [0, 1], 0.95, 1));
    }
}
