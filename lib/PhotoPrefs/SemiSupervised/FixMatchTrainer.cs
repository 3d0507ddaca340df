using PhotoPrefs.Neural;
using PhotoPrefs.Neural.Layers;
using PhotoPrefs.Neural.Optim;

namespace PhotoPrefs.SemiSupervised;

/// <summary>A set of equally sized CHW images in [0, 1], stored back to back.</summary>
/// <param name="Data">Count x Channels x Height x Width values.</param>
/// <param name="Count">Images.</param>
/// <param name="Channels">Channels per image.</param>
/// <param name="Height">Rows.</param>
/// <param name="Width">Columns.</param>
/// <param name="Side">Optional per-image side values (Count x SideCount, row-major) that the network sees next to the pixels; augmentation leaves them unchanged.</param>
/// <param name="SideCount">Side values per image (0 when <paramref name="Side"/> is null).</param>
public sealed record ImageSet(float[] Data, int Count, int Channels, int Height, int Width, float[]? Side = null, int SideCount = 0)
{
    /// <summary>Side values of image <paramref name="i"/> (empty when there are none).</summary>
    /// <param name="i">Index.</param>
    /// <returns>Its side values.</returns>
    public ReadOnlySpan<float> SideValues(int i) => Side is null ? [] : Side.AsSpan(i * SideCount, SideCount);

    /// <summary>Values per image.</summary>
    public int Size => Channels * Height * Width;

    /// <summary>Image <paramref name="i"/>.</summary>
    /// <param name="i">Index.</param>
    /// <returns>Its values.</returns>
    public ReadOnlySpan<float> Image(int i) => Data.AsSpan(i * Size, Size);

    /// <summary>The images at <paramref name="indices"/>, as a new set.</summary>
    /// <param name="indices">Which images.</param>
    /// <returns>The subset.</returns>
    public ImageSet Subset(IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var data = new float[indices.Count * Size];
        for (int k = 0; k < indices.Count; k++)
        {
            Image(indices[k]).CopyTo(data.AsSpan(k * Size, Size));
        }

        float[]? side = null;
        if (Side is not null)
        {
            side = new float[indices.Count * SideCount];
            for (int k = 0; k < indices.Count; k++)
            {
                SideValues(indices[k]).CopyTo(side.AsSpan(k * SideCount, SideCount));
            }
        }

        return new ImageSet(data, indices.Count, Channels, Height, Width, side, Side is null ? 0 : SideCount);
    }
}

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

/// <summary>One step of training history.</summary>
/// <param name="Step">Step number (1-based).</param>
/// <param name="LabeledLoss">Cross-entropy on the labeled batch.</param>
/// <param name="UnlabeledLoss">Masked cross-entropy of the strong views against the pseudo-labels.</param>
/// <param name="MaskRate">Fraction of unlabeled images whose pseudo-label passed the threshold.</param>
/// <param name="PseudoLabelAccuracy">Accuracy of the kept pseudo-labels when the truth is known, else null.</param>
/// <param name="LearningRate">Learning rate used.</param>
/// <param name="Member">Which model of an ensemble took the step (<see cref="AlbumTraining.TrainAndStore(PhotoPrefs.Store.Workspace, string, int, FixMatchOptions?, IProgress{TrainingRecord}?, CancellationToken)"/>), from 0; 0 for a single model.</param>
public sealed record TrainingRecord(int Step, double LabeledLoss, double UnlabeledLoss, double MaskRate, double? PseudoLabelAccuracy, double LearningRate, int Member = 0);

/// <summary>
/// FixMatch (Sohn et al., "FixMatch: Simplifying Semi-Supervised Learning with Consistency and Confidence",
/// NeurIPS 2020). Each step draws B labeled images (weak view) and mu B unlabeled ones (the unlabeled pool
/// includes the labeled images), each unlabeled image in a weak and a strong view, and runs them through the
/// network as one batch. The pseudo-label of an unlabeled image is the argmax of its weak view's prediction
/// (no gradient), kept when its confidence is at least tau; the loss is
/// <c>L = CE(labeled) + lambda_u * mean over mu B of mask * CE(strong, pseudo-label)</c>. SGD with the cosine
/// schedule <c>lr cos(7 pi k / (16 K))</c>; an EMA of the weights is the model used for prediction.
/// Every random choice of step k comes from a source seeded by (seed, k), so a run stopped and resumed from
/// a checkpoint continues exactly as an uninterrupted one.
/// </summary>
public sealed class FixMatchTrainer
{
    private readonly Sgd _sgd;
    private readonly Ema _ema;
    private readonly double[] _predictedMean;
    private Tensor? _batch, _grad, _side;
    private readonly bool[] _dropped;
    private readonly RowDrop[] _rowDrops;
    private ImageSet? _calibration;
    private int _calibratedAt = -1;

    /// <summary>Creates the network (Kaiming-initialised from the seed) and the optimiser.</summary>
    /// <param name="classes">Classes (2 for keep/delete).</param>
    /// <param name="channels">Image channels; with <see cref="FixMatchInput.Views"/>, the length of a view's vector.</param>
    /// <param name="options">Settings.</param>
    /// <param name="sideInputs">Side values per image (<see cref="ImageSet.SideCount"/>) joined to the pooled features; 0 for pixels only.</param>
    public FixMatchTrainer(int classes, int channels, FixMatchOptions options, int sideInputs = 0)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!(options.ImageDropout >= 0 && options.ImageDropout <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.ImageDropout, "ImageDropout is a chance: between 0 and 1");
        }

        if (!(options.ViewDropout >= 0 && options.ViewDropout < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.ViewDropout, "ViewDropout is a share of a view's values: 0 or more and below 1");
        }

        Classes = classes;
        Channels = channels;
        Options = options;
        SideInputs = sideInputs;
        Model = Network(classes, channels, options, sideInputs);
        Initialization.Kaiming(Model, options.Seed);
        EvalModel = Network(classes, channels, options, sideInputs);
        _rowDrops = Model.Descendants().OfType<RowDrop>().ToArray(); // present only with side inputs
        _dropped = new bool[_rowDrops.Length > 0 ? options.BatchSize : 0];
        _sgd = new Sgd(Model.AllParameters, new SgdOptions(options.LearningRate, options.Momentum, true, options.WeightDecay));
        _ema = new Ema(Model, options.EmaDecay);
        _predictedMean = Enumerable.Repeat(1.0 / classes, classes).ToArray();
    }

    /// <summary>Classes.</summary>
    public int Classes { get; }

    private static Sequential Network(int classes, int channels, FixMatchOptions options, int sideInputs) => options.Input == FixMatchInput.Views
        ? Networks.Head(classes, channels, options.Width, sideInputs)
        : Networks.Reference(classes, channels, options.Width, sideInputs);

    /// <summary>Image channels.</summary>
    public int Channels { get; }

    /// <summary>Side values per image (0 for pixels only).</summary>
    public int SideInputs { get; }

    /// <summary>Settings.</summary>
    public FixMatchOptions Options { get; }

    /// <summary>The network being trained.</summary>
    public Sequential Model { get; }

    /// <summary>The network holding the EMA weights, for prediction.</summary>
    public Sequential EvalModel { get; }

    /// <summary>Steps done so far.</summary>
    public int StepsDone { get; private set; }

    /// <summary>History of every step.</summary>
    public List<TrainingRecord> History { get; } = [];

    /// <summary>Trains until <see cref="FixMatchOptions.Steps"/> steps are done (continuing from <see cref="StepsDone"/>).</summary>
    /// <param name="labeled">Labeled images.</param>
    /// <param name="labels">Their classes.</param>
    /// <param name="unlabeled">Unlabeled images (include the labeled ones, as FixMatch does).</param>
    /// <param name="unlabeledTruth">True classes of the unlabeled images, for the pseudo-label accuracy in the history; null when unknown.</param>
    /// <param name="progress">Receives each step's record; may be null.</param>
    /// <param name="stopAfter">Stop after this many steps of this call (for checkpoints); null for all.</param>
    /// <param name="cancellationToken">Stops between steps.</param>
    /// <exception cref="ArgumentException">No labeled images, or mismatched sizes.</exception>
    public void Train(ImageSet labeled, IReadOnlyList<int> labels, ImageSet unlabeled, IReadOnlyList<int>? unlabeledTruth = null, IProgress<TrainingRecord>? progress = null, int? stopAfter = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(labeled);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(unlabeled);
        if (labeled.Count == 0 || labels.Count != labeled.Count)
        {
            throw new ArgumentException("FixMatch needs at least one labeled image, with one label each");
        }

        CheckInput(labeled);
        CheckInput(unlabeled);
        if (unlabeled.Size != labeled.Size)
        {
            throw new ArgumentException("labeled and unlabeled images must have the trainer's channels and the same size");
        }

        CheckSide(labeled);
        CheckSide(unlabeled);

        var prior = new double[Classes];
        foreach (var l in labels)
        {
            prior[l] += 1.0 / labels.Count;
        }

        // Clean training images for re-estimating the EMA model's BatchNorm statistics (up to 2048).
        var pool = unlabeled.Count > 0 ? unlabeled : labeled;
        var pick = Enumerable.Range(0, pool.Count).OrderBy(i => Seeds.Mix(Options.Seed, i)).Take(2048).ToList();
        _calibration = pool.Subset(pick);
        int done = 0;
        while (StepsDone < Options.Steps && (stopAfter is null || done < stopAfter))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var record = Step(labeled, labels, unlabeled, unlabeledTruth, prior);
            History.Add(record);
            progress?.Report(record);
            done++;
        }
    }

    private TrainingRecord Step(ImageSet labeled, IReadOnlyList<int> labels, ImageSet unlabeled, IReadOnlyList<int>? truth, double[] prior)
    {
        int k = StepsDone;
        var rng = new Random(Seeds.Mix(Options.Seed, k + 1));
        int b = Options.BatchSize, mu = Options.Mu, u = Options.SupervisedOnly || unlabeled.Count == 0 ? 0 : b * mu;
        int size = Options.Input == FixMatchInput.Views ? Channels : labeled.Size, total = b + (2 * u), classes = Classes;
        var batch = Options.Input == FixMatchInput.Views ? Tensor.Ensure(ref _batch, total, Channels) : Tensor.Ensure(ref _batch, total, Channels, labeled.Height, labeled.Width);
        var lIdx = Enumerable.Range(0, b).Select(_ => rng.Next(labeled.Count)).ToArray();
        var uIdx = Enumerable.Range(0, u).Select(_ => rng.Next(unlabeled.Count)).ToArray();
        var seeds = Enumerable.Range(0, b + (2 * u)).Select(_ => rng.Next()).ToArray();
        var data = batch.Data;
        Parallel.For(0, total, i =>
        {
            var r = new Random(seeds[i]);
            var dst = data.AsSpan(i * size, size);
            if (i < b)
            {
                WeakView(labeled, lIdx[i], r, dst);
            }
            else if (i < b + u)
            {
                WeakView(unlabeled, uIdx[i - b], r, dst);
            }
            else
            {
                StrongView(unlabeled, uIdx[i - b - u], r, dst);
            }
        });

        if (_rowDrops.Length > 0 && Options.ImageDropout > 0)
        {
            // Only the labeled rows (the first b) can be hidden; RowDrop keeps the rows past the array.
            for (int i = 0; i < b; i++)
            {
                _dropped[i] = rng.NextDouble() < Options.ImageDropout;
            }

            foreach (var layer in _rowDrops)
            {
                layer.Dropped = _dropped;
            }
        }

        if (SideInputs > 0)
        {
            var side = Tensor.Ensure(ref _side, total, SideInputs).Data;
            for (int i = 0; i < total; i++)
            {
                var src = i < b ? labeled.SideValues(lIdx[i]) : unlabeled.SideValues(uIdx[(i - b) % Math.Max(1, u)]);
                src.CopyTo(side.AsSpan(i * SideInputs, SideInputs));
            }

            SetSide(Model, _side!);
        }

        float lr = Schedules.FixMatchCosine(Options.LearningRate, k, Options.Steps);
        _sgd.LearningRate = lr;
        Model.SetTraining(true);
        var logits = Model.Forward(batch).Span;
        var grad = Tensor.Ensure(ref _grad, total, classes);
        grad.Span.Clear();
        var loss = BatchLoss(logits[..(total * classes)], b, u, classes, lIdx.Select(i => labels[i]).ToArray(), Options.Threshold, Options.LambdaU, grad.Span[..(total * classes)],
            Options.DistributionAlignment ? p => AlignDistribution(p, prior, _predictedMean) : null);
        double lx = loss.Labeled, lu = loss.Unlabeled, maskRate = loss.MaskRate;
        double? pseudoAccuracy = null;
        if (u > 0)
        {
            // Running mean of the model's predictions over about the last 128 steps.
            for (int c = 0; c < classes; c++)
            {
                _predictedMean[c] = (0.992 * _predictedMean[c]) + (0.008 * loss.WeakMean[c]);
            }

            int kept = loss.Mask.Count(m => m > 0);
            pseudoAccuracy = truth is not null && kept > 0 ? Enumerable.Range(0, u).Count(i => loss.Mask[i] > 0 && truth[uIdx[i]] == loss.PseudoLabels[i]) / (double)kept : null;
        }

        if (!double.IsFinite(lx) || !double.IsFinite(lu))
        {
            throw new PhotoPrefsException($"training diverged at step {k + 1} (loss is not a number); try a lower learning rate or check the inputs for extreme values");
        }

        Model.ZeroGrad();
        Model.BackwardToParameters(grad);
        if (Options.GradientClip > 0)
        {
            GradientClipping.ClipGlobalNorm(Model.AllParameters, Options.GradientClip);
        }

        _sgd.Step();
        _ema.Update();
        StepsDone++;
        return new TrainingRecord(StepsDone, lx, lu, maskRate, pseudoAccuracy, lr);
    }

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

    /// <summary>
    /// Class probabilities from the EMA model in evaluation mode. The averaged weights come with
    /// BatchNorm statistics re-estimated on up to 2048 clean training images (the live model's statistics
    /// do not match averaged weights), once per number of steps trained.
    /// </summary>
    /// <param name="images">Images.</param>
    /// <returns>Count x Classes probabilities, row-major.</returns>
    public float[] Predict(ImageSet images)
    {
        var result = Logits(images);
        for (int i = 0; i < images.Count; i++)
        {
            var row = result.AsSpan(i * Classes, Classes);
            CrossEntropy.Softmax(row, row);
        }

        return result;
    }

    /// <summary>
    /// The EMA model's logits (before the softmax), as <see cref="Predict"/> computes them. Where probabilities round to
    /// 0 or 1 in single precision, the logits still tell a sure prediction from a surer one.
    /// </summary>
    /// <param name="images">Images.</param>
    /// <returns>Count x Classes logits, row-major.</returns>
    public float[] Logits(ImageSet images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (_calibratedAt != StepsDone)
        {
            _ema.CopyTo(EvalModel);
            RecalibrateBatchNorm();
            _calibratedAt = StepsDone;
        }

        CheckInput(images);
        EvalModel.SetTraining(false);
        var result = new float[images.Count * Classes];
        const int chunk = 256;
        for (int start = 0; start < images.Count; start += chunk)
        {
            int n = Math.Min(chunk, images.Count - start);
            var x = PlainViews(images, start, n);
            SetSide(EvalModel, images, start, n);
            EvalModel.Forward(x).Span[..(n * Classes)].CopyTo(result.AsSpan(start * Classes, n * Classes));
        }

        return result;
    }

    private void RecalibrateBatchNorm()
    {
        var norms = EvalModel.Descendants().OfType<BatchNorm2d>().ToList();
        if (_calibration is null || _calibration.Count == 0)
        {
            return;
        }

        foreach (var bn in norms)
        {
            bn.BeginRecalibration();
        }

        EvalModel.SetTraining(true);
        const int chunk = 256;
        var set = _calibration;
        for (int start = 0; start < set.Count; start += chunk)
        {
            int n = Math.Min(chunk, set.Count - start);
            if (n < 2)
            {
                break;
            }

            SetSide(EvalModel, set, start, n);
            EvalModel.Forward(PlainViews(set, start, n));
        }

        foreach (var bn in norms)
        {
            bn.EndRecalibration();
        }

        EvalModel.SetTraining(false);
    }

    private void CheckInput(ImageSet set)
    {
        bool fits = Options.Input == FixMatchInput.Views
            ? set.Width == Channels && set.Height == 1 && set.Channels > EmbeddingViews.Weak + 1
            : set.Channels == Channels;
        if (!fits)
        {
            throw new ArgumentException(Options.Input == FixMatchInput.Views
                ? $"the trainer expects views of {Channels} values in a set of 1 x {Channels} rows with the plain, weak and strong views as channels; the set is {set.Channels} x {set.Height} x {set.Width}"
                : "labeled and unlabeled images must have the trainer's channels and the same size");
        }
    }

    private void WeakView(ImageSet set, int i, Random rng, Span<float> dst)
    {
        if (Options.Input == FixMatchInput.Pixels)
        {
            Augment.Weak(set.Image(i), Channels, set.Height, set.Width, rng, dst, Options.Flip);
        }
        else
        {
            set.Image(i).Slice(rng.Next(1 + EmbeddingViews.Weak) * Channels, Channels).CopyTo(dst);
        }
    }

    private void StrongView(ImageSet set, int i, Random rng, Span<float> dst)
    {
        if (Options.Input == FixMatchInput.Pixels)
        {
            Augment.Strong(set.Image(i), Channels, set.Height, set.Width, rng, dst, Options.Flip);
            return;
        }

        int first = 1 + EmbeddingViews.Weak;
        set.Image(i).Slice((first + rng.Next(set.Channels - first)) * Channels, Channels).CopyTo(dst);
        float keep = 1 - Options.ViewDropout;
        for (int j = 0; j < Channels; j++)
        {
            dst[j] = rng.NextDouble() < Options.ViewDropout ? 0 : dst[j] / keep;
        }
    }

    // Examples start .. start + n - 1 as one input tensor: the images, or the plain views.
    private Tensor PlainViews(ImageSet set, int start, int n)
    {
        if (Options.Input == FixMatchInput.Pixels)
        {
            return new Tensor(set.Data.AsSpan(start * set.Size, n * set.Size).ToArray(), n, set.Channels, set.Height, set.Width);
        }

        var x = new float[n * Channels];
        for (int i = 0; i < n; i++)
        {
            set.Image(start + i)[..Channels].CopyTo(x.AsSpan(i * Channels, Channels));
        }

        return new Tensor(x, n, Channels);
    }

    private void CheckSide(ImageSet set)
    {
        if (set.Count > 0 && (set.Side is null ? 0 : set.SideCount) != SideInputs)
        {
            throw new ArgumentException($"the trainer expects {SideInputs} side values per image, the set has {(set.Side is null ? 0 : set.SideCount)}");
        }
    }

    private static void SetSide(Sequential model, Tensor side)
    {
        foreach (var layer in model.Descendants().OfType<SideInputLinear>())
        {
            layer.Side = side;
        }
    }

    private void SetSide(Sequential model, ImageSet set, int start, int n)
    {
        if (SideInputs > 0)
        {
            CheckSide(set);
            SetSide(model, new Tensor(set.Side.AsSpan(start * SideInputs, n * SideInputs).ToArray(), n, SideInputs));
        }
    }

    private const int CheckpointMagic = 0x4B435050; // "PPCK"

    private sealed record CheckpointHeader(int Version, int Classes, int Channels, int SideInputs, FixMatchOptions Options, int StepsDone, double[] PredictedMean, bool SgdStarted, int EmaUpdates, List<TrainingRecord> History);

    /// <summary>
    /// Writes everything needed to continue training exactly where it stands: weights and BatchNorm
    /// statistics, the EMA average, the optimiser's momentum, the step count, the running class
    /// distribution and the history. Each step's randomness is seeded by (seed, step), so a run resumed from a
    /// checkpoint gives the same model as one that was never stopped.
    /// </summary>
    /// <param name="stream">Destination.</param>
    public void SaveCheckpoint(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        w.Write(CheckpointMagic);
        var header = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new CheckpointHeader(1, Classes, Channels, SideInputs, Options, StepsDone, _predictedMean, _sgd.Started, _ema.Updates, History));
        w.Write(header.Length);
        w.Write(header);
        using (var weights = new MemoryStream())
        {
            ModelFile.Save(Model, weights);
            w.Write((int)weights.Length);
            w.Write(weights.ToArray());
        }

        foreach (var group in new[] { _ema.Averages, _ema.BufferCopies, _sgd.State })
        {
            w.Write(group.Count);
            foreach (var a in group)
            {
                w.Write(a.Length);
                w.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(a.AsSpan()));
            }
        }
    }

    /// <summary>Creates a trainer from a checkpoint written by <see cref="SaveCheckpoint"/>.</summary>
    /// <param name="stream">Source.</param>
    /// <returns>The trainer, ready to continue with <see cref="Train"/>.</returns>
    /// <exception cref="InvalidDataException">Not a checkpoint, or a damaged one.</exception>
    public static FixMatchTrainer LoadCheckpoint(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var r = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        try
        {
            if (r.ReadInt32() != CheckpointMagic)
            {
                throw new InvalidDataException("not a PhotoPrefs training checkpoint");
            }

            var h = System.Text.Json.JsonSerializer.Deserialize<CheckpointHeader>(r.ReadBytes(r.ReadInt32()))
                ?? throw new InvalidDataException("empty checkpoint header");
            var trainer = new FixMatchTrainer(h.Classes, h.Channels, h.Options, h.SideInputs);
            using (var weights = new MemoryStream(r.ReadBytes(r.ReadInt32())))
            {
                ModelFile.Load(trainer.Model, weights);
            }

            var groups = new List<float[]>[3];
            for (int g = 0; g < 3; g++)
            {
                int n = r.ReadInt32();
                groups[g] = [];
                for (int i = 0; i < n; i++)
                {
                    var a = new float[r.ReadInt32()];
                    r.BaseStream.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(a.AsSpan()));
                    groups[g].Add(a);
                }
            }

            trainer._ema.Restore(groups[0], groups[1], h.EmaUpdates);
            trainer._sgd.Restore(groups[2], h.SgdStarted);
            h.PredictedMean.CopyTo(trainer._predictedMean, 0);
            trainer.StepsDone = h.StepsDone;
            trainer.History.AddRange(h.History);
            return trainer;
        }
        catch (Exception e) when (e is EndOfStreamException or System.Text.Json.JsonException or ArgumentException)
        {
            throw new InvalidDataException("damaged training checkpoint: " + e.Message, e);
        }
    }

    /// <summary>Accuracy of <see cref="Predict"/> against known classes.</summary>
    /// <param name="images">Images.</param>
    /// <param name="truth">Their classes.</param>
    /// <returns>Fraction right.</returns>
    public double Accuracy(ImageSet images, IReadOnlyList<int> truth)
    {
        ArgumentNullException.ThrowIfNull(truth);
        var p = Predict(images);
        int right = 0;
        for (int i = 0; i < truth.Count; i++)
        {
            var row = p.AsSpan(i * Classes, Classes);
            int arg = 0;
            for (int c = 1; c < Classes; c++)
            {
                arg = row[c] > row[arg] ? c : arg;
            }

            right += arg == truth[i] ? 1 : 0;
        }

        return right / (double)truth.Count;
    }
}
