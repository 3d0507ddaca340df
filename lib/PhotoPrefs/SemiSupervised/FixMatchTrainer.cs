using PhotoPrefs.Neural;
using PhotoPrefs.Neural.Layers;
using PhotoPrefs.Neural.Optim;

namespace PhotoPrefs.SemiSupervised;

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
public sealed partial class FixMatchTrainer
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
}
