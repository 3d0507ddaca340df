using System.Diagnostics;
using PhotoPrefs.Clustering;
using PhotoPrefs.SemiSupervised;

namespace PhotoPrefs.Evaluation;

/// <summary>Settings of the study.</summary>
/// <param name="Labeled">Labels per run (chosen as cluster representatives of the training photos).</param>
/// <param name="Unlabeled">Unlabeled training photos per run.</param>
/// <param name="Test">Test photos per run, drawn at random, never trained on.</param>
/// <param name="Seeds">Seeds (runs) per user: seed s draws its own test set, clustering and initialisation.</param>
/// <param name="Training">FixMatch settings (<see cref="AlbumTraining.Defaults"/> when null).</param>
/// <param name="Ablations">Also run the ablations (random labels, supervised only, tuned threshold).</param>
/// <param name="Beta">The F-beta the tuned threshold maximises (0.5: precision counts twice).</param>
/// <param name="Folds">Cross-validation folds over the labels for the tuned threshold, and for the calibration and the cut for <paramref name="Precision"/>.</param>
/// <param name="Coverage">Half the representatives cover the photos' conditions (the side signals) instead of coming from the content clusters (<see cref="Representatives.ChooseWithCoverage"/>).</param>
/// <param name="FirstSeed">The first seed: the runs use seeds FirstSeed to FirstSeed + Seeds - 1, so a longer series can be split over several runs.</param>
/// <param name="LabelFeatures">The features the photos to label were clustered on (recorded with the results; the caller builds the matrix).</param>
/// <param name="ActiveLabels">With the ablations: labels added after the first model, once the most uncertain unlabeled photos and once as many at random (0: no active-learning comparison).</param>
/// <param name="Members">Models trained per run and variant, each with its own seed (<see cref="AlbumTraining.FitMembers"/>), their p(delete) averaged, as <c>photoprefs train</c> stores them (<see cref="AlbumTraining.DefaultMembers"/>). Each of the threshold tuning's folds trains as many, with a third of the steps.</param>
/// <param name="Precision">With <paramref name="Calibration"/>: the target precision of the <see cref="Study.PrecisionTarget"/> variant's operating point, above 0 and at most 1.</param>
/// <param name="Calibration">With the ablations: also cross-fit each seed's labels with the main model's steps, and from those scores fit Platt scaling (the reliability of p(delete) before and after, <see cref="StudyUser.Calibration"/>) and cut for <paramref name="Precision"/> and by the few-deletions rule (the <see cref="Study.PrecisionTarget"/> and <see cref="Study.FewDeletesRule"/> variants). Trains as many models again as the folds.</param>
public sealed record StudyOptions(int Labeled = 45, int Unlabeled = 315, int Test = 50, int Seeds = 3, FixMatchOptions? Training = null, bool Ablations = true, double Beta = 0.5, int Folds = 3, bool Coverage = false, int FirstSeed = 0, string LabelFeatures = StudyOptions.DefaultLabelFeatures, int ActiveLabels = 15, int Members = AlbumTraining.DefaultMembers, double Precision = OperatingPoint.DefaultTarget, bool Calibration = false)
{
    /// <summary>The features the photos to label are clustered on by default (<see cref="AlbumClustering.PickFeatures"/>).</summary>
    public const string DefaultLabelFeatures = AlbumClustering.PickFeatures;
}

/// <summary>One variant's results over the seeds.</summary>
/// <param name="Name">Variant name.</param>
/// <param name="F1">F1 per seed.</param>
/// <param name="Precision">Precision per seed.</param>
/// <param name="Recall">Recall per seed.</param>
/// <param name="Accuracy">Accuracy per seed.</param>
/// <param name="Confusion">Confusion matrix summed over the seeds.</param>
/// <param name="Thresholds">Decision threshold per seed.</param>
public sealed record StudyVariant(string Name, double[] F1, double[] Precision, double[] Recall, double[] Accuracy, ConfusionMatrix Confusion, double[] Thresholds)
{
    /// <summary>Mean F1.</summary>
    public double F1Mean => F1.Average();

    /// <summary>Sample standard deviation of F1 (0 for one seed).</summary>
    public double F1Std => Std(F1);

    /// <summary>Mean precision.</summary>
    public double PrecisionMean => Precision.Average();

    /// <summary>Mean recall.</summary>
    public double RecallMean => Recall.Average();

    /// <summary>Mean accuracy.</summary>
    public double AccuracyMean => Accuracy.Average();

    private static double Std(double[] v)
    {
        if (v.Length < 2)
        {
            return 0;
        }

        double m = v.Average();
        return Math.Sqrt(v.Sum(x => (x - m) * (x - m)) / (v.Length - 1));
    }
}

/// <summary>A user's results: the main protocol and its ablations.</summary>
/// <param name="User">The user.</param>
/// <param name="Main">FixMatch on representatives' labels, threshold 0.5.</param>
/// <param name="Ablations">Variants by name.</param>
/// <param name="History">Training history of the main model of the first seed run.</param>
/// <param name="TestScores">The main model's (truth, p(delete)) on the test photos, all seeds.</param>
/// <param name="Mistakes">The test photos the main model got wrong at the 0.5 threshold, every seed: what to look at first.</param>
/// <param name="ActiveLearning">Per seed, the labels added after the first model and the deletions among them (empty without the comparison).</param>
/// <param name="TrainingSeconds">Wall time of the user's main trainings (FixMatch on the representatives' labels), per seed.</param>
/// <param name="Labeled">The photos labeled in each seed's main run (the representatives), in labeling order.</param>
/// <param name="Calibration">With the ablations: the reliability of p(delete) on the test photos before and after calibration, and each seed's operating point for the target precision; null without.</param>
public sealed record StudyUser(string User, StudyVariant Main, IReadOnlyDictionary<string, StudyVariant> Ablations, IReadOnlyList<TrainingRecord> History, IReadOnlyList<(bool Truth, double Score)> TestScores, IReadOnlyList<StudyMistake>? Mistakes = null, IReadOnlyList<ActiveLearningRun>? ActiveLearning = null, IReadOnlyList<double>? TrainingSeconds = null, IReadOnlyList<IReadOnlyList<long>>? Labeled = null, StudyCalibration? Calibration = null);

/// <summary>One seed's active-learning comparison: labels added after the first model, and how many of them were deletions.</summary>
/// <param name="Seed">The seed.</param>
/// <param name="Added">Labels added each way.</param>
/// <param name="DeletesByUncertainty">Deletions among the most uncertain photos.</param>
/// <param name="DeletesAtRandom">Deletions among as many photos drawn at random.</param>
public sealed record ActiveLearningRun(int Seed, int Added, int DeletesByUncertainty, int DeletesAtRandom);

/// <summary>A test photo the main model judged wrongly.</summary>
/// <param name="PhotoId">The photo.</param>
/// <param name="Seed">The seed of the run.</param>
/// <param name="Delete">The user's label: true for delete.</param>
/// <param name="Score">The model's p(delete).</param>
public sealed record StudyMistake(long PhotoId, int Seed, bool Delete, double Score);

/// <summary>The whole study.</summary>
/// <param name="Users">Per user.</param>
/// <param name="Options">Its settings.</param>
/// <param name="Seconds">Wall time.</param>
public sealed record StudyResult(IReadOnlyList<StudyUser> Users, StudyOptions Options, double Seconds);

/// <summary>
/// The three-user evaluation. Per user and seed: 50 test photos drawn at random; the rest is clustered
/// (K-means with the album's k, seeded) and 45 representatives get their labels; 315 other photos are
/// the unlabeled pool; FixMatch trains and is scored on the test photos at threshold 0.5. Ablations:
/// 45 random labels instead of representatives, supervised only (the unlabeled photos ignored), and a
/// threshold tuned for precision: the one with the best F-beta (beta 0.5) over out-of-fold scores of the
/// labeled photos (3-fold cross-validation inside the 45 labels, each fold trained with a third of the steps and as
/// many members as the main model), never below 0.5; and active learning: <see cref="StudyOptions.ActiveLabels"/> more
/// labels after the first model, the unlabeled photos whose p(delete) is nearest 0.5 against as many at random, each
/// retrained. With the ablations too, on out-of-fold scores of the labels with the main model's steps
/// (<see cref="AlbumTraining.CrossFit"/>, as many folds and members): Platt scaling (<see cref="PlattScaling.Fit"/>), whose
/// reliability on the test photos is compared with the raw p(delete)'s; the cut for <see cref="StudyOptions.Precision"/>
/// (<see cref="OperatingPoint.ForPrecision"/>, never below 0.5); and the rule <see cref="OperatingPoint.ForFewDeletes"/>
/// (that cut for precision 0.9 where the labels show few deletions, else 0.5).
/// </summary>
public static class Study
{
    /// <summary>Variant names.</summary>
    public const string FixMatch = "fixmatch", RandomLabels = "random_labels", SupervisedOnly = "supervised_only", TunedThreshold = "tuned_threshold";

    /// <summary>Active-learning variant names: the first model's labels plus the most uncertain photos, or plus as many at random.</summary>
    public const string ActiveUncertainty = "active_uncertainty", ActiveRandom = "active_random";

    /// <summary>Operating-point variant names: the main model cut for the target precision, and cut by <see cref="OperatingPoint.ForFewDeletes"/>.</summary>
    public const string PrecisionTarget = "precision_target", FewDeletesRule = "few_deletions_rule";

    /// <summary>Runs the study.</summary>
    /// <param name="album">The album as network input.</param>
    /// <param name="clusterFeatures">Clustering features, one row per album row (same order as <paramref name="album"/>).</param>
    /// <param name="dimension">Their width.</param>
    /// <param name="k">Clusters (the album's chosen k).</param>
    /// <param name="truth">Per user: photo id to true label (true = delete).</param>
    /// <param name="options">Settings.</param>
    /// <param name="progress">Receives a line per run; may be null.</param>
    /// <param name="cancellationToken">Stops between steps.</param>
    /// <returns>The results.</returns>
    /// <exception cref="PhotoPrefsException">Too few labeled photos for the protocol.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A negative first seed.</exception>
    public static StudyResult Run(AlbumImages album, float[] clusterFeatures, int dimension, int k, IReadOnlyDictionary<string, IReadOnlyDictionary<long, bool>> truth, StudyOptions options, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(album);
        ArgumentNullException.ThrowIfNull(clusterFeatures);
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.FirstSeed, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Members, 1, nameof(options));
        if (!(options.Precision > 0 && options.Precision <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Precision, "the target precision must be above 0 and at most 1");
        }

        var clock = Stopwatch.StartNew();
        var training = options.Training ?? AlbumTraining.Defaults;
        var users = new List<StudyUser>();
        foreach (var (user, labels) in truth)
        {
            var rows = Enumerable.Range(0, album.PhotoIds.Length).Where(r => labels.ContainsKey(album.PhotoIds[r])).ToArray();
            if (rows.Length < options.Test + options.Labeled + 2)
            {
                throw new PhotoPrefsException($"user {user} has {rows.Length} labeled photos; the study needs at least {options.Test + options.Labeled + 2}");
            }

            bool Truth(int row) => labels[album.PhotoIds[row]];
            var runs = new Dictionary<string, List<(ConfusionMatrix M, double T)>>();
            var scores = new List<(bool, double)>();
            var mistakes = new List<StudyMistake>();
            var active = new List<ActiveLearningRun>();
            var seconds = new List<double>();
            var labeledIds = new List<IReadOnlyList<long>>();
            var calibrationRuns = new List<StudyCalibrationRun>();
            var (rawTest, calibratedTest, truthTest) = (new List<double>(), new List<double>(), new List<bool>());
            IReadOnlyList<TrainingRecord> history = [];
            for (int seed = options.FirstSeed; seed < options.FirstSeed + options.Seeds; seed++)
            {
                var rng = new Random(Seeds.Mix(seed, 7919));
                var order = rows.OrderBy(_ => rng.Next()).ToArray();
                var test = order.Take(options.Test).ToArray();
                var pool = order.Skip(options.Test).ToArray();
                var reps = RepresentativeRows(clusterFeatures, dimension, pool, k, options.Labeled, seed, options.Coverage ? album.Images : null);
                labeledIds.Add(reps.Select(r => album.PhotoIds[r]).ToArray());
                var opts = training with { Seed = seed };
                var testTruth = test.Select(Truth).ToArray();

                var watch = Stopwatch.StartNew();
                var (main, mainScores, trainers) = Evaluate(album, reps, pool, options, Truth, test, testTruth, opts, cancellationToken);
                seconds.Add(watch.Elapsed.TotalSeconds);
                Add(runs, FixMatch, main, 0.5);
                scores.AddRange(testTruth.Zip(mainScores));
                for (int t = 0; t < test.Length; t++)
                {
                    if ((mainScores[t] >= 0.5) != testTruth[t])
                    {
                        mistakes.Add(new StudyMistake(album.PhotoIds[test[t]], seed, testTruth[t], mainScores[t]));
                    }
                }

                if (seed == options.FirstSeed)
                {
                    history = trainers[0].History.ToList();
                }

                progress?.Report($"{user} seed {seed}: fixmatch F1 {main.F1:F3} precision {main.Precision:F3} recall {main.Recall:F3}");
                if (!options.Ablations)
                {
                    continue;
                }

                var (threshold, oofTruth, oofScores) = TuneThreshold(album, reps, pool, options, Truth, opts, cancellationToken);
                var tuned = ConfusionMatrix.At(testTruth, mainScores, threshold);
                Add(runs, TunedThreshold, tuned, threshold);
                ConfusionMatrix? targeted = null, fewDeletes = null;
                double targetCut = double.NaN, cut = double.NaN;
                if (options.Calibration)
                {
                    // calibration and operating points on their own cross-fit, with the main model's steps (as 'photoprefs
                    // train' cross-fits), not on the tuned threshold's shorter folds
                    var crossTaken = reps.ToHashSet();
                    var crossFitted = AlbumTraining.CrossFit(album, reps, reps.Select(Truth).ToArray(), Math.Clamp(options.Folds, 2, reps.Length), options.Members, opts,
                        [.. reps, .. pool.Where(r => !crossTaken.Contains(r)).Take(options.Unlabeled)], null, cancellationToken);
                    var fitted = Enumerable.Range(0, reps.Length).Where(i => !double.IsNaN(crossFitted[i])).ToArray();
                    (oofScores, oofTruth) = ([.. fitted.Select(i => crossFitted[i])], [.. fitted.Select(i => Truth(reps[i]))]);
                    var calibration = PlattScaling.Fit(oofScores, oofTruth);
                    var calibrated = calibration.Apply(mainScores);
                    rawTest.AddRange(mainScores);
                    calibratedTest.AddRange(calibrated);
                    truthTest.AddRange(testTruth);
                    var point = OperatingPoint.ForPrecision(oofScores, oofTruth, options.Precision, OperatingPoint.PlainThreshold);
                    var targetedRun = ConfusionMatrix.At(testTruth, mainScores, point.Threshold);
                    cut = OperatingPoint.ForFewDeletes(oofScores, oofTruth)?.Threshold ?? OperatingPoint.PlainThreshold;
                    var listed = Enumerable.Range(0, test.Length).Where(t => mainScores[t] >= point.Threshold).ToArray();
                    calibrationRuns.Add(new StudyCalibrationRun(seed, calibration, point, listed.Length,
                        listed.Length == 0 ? double.NaN : listed.Average(t => calibrated[t]), listed.Length == 0 ? double.NaN : listed.Count(t => testTruth[t]) / (double)listed.Length,
                        listed.Length == 0 ? double.NaN : listed.Average(t => mainScores[t])));
                    progress?.Report($"{user} seed {seed}: calibration a {calibration.Slope:F3} b {calibration.Intercept:F3}{(calibration.Fitted ? "" : $" ({calibration.Fallback})")}; cut for precision {options.Precision:0.##}: {point.Threshold:F3}, F1 {targetedRun.F1:F3} precision {targetedRun.Precision:F3} recall {targetedRun.Recall:F3} (expected precision {calibrationRuns[^1].ExpectedPrecisionRaw:F3} raw, {calibrationRuns[^1].ExpectedPrecision:F3} calibrated); few-deletions rule's cut {cut:F3}");
                    (targeted, targetCut, fewDeletes) = (targetedRun, point.Threshold, ConfusionMatrix.At(testTruth, mainScores, cut));
                }

                var (supervised, _, _) = Evaluate(album, reps, pool, options, Truth, test, testTruth, opts with { SupervisedOnly = true }, cancellationToken);
                Add(runs, SupervisedOnly, supervised, 0.5);
                var random = pool.OrderBy(_ => rng.Next()).Take(options.Labeled).ToArray();
                var (randomResult, _, _) = Evaluate(album, random, pool, options, Truth, test, testTruth, opts, cancellationToken);
                Add(runs, RandomLabels, randomResult, 0.5);
                progress?.Report($"{user} seed {seed}: tuned threshold {threshold:F2} F1 {tuned.F1:F3} precision {tuned.Precision:F3}; supervised only F1 {supervised.F1:F3}; random labels F1 {randomResult.F1:F3}");
                if (options.ActiveLabels > 0)
                {
                    // The photos to label next: the unlabeled pool's photos the first model is least sure of (p(delete)
                    // nearest 0.5; for one model, the smallest gap between its two logits), against as many drawn at
                    // random from the same photos.
                    var taken = reps.ToHashSet();
                    var candidates = pool.Where(r => !taken.Contains(r)).Take(options.Unlabeled).ToArray();
                    var p = AlbumTraining.PDelete(trainers, album, candidates);
                    var uncertain = candidates.Select((r, i) => (r, Gap: Math.Abs(p[i] - 0.5))).OrderBy(t => t.Gap).ThenBy(t => t.r).Take(options.ActiveLabels).Select(t => t.r).ToArray();
                    var drawn = candidates.OrderBy(_ => rng.Next()).Take(options.ActiveLabels).ToArray();
                    var (byUncertainty, _, _) = Evaluate(album, [.. reps, .. uncertain], pool, options, Truth, test, testTruth, opts, cancellationToken);
                    var (atRandom, _, _) = Evaluate(album, [.. reps, .. drawn], pool, options, Truth, test, testTruth, opts, cancellationToken);
                    Add(runs, ActiveUncertainty, byUncertainty, 0.5);
                    Add(runs, ActiveRandom, atRandom, 0.5);
                    active.Add(new ActiveLearningRun(seed, options.ActiveLabels, uncertain.Count(Truth), drawn.Count(Truth)));
                    progress?.Report($"{user} seed {seed}: {options.ActiveLabels} more labels: most uncertain F1 {byUncertainty.F1:F3} ({uncertain.Count(Truth)} deletions among them), at random F1 {atRandom.F1:F3} ({drawn.Count(Truth)} deletions)");
                }

                // after the earlier variants, so that the ablations keep their order in the JSON
                if (targeted is not null && fewDeletes is not null)
                {
                    Add(runs, PrecisionTarget, targeted, targetCut);
                    Add(runs, FewDeletesRule, fewDeletes, cut);
                }
            }

            var variants = runs.ToDictionary(kv => kv.Key, kv => Summarise(kv.Key, kv.Value));
            var calibrationResult = calibrationRuns.Count == 0 ? null
                : new StudyCalibration(Reliability.Table(rawTest, truthTest), Reliability.Table(calibratedTest, truthTest), calibrationRuns);
            users.Add(new StudyUser(user, variants[FixMatch], variants.Where(kv => kv.Key != FixMatch).ToDictionary(kv => kv.Key, kv => kv.Value), history, scores, mistakes, active, seconds, labeledIds, calibrationResult));
        }

        return new StudyResult(users, options, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The <paramref name="budget"/> representatives of <paramref name="pool"/> (rows), clustered with K-means into k groups.</summary>
    /// <param name="features">Clustering features of every row.</param>
    /// <param name="d">Their width.</param>
    /// <param name="pool">Candidate rows.</param>
    /// <param name="k">Clusters.</param>
    /// <param name="budget">How many.</param>
    /// <param name="seed">Seed of K-means.</param>
    /// <param name="conditions">When given, its side values (row-aligned with <paramref name="features"/>) are the condition space that half the picks cover (<see cref="Representatives.ChooseWithCoverage"/>).</param>
    /// <returns>Rows, in labeling order.</returns>
    public static int[] RepresentativeRows(float[] features, int d, IReadOnlyList<int> pool, int k, int budget, int seed, ImageSet? conditions = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(pool);
        var x = PoolRows(features, d);
        k = Math.Clamp(k, 1, Math.Min(budget, pool.Count));
        var fit = KMeans.Fit(x, pool.Count, d, new KMeansOptions(k, Seed: seed));
        var picks = conditions?.Side is { } side && conditions.SideCount > 0
            ? Representatives.ChooseWithCoverage(x, pool.Count, d, fit.Labels, budget, PoolRows(side, conditions.SideCount), conditions.SideCount)
            : Representatives.Choose(x, pool.Count, d, fit.Labels, budget);
        return picks.Select(r => pool[r.Row]).ToArray();

        // The pool's rows of a row-major matrix, in pool order.
        float[] PoolRows(float[] matrix, int width)
        {
            var rows = new float[pool.Count * width];
            for (int i = 0; i < pool.Count; i++)
            {
                matrix.AsSpan(pool[i] * width, width).CopyTo(rows.AsSpan(i * width, width));
            }

            return rows;
        }
    }

    private static (ConfusionMatrix M, double[] Scores, IReadOnlyList<FixMatchTrainer> Trainers) Evaluate(AlbumImages album, int[] labeled, int[] pool, StudyOptions options, Func<int, bool> truth, int[] test, bool[] testTruth, FixMatchOptions opts, CancellationToken ct)
    {
        var taken = labeled.ToHashSet();
        var unlabeled = labeled.Concat(pool.Where(r => !taken.Contains(r)).Take(options.Unlabeled)).ToArray();
        var trainers = AlbumTraining.FitMembers(album, labeled, labeled.Select(truth).ToArray(), options.Members, opts, unlabeled, ct);
        var scores = AlbumTraining.PDelete(trainers, album, test);
        return (ConfusionMatrix.At(testTruth, scores, 0.5), scores, trainers);
    }

    private static (double Threshold, List<bool> Truth, List<double> Scores) TuneThreshold(AlbumImages album, int[] labeled, int[] pool, StudyOptions options, Func<int, bool> truth, FixMatchOptions opts, CancellationToken ct)
    {
        var oofTruth = new List<bool>();
        var oofScores = new List<double>();
        int folds = Math.Clamp(options.Folds, 2, labeled.Length);
        for (int f = 0; f < folds; f++)
        {
            var held = labeled.Where((_, i) => i % folds == f).ToArray();
            var fit = labeled.Where((_, i) => i % folds != f).ToArray();
            if (fit.Select(truth).Distinct().Count() < 2)
            {
                continue;
            }

            var taken = labeled.ToHashSet();
            var unlabeled = fit.Concat(held).Concat(pool.Where(r => !taken.Contains(r)).Take(options.Unlabeled)).ToArray();
            // as many members as the main model: one model's out-of-fold scores sit within 1e-4 of 0 or 1, and the
            // cut between two of them says little about where the averaged model's scores should be cut
            var trainers = AlbumTraining.FitMembers(album, fit, fit.Select(truth).ToArray(), options.Members, opts with { Steps = Math.Max(1, opts.Steps / folds), Seed = opts.Seed + (1000 * (f + 1)) }, unlabeled, ct);
            oofTruth.AddRange(held.Select(truth));
            oofScores.AddRange(AlbumTraining.PDelete(trainers, album, held));
        }

        // Never below 0.5: a threshold tuned for precision that deletes more than the plain model defeats its purpose,
        // and with a few dozen out-of-fold scores the best F-beta can sit at the lowest score ("delete everything").
        return (oofTruth.Count == 0 ? 0.5 : Metrics.BestThreshold(oofTruth, oofScores, options.Beta, minimum: 0.5), oofTruth, oofScores);
    }

    private static void Add(Dictionary<string, List<(ConfusionMatrix, double)>> runs, string name, ConfusionMatrix m, double threshold)
    {
        if (!runs.TryGetValue(name, out var list))
        {
            runs[name] = list = [];
        }

        list.Add((m, threshold));
    }

    private static StudyVariant Summarise(string name, List<(ConfusionMatrix M, double T)> runs)
    {
        var sum = runs.Aggregate(new ConfusionMatrix(0, 0, 0, 0), (a, r) => new ConfusionMatrix(a.TruePositives + r.M.TruePositives, a.FalsePositives + r.M.FalsePositives, a.TrueNegatives + r.M.TrueNegatives, a.FalseNegatives + r.M.FalseNegatives));
        return new StudyVariant(name, runs.Select(r => r.M.F1).ToArray(), runs.Select(r => r.M.Precision).ToArray(), runs.Select(r => r.M.Recall).ToArray(), runs.Select(r => r.M.Accuracy).ToArray(), sum, runs.Select(r => r.T).ToArray());
    }
}
