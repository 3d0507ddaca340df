using PhotoPrefs.Neural;

namespace PhotoPrefs.SemiSupervised;

public sealed partial class FixMatchTrainer
{
    /// <summary>
    /// The loss of one FixMatch batch (Sohn et al. 2020). The logits come in three blocks of rows: <paramref name="labeledRows"/>
    /// weak views of labeled images, then <paramref name="unlabeledRows"/> weak views of unlabeled images, then strong
    /// views of the same unlabeled images in the same order.
    /// <c>Lx = (1/B) sum_b CE(z_b, y_b)</c>; for each unlabeled image the weak view's softmax <c>p</c> (after
    /// <paramref name="adjustWeak"/>, when given) names the pseudo-label <c>argmax p</c> (the lower class on a tie) and
    /// the mask <c>1[max p &gt;= tau]</c>; <c>Lu = (1/muB) sum_u mask_u CE(z_strong_u, pseudo_u)</c>; <c>L = Lx + lambdaU Lu</c>.
    /// No gradient flows through the weak views (their rows of <paramref name="gradient"/> are left as they are).
    /// </summary>
    /// <param name="logits">Row-major (B + 2 muB) x classes logits.</param>
    /// <param name="labeledRows">B.</param>
    /// <param name="unlabeledRows">muB; 0 for a supervised batch.</param>
    /// <param name="classes">Classes.</param>
    /// <param name="labels">The B labels.</param>
    /// <param name="threshold">The confidence threshold tau.</param>
    /// <param name="lambdaU">The unlabeled loss weight.</param>
    /// <param name="gradient">Receives dL/dlogits for the labeled and strong rows; may be empty to skip it.</param>
    /// <param name="adjustWeak">Changes each weak view's probabilities in place before the pseudo-label is read (distribution alignment); may be null.</param>
    /// <returns>The losses, pseudo-labels, mask and the mean weak prediction.</returns>
    /// <exception cref="ArgumentException">The logits or labels do not match the sizes.</exception>
    public static FixMatchLoss BatchLoss(ReadOnlySpan<float> logits, int labeledRows, int unlabeledRows, int classes, ReadOnlySpan<int> labels, double threshold, double lambdaU, Span<float> gradient = default, Action<Span<float>>? adjustWeak = null)
    {
        int b = labeledRows, u = unlabeledRows;
        if (b < 1 || u < 0 || classes < 2 || logits.Length != (b + (2 * u)) * classes || labels.Length != b || (!gradient.IsEmpty && gradient.Length != logits.Length))
        {
            throw new ArgumentException($"a FixMatch batch has (B + 2 muB) x classes logits and B labels; got {logits.Length} logits and {labels.Length} labels for B = {b}, muB = {u}, {classes} classes");
        }

        double lx = CrossEntropy.Hard(logits[..(b * classes)], b, classes, labels, gradient.IsEmpty ? default : gradient[..(b * classes)]);
        var pseudo = new int[u];
        var mask = new float[u];
        var weakMean = new double[classes];
        if (u == 0)
        {
            return new FixMatchLoss(lx, 0, lambdaU, pseudo, mask, weakMean);
        }

        var p = new float[classes];
        for (int i = 0; i < u; i++)
        {
            CrossEntropy.Softmax(logits.Slice((b + i) * classes, classes), p);
            for (int c = 0; c < classes; c++)
            {
                weakMean[c] += p[c] / u;
            }

            adjustWeak?.Invoke(p);
            int arg = 0;
            for (int c = 1; c < classes; c++)
            {
                arg = p[c] > p[arg] ? c : arg;
            }

            pseudo[i] = arg;
            mask[i] = p[arg] >= threshold ? 1f : 0f;
        }

        int strong = (b + u) * classes;
        double lu = CrossEntropy.Hard(logits[strong..], u, classes, pseudo, gradient.IsEmpty ? default : gradient[strong..], mask);
        if (!gradient.IsEmpty)
        {
            System.Numerics.Tensors.TensorPrimitives.Multiply(gradient[strong..], (float)lambdaU, gradient[strong..]);
        }

        return new FixMatchLoss(lx, lu, lambdaU, pseudo, mask, weakMean);
    }

    /// <summary>
    /// Distribution alignment (Berthelot et al., ReMixMatch, 2020): multiplies a weak view's prediction by the
    /// labeled class frequencies over the running mean of the model's predictions on unlabeled images, and
    /// renormalises. A model that calls more photos "keep" than the labels do has its "keep" confidence
    /// lowered, so fewer of its guesses pass the threshold as pseudo-labels.
    /// </summary>
    /// <param name="p">The prediction, changed in place.</param>
    /// <param name="prior">Class frequencies of the labels.</param>
    /// <param name="predictedMean">Running mean of the predictions.</param>
    public static void AlignDistribution(Span<float> p, ReadOnlySpan<double> prior, ReadOnlySpan<double> predictedMean)
    {
        if (prior.Length != p.Length || predictedMean.Length != p.Length)
        {
            throw new ArgumentException("prediction, prior and running mean need one value per class");
        }

        double s = 0;
        for (int c = 0; c < p.Length; c++)
        {
            p[c] = (float)(p[c] * prior[c] / Math.Max(1e-6, predictedMean[c]));
            s += p[c];
        }

        for (int c = 0; c < p.Length; c++)
        {
            p[c] = (float)(p[c] / s);
        }
    }
}
