using PhotoPrefs.Neural;

namespace PhotoPrefs.SemiSupervised;

/// <summary>
/// FixMatch settings. Defaults follow the paper (threshold 0.95, lambda_u 1, SGD lr 0.03 with Nesterov
/// momentum 0.9, weight decay 5e-4 on weights only, cosine decay 7 pi / 16, EMA 0.999) with the batch scaled
/// to small albums: B = 16 labeled and mu = 7 unlabeled per labeled image (the paper uses B = 64).
/// </summary>
/// <param name="Steps">Training steps.</param>
/// <param name="BatchSize">Labeled images per step (B).</param>
/// <param name="Mu">Unlabeled images per labeled one (mu).</param>
/// <param name="Threshold">Confidence needed for a pseudo-label (tau).</param>
/// <param name="LambdaU">Weight of the unlabeled loss.</param>
/// <param name="LearningRate">Initial learning rate.</param>
/// <param name="Momentum">SGD momentum (Nesterov).</param>
/// <param name="WeightDecay">Weight decay on convolution and linear weights.</param>
/// <param name="EmaDecay">Decay of the evaluation model's moving average.</param>
/// <param name="Flip">Allow horizontal flips (off for digits and text).</param>
/// <param name="Width">Channels of the network's first stage.</param>
/// <param name="DistributionAlignment">Rescale the weak predictions by the labeled class frequencies over the running mean of the predictions (ReMixMatch's distribution alignment), for imbalanced classes.</param>
/// <param name="SupervisedOnly">Ignore the unlabeled images: the supervised baseline with the same labels, network and step budget.</param>
/// <param name="Seed">Seed of initialisation, sampling and augmentation.</param>
/// <param name="GradientClip">Clip the gradients' global L2 norm to this before each step (0: off, as in the paper).</param>
/// <param name="ImageDropout">With side inputs: the chance that a labeled example of a step is seen without its image features (side inputs only), so that what the side inputs carry is learned from them (0: off).</param>
/// <param name="Input">What the network sees: pixels (the reference CNN, augmented as it trains) or stored views' embeddings (a small head, see <see cref="FixMatchInput.Views"/>).</param>
/// <param name="ViewDropout">With <see cref="FixMatchInput.Views"/>: the share of a strong view's values zeroed (and the rest scaled by 1 / (1 - share)), Cutout's part in feature space.</param>
public sealed record FixMatchOptions(
    int Steps = 1000,
    int BatchSize = 16,
    int Mu = 7,
    float Threshold = 0.95f,
    float LambdaU = 1f,
    float LearningRate = 0.03f,
    float Momentum = 0.9f,
    float WeightDecay = 5e-4f,
    float EmaDecay = 0.999f,
    bool Flip = true,
    int Width = 32,
    bool DistributionAlignment = false,
    bool SupervisedOnly = false,
    int Seed = 0,
    float GradientClip = 0,
    float ImageDropout = 0,
    FixMatchInput Input = FixMatchInput.Pixels,
    float ViewDropout = 0.2f);

/// <summary>What a FixMatch network is given.</summary>
public enum FixMatchInput
{
    /// <summary>Images (<see cref="ImageSet"/> of C x H x W pixels), augmented at each step by <see cref="Augment"/>, into <see cref="Networks.Reference"/>.</summary>
    Pixels,

    /// <summary>
    /// Stored views of each example as vectors: an <see cref="ImageSet"/> whose channels are views and whose width is the
    /// vector's length, channel 0 the plain view, then <see cref="EmbeddingViews.Weak"/> weak views and the rest strong
    /// views. A weak view is the plain view or a stored weak one; a strong view is a stored strong one with
    /// <see cref="FixMatchOptions.ViewDropout"/>. The network is <see cref="Networks.Head"/> with <see cref="FixMatchOptions.Width"/> hidden units.
    /// </summary>
    Views,
}
