namespace PhotoPrefs.SemiSupervised;

/// <summary>The loss of one FixMatch batch: see <see cref="FixMatchTrainer.BatchLoss"/>.</summary>
/// <param name="Labeled">Lx, the mean cross-entropy of the labeled rows.</param>
/// <param name="Unlabeled">Lu, the masked cross-entropy of the strong views against the pseudo-labels, over all muB rows.</param>
/// <param name="LambdaU">The weight of Lu.</param>
/// <param name="PseudoLabels">Per unlabeled image, the weak view's class.</param>
/// <param name="Mask">Per unlabeled image, 1 when the weak view was confident enough, else 0.</param>
/// <param name="WeakMean">The mean softmax of the weak views (before any adjustment).</param>
public sealed record FixMatchLoss(double Labeled, double Unlabeled, double LambdaU, int[] PseudoLabels, float[] Mask, double[] WeakMean)
{
    /// <summary>L = Lx + lambdaU * Lu.</summary>
    public double Total => Labeled + (LambdaU * Unlabeled);

    /// <summary>The share of unlabeled images that got a pseudo-label (0 when there are none).</summary>
    public double MaskRate => Mask.Length == 0 ? 0 : Mask.Count(m => m > 0) / (double)Mask.Length;
}
