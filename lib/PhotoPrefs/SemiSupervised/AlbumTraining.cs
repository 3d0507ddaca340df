namespace PhotoPrefs.SemiSupervised;

/// <summary>
/// FixMatch on a photo album (<see cref="AlbumImages"/>, from <see cref="AlbumLoader"/>): class 0 keep, class 1 delete;
/// a person's labels plus every photo as the unlabeled pool; the <see cref="Features.PhotoSignals"/> as a side input of
/// the network's hidden and output layers. One model (<see cref="Fit"/>) or an ensemble of differently seeded ones
/// (<see cref="FitMembers"/>), and their p(delete). No I/O: <see cref="StoredModels"/> trains from and stores to a workspace.
/// </summary>
public static class AlbumTraining
{
    /// <summary>
    /// Settings for albums of a few hundred photos and a few dozen labels: FixMatch's threshold, loss weight,
    /// optimiser, schedule and EMA, on the embedding views (<see cref="FixMatchInput.Views"/>) with a head of 16
    /// hidden units, B = 16, mu = 3 and 400 steps, and gradients clipped to a global norm of 5 (with a few dozen
    /// labels and the signal inputs, an unclipped early step can diverge). Half of the labeled examples of each step
    /// are seen without their image features (<see cref="FixMatchOptions.ImageDropout"/> 0.5): with a few dozen
    /// labels the network would otherwise memorise the two or three blurred shots by their image features instead of
    /// learning that their sharpness is what makes them deletions.
    /// How it was chosen: notebooks/results/README.md#how-each-default-was-chosen (steps, width, threshold, image dropout).
    /// </summary>
    public static FixMatchOptions Defaults { get; } = new(Steps: 400, BatchSize: 16, Mu: 3, Width: 16, Flip: true, GradientClip: 5, ImageDropout: 0.5f, Input: FixMatchInput.Views);

    /// <summary>Models that <see cref="StoredModels.TrainAndStore(Store.Workspace, string, FixMatchOptions?, IProgress{TrainingRecord}?, CancellationToken)"/> trains and averages. How it was chosen: notebooks/results/README.md#fixmatch-members.</summary>
    public const int DefaultMembers = 5;

    /// <summary>Seeds of the members of an ensemble (<see cref="FitMembers"/>) step by this: member m trains with seed + m x this.</summary>
    public const int MemberSeedStride = 7919;

    /// <summary>
    /// Most photos a model trains on as unlabeled (<see cref="Pool"/>): a training of <see cref="Defaults"/> draws
    /// 400 x 16 x 3 = 19,200 unlabeled examples, so an album of this many photos has each drawn about five times,
    /// and a larger one would have most drawn once or never while each still costs its views.
    /// </summary>
    public const int PoolSize = 4096;

    /// <summary>
    /// The photos a model of a large album trains on as unlabeled: every labeled photo, and of the others the
    /// <paramref name="size"/> minus as many whose ids rank first by a fixed hash of the id (so the pool stays the
    /// same as labels are added, and the views computed for it stay of use). Null, meaning every photo, when the album
    /// has no more than <paramref name="size"/> photos.
    /// </summary>
    /// <param name="photoIds">The album's photos.</param>
    /// <param name="labeled">The labeled ones (all join the pool).</param>
    /// <param name="size">Photos in the pool; <see cref="PoolSize"/> by default.</param>
    /// <returns>The pool's photo ids, or null for every photo.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is below 1.</exception>
    public static IReadOnlySet<long>? Pool(IReadOnlyCollection<long> photoIds, IEnumerable<long> labeled, int size = PoolSize)
    {
        ArgumentNullException.ThrowIfNull(photoIds);
        ArgumentNullException.ThrowIfNull(labeled);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        if (photoIds.Count <= size)
        {
            return null;
        }

        var pool = labeled.Where(photoIds.Contains).ToHashSet();
        foreach (var id in photoIds.Where(id => !pool.Contains(id)).OrderBy(id => Seeds.Mix((int)(id & 0x7FFFFFFF), (int)(id >> 31) ^ 4099)).ThenBy(id => id))
        {
            if (pool.Count >= size)
            {
                break;
            }

            pool.Add(id);
        }

        return pool;
    }

    /// <summary>A new trainer for an album loaded with <paramref name="options"/>' input.</summary>
    /// <param name="options">Settings.</param>
    /// <param name="album">The album.</param>
    /// <returns>The trainer (keep/delete, the signals as side inputs).</returns>
    public static FixMatchTrainer NewTrainer(FixMatchOptions options, AlbumImages album)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(album);
        return new FixMatchTrainer(2, options.Input == FixMatchInput.Views ? album.Images.Width : 3, options, album.Images.SideCount);
    }

    /// <summary>Trains on the given rows of an album (labels: true = delete); every photo is in the unlabeled pool.</summary>
    /// <param name="album">The album.</param>
    /// <param name="labeledRows">Rows with labels.</param>
    /// <param name="deletes">Their labels.</param>
    /// <param name="options">Settings (<see cref="Defaults"/> when null).</param>
    /// <param name="unlabeledRows">Rows of the unlabeled pool; all rows when null.</param>
    /// <param name="progress">Receives each step; may be null.</param>
    /// <param name="cancellationToken">Stops between steps.</param>
    /// <returns>The trained trainer (its EMA model predicts).</returns>
    /// <exception cref="PhotoPrefsException">No labels.</exception>
    public static FixMatchTrainer Fit(AlbumImages album, IReadOnlyList<int> labeledRows, IReadOnlyList<bool> deletes, FixMatchOptions? options = null, IReadOnlyList<int>? unlabeledRows = null, IProgress<TrainingRecord>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(album);
        ArgumentNullException.ThrowIfNull(labeledRows);
        ArgumentNullException.ThrowIfNull(deletes);
        if (labeledRows.Count == 0)
        {
            throw new PhotoPrefsException("no labels to train on: label some photos first ('photoprefs label' or 'photoprefs labels import')");
        }

        var trainer = NewTrainer(options ?? Defaults, album);
        var labeled = album.Images.Subset(labeledRows);
        var unlabeled = unlabeledRows is null ? album.Images : album.Images.Subset(unlabeledRows);
        trainer.Train(labeled, deletes.Select(d => d ? 1 : 0).ToArray(), unlabeled, null, progress, null, cancellationToken);
        return trainer;
    }

    /// <summary>
    /// Trains <paramref name="members"/> models on the same labels and unlabeled photos, member m with the seed
    /// <c>options.Seed + m x </c><see cref="MemberSeedStride"/> (so member 0 is what <see cref="Fit"/> trains); their
    /// p(delete) are averaged by <see cref="PDelete(IReadOnlyList{FixMatchTrainer}, AlbumImages, IReadOnlyList{int}?)"/>.
    /// </summary>
    /// <param name="album">The album.</param>
    /// <param name="labeledRows">Rows with labels.</param>
    /// <param name="deletes">Their labels.</param>
    /// <param name="members">How many models, at least 1.</param>
    /// <param name="options">Settings (<see cref="Defaults"/> when null).</param>
    /// <param name="unlabeledRows">Rows of the unlabeled pool; all rows when null.</param>
    /// <param name="cancellationToken">Stops between steps.</param>
    /// <returns>The trained members.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than one member.</exception>
    /// <exception cref="PhotoPrefsException">No labels.</exception>
    public static IReadOnlyList<FixMatchTrainer> FitMembers(AlbumImages album, IReadOnlyList<int> labeledRows, IReadOnlyList<bool> deletes, int members, FixMatchOptions? options = null, IReadOnlyList<int>? unlabeledRows = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(members, 1);
        var opts = options ?? Defaults;
        return Enumerable.Range(0, members)
            .Select(m => Fit(album, labeledRows, deletes, MemberOptions(opts, m), unlabeledRows, null, cancellationToken))
            .ToArray();
    }

    /// <summary>Folds <see cref="StoredModels"/> cross-fits a user's labels in by default (0 or 1: none).</summary>
    public const int DefaultFolds = 3;

    /// <summary>
    /// Cross-fitted p(delete) of the labeled rows: the labels are split in <paramref name="folds"/> folds by position
    /// (label i in fold <c>i mod folds</c>); for each fold, <paramref name="members"/> models train on the other folds'
    /// labels with the same steps as the model they stand in for and the seed <c>options.Seed + 1000 (f + 1)</c>, every
    /// row of <paramref name="unlabeledRows"/> unlabeled, and give the held-out fold its mean p(delete). (Fewer steps
    /// make less confident models, whose scores would calibrate the full model's wrongly:
    /// notebooks/results/README.md#calibration-and-operating-point.) A fold whose training labels hold one class only leaves its rows NaN. These are the
    /// predictions a calibration (<see cref="Evaluation.PlattScaling"/>) and an operating point
    /// (<see cref="Evaluation.OperatingPoint"/>) are estimated on: each is the score of a model that never saw its label.
    /// </summary>
    /// <param name="album">The album.</param>
    /// <param name="labeledRows">Rows with labels.</param>
    /// <param name="deletes">Their labels.</param>
    /// <param name="folds">Folds, at least 2 and at most the number of labels.</param>
    /// <param name="members">Models per fold, at least 1.</param>
    /// <param name="options">Settings (<see cref="Defaults"/> when null).</param>
    /// <param name="unlabeledRows">Rows of the unlabeled pool; all rows when null.</param>
    /// <param name="progress">Receives (models trained, models in all) after each model; may be null.</param>
    /// <param name="cancellationToken">Stops between steps.</param>
    /// <returns>One p(delete) per labeled row, in order; NaN where its fold could not train.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than 2 folds, more folds than labels, or fewer than one member.</exception>
    public static double[] CrossFit(AlbumImages album, IReadOnlyList<int> labeledRows, IReadOnlyList<bool> deletes, int folds, int members, FixMatchOptions? options = null, IReadOnlyList<int>? unlabeledRows = null, IProgress<(int Done, int Total)>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(album);
        ArgumentNullException.ThrowIfNull(labeledRows);
        ArgumentNullException.ThrowIfNull(deletes);
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(folds, labeledRows.Count);
        ArgumentOutOfRangeException.ThrowIfLessThan(members, 1);
        var opts = options ?? Defaults;
        var scores = Enumerable.Repeat(double.NaN, labeledRows.Count).ToArray();
        int done = 0;
        for (int f = 0; f < folds; f++)
        {
            var held = Enumerable.Range(0, labeledRows.Count).Where(i => i % folds == f).ToArray();
            var fit = Enumerable.Range(0, labeledRows.Count).Where(i => i % folds != f).ToArray();
            if (fit.Select(i => deletes[i]).Distinct().Count() < 2)
            {
                done += members;
                progress?.Report((done, folds * members));
                continue;
            }

            var foldOptions = opts with { Seed = opts.Seed + (1000 * (f + 1)) };
            var trainers = new FixMatchTrainer[members];
            for (int m = 0; m < members; m++)
            {
                trainers[m] = Fit(album, fit.Select(i => labeledRows[i]).ToArray(), fit.Select(i => deletes[i]).ToArray(), MemberOptions(foldOptions, m), unlabeledRows, null, cancellationToken);
                progress?.Report((++done, folds * members));
            }

            var p = PDelete(trainers, album, held.Select(i => labeledRows[i]).ToArray());
            for (int j = 0; j < held.Length; j++)
            {
                scores[held[j]] = p[j];
            }
        }

        return scores;
    }

    /// <summary>The settings of member <paramref name="member"/> of an ensemble: its own seed, <see cref="MemberSeedStride"/> apart.</summary>
    internal static FixMatchOptions MemberOptions(FixMatchOptions options, int member) => options with { Seed = options.Seed + (member * MemberSeedStride) };

    /// <summary>The mean of the members' p(delete) (<see cref="PDelete(FixMatchTrainer, AlbumImages, IReadOnlyList{int}?)"/>) for the given rows (all when null).</summary>
    /// <param name="members">Trained members (<see cref="FitMembers"/>).</param>
    /// <param name="album">The album.</param>
    /// <param name="rows">Rows; null for all.</param>
    /// <returns>One probability per row.</returns>
    /// <exception cref="ArgumentException">No members.</exception>
    public static double[] PDelete(IReadOnlyList<FixMatchTrainer> members, AlbumImages album, IReadOnlyList<int>? rows = null)
    {
        ArgumentNullException.ThrowIfNull(members);
        if (members.Count == 0)
        {
            throw new ArgumentException("no members to average", nameof(members));
        }

        var sum = PDelete(members[0], album, rows);
        for (int m = 1; m < members.Count; m++)
        {
            var p = PDelete(members[m], album, rows);
            for (int i = 0; i < sum.Length; i++)
            {
                sum[i] += p[i];
            }
        }

        for (int i = 0; i < sum.Length && members.Count > 1; i++)
        {
            sum[i] /= members.Count;
        }

        return sum;
    }

    /// <summary>p(delete) for the given rows (all when null): <c>1 / (1 + exp(l_keep - l_delete))</c> of the EMA model's logits, in double precision.</summary>
    /// <param name="trainer">A trained trainer.</param>
    /// <param name="album">The album.</param>
    /// <param name="rows">Rows; null for all.</param>
    /// <returns>One probability per row.</returns>
    public static double[] PDelete(FixMatchTrainer trainer, AlbumImages album, IReadOnlyList<int>? rows = null)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentNullException.ThrowIfNull(album);
        var set = rows is null ? album.Images : album.Images.Subset(rows);
        // from the logits in double precision: in single precision a confident model's p(delete) rounds to 0 or 1
        // for most photos, and the ordering by uncertainty (labeling page, suggestions) would be lost among ties
        var logits = trainer.Logits(set);
        return Enumerable.Range(0, set.Count).Select(i => 1 / (1 + Math.Exp((double)logits[2 * i] - logits[(2 * i) + 1]))).ToArray();
    }
}
