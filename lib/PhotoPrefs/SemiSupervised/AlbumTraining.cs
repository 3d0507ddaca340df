using System.Globalization;
using System.Text.Json;
using ImageMagick;
using System.Numerics.Tensors;
using PhotoPrefs.Embeddings;
using PhotoPrefs.Features;
using PhotoPrefs.Imaging;
using PhotoPrefs.Neural;
using PhotoPrefs.Store;

namespace PhotoPrefs.SemiSupervised;

/// <summary>An album ready for the network: photos in id order, as small RGB images plus standardised signals.</summary>
/// <param name="PhotoIds">Photo ids.</param>
/// <param name="Paths">Paths relative to the album, with '/'.</param>
/// <param name="Images">The images (side values: <see cref="PhotoSignals.Standardized"/>).</param>
/// <param name="Signals">The raw signals.</param>
public sealed record AlbumImages(long[] PhotoIds, string[] Paths, ImageSet Images, PhotoSignals Signals)
{
    /// <summary>Row of each photo id.</summary>
    /// <returns>The map.</returns>
    public Dictionary<long, int> RowsById() => PhotoIds.Select((id, i) => (id, i)).ToDictionary(t => t.id, t => t.i);
}

/// <summary>A model stored in the workspace.</summary>
/// <param name="Id">Row id in <c>models</c>.</param>
/// <param name="User">Its user.</param>
/// <param name="Labels">Labels it was trained on.</param>
/// <param name="Steps">Training steps.</param>
/// <param name="History">Training history (of the first member, when several models were averaged).</param>
/// <param name="PDelete">p(delete) for every photo, by photo id: the members' mean.</param>
/// <param name="Members">Models trained and averaged.</param>
public sealed record StoredModel(long Id, string User, int Labels, int Steps, IReadOnlyList<TrainingRecord> History, IReadOnlyDictionary<long, double> PDelete, int Members = 1);

/// <summary>
/// FixMatch on a photo album: class 0 keep, class 1 delete; a person's labels plus every photo as the
/// unlabeled pool; 32 x 32 RGB thumbnails and the <see cref="PhotoSignals"/> (sharpness, exposure, time, burst)
/// as a side input of the network's hidden and output layers.
/// </summary>
public static class AlbumTraining
{
    /// <summary>Side of the square network input, in pixels.</summary>
    public const int Side = 32;

    /// <summary>The model kind stored in the <c>models</c> table.</summary>
    public const string ModelKind = "fixmatch";

    /// <summary>The kind of the training checkpoint in the <c>models</c> table (one per user and member of the ensemble, removed when training completes).</summary>
    public const string CheckpointKind = "checkpoint";

    /// <summary>Steps between checkpoints.</summary>
    public const int CheckpointEvery = 50;

    /// <summary>
    /// Settings for albums of a few hundred photos and a few dozen labels: FixMatch's threshold, loss weight,
    /// optimiser, schedule and EMA, with a narrower network (width 16), B = 16, mu = 3 and 400 steps so that a
    /// run takes about a minute and a half on two cores, and gradients clipped to a global norm of 5 (with a few
    /// dozen labels and the signal inputs, an unclipped early step can diverge). Half of the labeled examples of
    /// each step are seen without their image features (<see cref="FixMatchOptions.ImageDropout"/> 0.5): with
    /// a few dozen labels the network would otherwise memorise the two or three blurred shots by their
    /// thumbnails instead of learning that their sharpness is what makes them deletions.
    /// </summary>
    public static FixMatchOptions Defaults { get; } = new(Steps: 400, BatchSize: 16, Mu: 3, Width: 16, Flip: true, GradientClip: 5, ImageDropout: 0.5f, Input: FixMatchInput.Views);

    /// <summary>
    /// Loads the album as the network takes it, with each photo's signals: with <see cref="FixMatchInput.Pixels"/> every
    /// imported photo's thumbnail as a <see cref="Side"/> x <see cref="Side"/> RGB image; with <see cref="FixMatchInput.Views"/>
    /// its embedding and its stored <see cref="EmbeddingViews"/> as the channels of one row, each projected on the album's
    /// <see cref="ViewComponents"/> principal directions and scaled so that a plain view's values have unit variance on average.
    /// </summary>
    /// <param name="workspace">The workspace (features computed; with views, <see cref="EnsureInputs"/> done).</param>
    /// <param name="input">What the network sees.</param>
    /// <returns>The album.</returns>
    /// <exception cref="PhotoPrefsException">No photos, or features, embeddings or views missing.</exception>
    public static AlbumImages Load(Workspace workspace, FixMatchInput input = FixMatchInput.Pixels)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var signals = PhotoSignals.Load(workspace);
        var ids = signals.PhotoIds.ToArray();
        if (ids.Length == 0)
        {
            throw new PhotoPrefsException("no imported photos in the workspace: run 'photoprefs import' first");
        }

        if (input == FixMatchInput.Views)
        {
            return LoadViews(workspace, ids, signals);
        }

        var thumbs = new Dictionary<long, (string Path, byte[] Jpeg)>();
        using (var db = workspace.Connect())
        {
            using var cmd = db.CreateCommand();
            cmd.CommandText = "SELECT p.id, p.path, t.data FROM photos p JOIN thumbnails t ON t.photo_id = p.id AND t.kind = $k WHERE p.status = 'ok'";
            cmd.Parameters.AddWithValue("$k", ThumbnailKinds.Thumb);
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                thumbs[r.GetInt64(0)] = (r.GetString(1).Replace('\\', '/'), (byte[])r.GetValue(2));
            }
        }

        int size = 3 * Side * Side;
        var data = new float[ids.Length * size];
        var paths = new string[ids.Length];
        Parallel.For(0, ids.Length, i =>
        {
            var (path, jpeg) = thumbs[ids[i]];
            paths[i] = path;
            using var image = new MagickImage(jpeg);
            PixelBuffer.ToChw(image, Side, Side).CopyTo(data, i * size);
        });

        var set = new ImageSet(data, ids.Length, 3, Side, Side, signals.Standardized(), PhotoSignals.Names.Count);
        return new AlbumImages(ids, paths, set, signals);
    }

    /// <summary>Computes what <see cref="Load"/> needs for <paramref name="input"/> and the workspace lacks: with <see cref="FixMatchInput.Views"/>, the embeddings and their views.</summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="input">What the network will see.</param>
    /// <param name="progress">Receives progress (embeddings, then views); may be null.</param>
    /// <param name="cancellationToken">Stops between chunks; finished ones stay stored.</param>
    /// <exception cref="PhotoPrefsException">The embedding model cannot be loaded.</exception>
    public static void EnsureInputs(Workspace workspace, FixMatchInput input, IProgress<FeatureProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        if (input != FixMatchInput.Views)
        {
            return;
        }

        // each loads the model only when it has photos to compute, so a trained-before album costs two queries
        EmbeddingExtraction.Compute(workspace, null, progress, cancellationToken);
        EmbeddingViews.Compute(workspace, null, progress, cancellationToken);
    }

    /// <summary>
    /// Principal components of the album's embeddings that the views keep (see <see cref="Load"/>). Chosen on the
    /// real-photo development album over 8, 16, 32, 64 and all: 32 and 64 were best for the four users; all 512 fell
    /// behind on every user (see notebooks/results/README.md).
    /// </summary>
    public const int ViewComponents = 32;

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

    private static AlbumImages LoadViews(Workspace workspace, long[] ids, PhotoSignals signals)
    {
        var (plainIds, plain) = FeatureStore.LoadEmbeddings(workspace);
        var (viewIds, views) = EmbeddingViews.Load(workspace);
        var plainRow = plainIds.Select((id, i) => (id, i)).ToDictionary(t => t.id, t => t.i);
        var viewRow = viewIds.Select((id, i) => (id, i)).ToDictionary(t => t.id, t => t.i);
        if (ids.FirstOrDefault(id => !plainRow.ContainsKey(id) || !viewRow.ContainsKey(id)) is var missing && missing != 0)
        {
            throw new PhotoPrefsException($"photo {missing} has no embedding or no embedding views: run 'photoprefs features' (it computes both), or train with pixels");
        }

        const int d = ImageEmbedder.Dimensions;
        int channels = 1 + EmbeddingViews.Count, n = ids.Length;
        var plainRows = new float[n * d];
        for (int i = 0; i < n; i++)
        {
            plain.AsSpan(plainRow[ids[i]] * d, d).CopyTo(plainRows.AsSpan(i * d, d));
        }

        // The album's principal directions of what photos show: a few dozen carry what tells its photos apart, and
        // with a few dozen labels the head cannot learn 512 weights per unit, nor weigh the signals against them.
        int components = Math.Min(ViewComponents, Math.Max(1, n - 1));
        var pca = PcaModel.Fit(plainRows, n, d, new PcaOptions(Components: components, MaxComponents: components));
        int width = pca.Count;
        var data = new float[n * channels * width];
        var all = new float[channels * d];
        for (int i = 0; i < n; i++)
        {
            plainRows.AsSpan(i * d, d).CopyTo(all);
            views.AsSpan(viewRow[ids[i]] * EmbeddingViews.Count * d, EmbeddingViews.Count * d).CopyTo(all.AsSpan(d));
            pca.Transform(all, channels, data.AsSpan(i * channels * width, channels * width));
        }

        // one scale for every value, so that a plain view has unit variance per component on average
        double squares = 0;
        for (int i = 0; i < n; i++)
        {
            squares += TensorPrimitives.SumOfSquares(data.AsSpan(i * channels * width, width));
        }

        float scale = squares > 0 ? (float)Math.Sqrt(n * (double)width / squares) : 1f;
        TensorPrimitives.Multiply(data, scale, data);
        var paths = new Dictionary<long, string>();
        using (var db = workspace.Connect())
        {
            using var cmd = db.CreateCommand();
            cmd.CommandText = "SELECT id, path FROM photos WHERE status = 'ok'";
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                paths[r.GetInt64(0)] = r.GetString(1).Replace('\\', '/');
            }
        }

        var set = new ImageSet(data, n, channels, 1, width, signals.Standardized(), PhotoSignals.Names.Count);
        return new AlbumImages(ids, ids.Select(id => paths[id]).ToArray(), set, signals);
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

    /// <summary>Seeds of the members of an ensemble (<see cref="FitMembers"/>) step by this: member m trains with seed + m x this.</summary>
    public const int MemberSeedStride = 7919;

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

    /// <summary>The settings of member <paramref name="member"/> of an ensemble: its own seed, <see cref="MemberSeedStride"/> apart.</summary>
    private static FixMatchOptions MemberOptions(FixMatchOptions options, int member) => options with { Seed = options.Seed + (member * MemberSeedStride) };

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

    /// <summary>
    /// Models that <see cref="TrainAndStore(Workspace, string, FixMatchOptions?, IProgress{TrainingRecord}?, CancellationToken)"/>
    /// trains and averages. On the real-photo development album five models raised every user's F1 over one model
    /// on two disjoint sets of twelve seeds (J 0.86 to 0.88, C 0.81 to 0.89 and 0.88 to 0.97), and ten did no better
    /// than five (see notebooks/results/README.md). Each takes a second or less on an album of a few hundred photos.
    /// </summary>
    public const int DefaultMembers = 5;

    /// <summary>
    /// Trains a user's <see cref="DefaultMembers"/> models from their labels in the workspace and stores them as one:
    /// see <see cref="TrainAndStore(Workspace, string, int, FixMatchOptions?, IProgress{TrainingRecord}?, CancellationToken)"/>.
    /// </summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="user">The user profile.</param>
    /// <param name="options">Settings (<see cref="Defaults"/> when null).</param>
    /// <param name="progress">Receives each step of each member; may be null.</param>
    /// <param name="cancellationToken">Stops between steps; nothing but checkpoints is stored then.</param>
    /// <returns>The stored model.</returns>
    /// <exception cref="PhotoPrefsException">No labels for the user, or only one class.</exception>
    public static StoredModel TrainAndStore(Workspace workspace, string user, FixMatchOptions? options = null, IProgress<TrainingRecord>? progress = null, CancellationToken cancellationToken = default)
        => TrainAndStore(workspace, user, DefaultMembers, options, progress, cancellationToken);

    /// <summary>
    /// Trains a user's models from their labels in the workspace (<paramref name="members"/> of them, as
    /// <see cref="FitMembers"/> does: member m with seed <c>options.Seed + m x </c><see cref="MemberSeedStride"/>),
    /// stores them as one model (the members' weights one after another in <see cref="ModelFile"/> format, settings,
    /// history) and the members' mean p(delete) for every photo. Every <see cref="CheckpointEvery"/> steps, and when
    /// a member is done, that member's training state is saved in the workspace; a run that was stopped (Ctrl+C, a
    /// killed process) continues from its checkpoints when started again with the same labels and settings, and ends
    /// with the same model as an uninterrupted run.
    /// </summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="user">The user profile.</param>
    /// <param name="members">How many models to average, at least 1.</param>
    /// <param name="options">Settings (<see cref="Defaults"/> when null).</param>
    /// <param name="progress">Receives each step, with <see cref="TrainingRecord.Member"/> set; may be null.</param>
    /// <param name="cancellationToken">Stops between steps; nothing but checkpoints is stored then.</param>
    /// <returns>The stored model (its history is the first member's).</returns>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than one member.</exception>
    /// <exception cref="PhotoPrefsException">No labels for the user, or only one class.</exception>
    public static StoredModel TrainAndStore(Workspace workspace, string user, int members, FixMatchOptions? options = null, IProgress<TrainingRecord>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentOutOfRangeException.ThrowIfLessThan(members, 1);
        var labels = LabelStore.Get(workspace, user);
        if (labels.Count == 0)
        {
            throw new PhotoPrefsException($"user '{user}' has no labels in {workspace.Directory}: label photos with 'photoprefs label' or import a CSV with 'photoprefs labels import'");
        }

        if (labels.Values.Distinct().Count() < 2)
        {
            throw new PhotoPrefsException($"user '{user}' has only '{LabelStore.ToText(labels.Values.First())}' labels: the model needs at least one keep and one delete");
        }

        var opts = options ?? Defaults;
        EnsureInputs(workspace, opts.Input, null, cancellationToken);
        var album = Load(workspace, opts.Input);
        var rows = album.RowsById();
        var labeledRows = labels.Keys.Where(rows.ContainsKey).Order().Select(id => rows[id]).ToArray();
        var deletes = labels.Keys.Where(rows.ContainsKey).Order().Select(id => labels[id] == PhotoLabel.Delete).ToArray();
        var labeledSet = album.Images.Subset(labeledRows);
        var classes = deletes.Select(d => d ? 1 : 0).ToArray();
        var trainers = new FixMatchTrainer[members];
        for (int m = 0; m < members; m++)
        {
            var memberOpts = MemberOptions(opts, m);
            var fingerprint = Fingerprint(user, album, labeledRows, deletes, memberOpts);
            var trainer = ResumeFrom(workspace, user, fingerprint) ?? NewTrainer(memberOpts, album);
            int member = m;
            var memberProgress = progress is null ? null : new MemberProgress(progress, member);
            while (trainer.StepsDone < memberOpts.Steps)
            {
                trainer.Train(labeledSet, classes, album.Images, null, memberProgress, CheckpointEvery, cancellationToken);
                if (trainer.StepsDone < memberOpts.Steps || m < members - 1)
                {
                    SaveCheckpoint(workspace, user, fingerprint, member, trainer);
                }
            }

            trainers[m] = trainer;
        }

        var p = PDelete(trainers, album);
        using var weights = new MemoryStream();
        for (int m = 0; m < members; m++)
        {
            ModelFile.Save(trainers[m].EvalModel, weights, new Dictionary<string, string>
            {
                ["user"] = user,
                ["steps"] = trainers[m].StepsDone.ToString(CultureInfo.InvariantCulture),
                ["member"] = m.ToString(CultureInfo.InvariantCulture),
                ["members"] = members.ToString(CultureInfo.InvariantCulture),
            });
        }

        var meta = JsonSerializer.Serialize(new ModelMeta(user, labeledRows.Length, opts, PhotoSignals.Names, trainers[0].History, members));
        var userId = LabelStore.EnsureUser(workspace, user);
        using var db = workspace.Connect();
        using var tx = db.BeginTransaction();
        var id = (long)Workspace.Scalar(db, "INSERT INTO models(user_id, kind, created_at, meta_json, data) VALUES ($u, $k, $t, $m, $d) RETURNING id",
            ("$u", userId), ("$k", ModelKind), ("$t", DateTime.UtcNow.ToString("o", CultureInfo.InvariantCulture)), ("$m", meta), ("$d", weights.ToArray()))!;
        for (int i = 0; i < album.PhotoIds.Length; i++)
        {
            Workspace.Execute(db, "INSERT INTO predictions(model_id, photo_id, p_delete) VALUES ($m, $p, $v)", ("$m", id), ("$p", album.PhotoIds[i]), ("$v", p[i]));
        }

        Workspace.Execute(db, "DELETE FROM models WHERE user_id = $u AND kind = $k", ("$u", userId), ("$k", CheckpointKind));
        tx.Commit();
        return new StoredModel(id, user, labeledRows.Length, trainers[0].StepsDone, trainers[0].History, album.PhotoIds.Select((pid, i) => (pid, i)).ToDictionary(t => t.pid, t => p[t.i]), members);
    }

    /// <summary>Steps done in the user's saved checkpoints, summed over the members of the ensemble, or null when there is none.</summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="user">The user.</param>
    /// <returns>Steps done at the checkpoints.</returns>
    public static int? CheckpointStep(Workspace workspace, string user)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var steps = Checkpoints(workspace, user).Select(c => c.Meta.StepsDone).ToList();
        return steps.Count == 0 ? null : steps.Sum();
    }

    private sealed record CheckpointMeta(string Fingerprint, int StepsDone, int Member = 0);

    private sealed class MemberProgress(IProgress<TrainingRecord> inner, int member) : IProgress<TrainingRecord>
    {
        public void Report(TrainingRecord value) => inner.Report(value with { Member = member });
    }

    private static string Fingerprint(string user, AlbumImages album, int[] rows, bool[] deletes, FixMatchOptions options)
    {
        var text = JsonSerializer.Serialize(new { user, ids = album.PhotoIds, rows, deletes, options, signals = PhotoSignals.Names });
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
    }

    private static List<(long Id, CheckpointMeta Meta)> Checkpoints(Workspace workspace, string user)
    {
        var found = new List<(long, CheckpointMeta)>();
        using var db = workspace.Connect();
        using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT m.id, m.meta_json FROM models m JOIN users u ON u.id = m.user_id WHERE u.name = $n AND m.kind = $k ORDER BY m.id";
        cmd.Parameters.AddWithValue("$n", user);
        cmd.Parameters.AddWithValue("$k", CheckpointKind);
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            try
            {
                if (JsonSerializer.Deserialize<CheckpointMeta>(r.GetString(1)) is { } meta)
                {
                    found.Add((r.GetInt64(0), meta));
                }
            }
            catch (JsonException)
            {
                // a damaged checkpoint is one that is not there: its member trains afresh
            }
        }

        return found;
    }

    private static FixMatchTrainer? ResumeFrom(Workspace workspace, string user, string fingerprint)
    {
        // none, or each made from other labels or settings: start afresh
        var found = Checkpoints(workspace, user).Where(c => c.Meta.Fingerprint == fingerprint).Select(c => (long?)c.Id).LastOrDefault();
        if (found is not { } id)
        {
            return null;
        }

        using var db = workspace.Connect();
        try
        {
            using var stream = new MemoryStream((byte[])Workspace.Scalar(db, "SELECT data FROM models WHERE id = $id", ("$id", id))!);
            return FixMatchTrainer.LoadCheckpoint(stream);
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    private static void SaveCheckpoint(Workspace workspace, string user, string fingerprint, int member, FixMatchTrainer trainer)
    {
        using var state = new MemoryStream();
        trainer.SaveCheckpoint(state);
        var userId = LabelStore.EnsureUser(workspace, user);
        // this member's earlier checkpoint, and any from other labels or settings that sat in its place
        var replaced = Checkpoints(workspace, user).Where(c => c.Meta.Member == member || c.Meta.Fingerprint == fingerprint).Select(c => c.Id).ToList();
        using var db = workspace.Connect();
        using var tx = db.BeginTransaction();
        foreach (var old in replaced)
        {
            Workspace.Execute(db, "DELETE FROM models WHERE id = $id", ("$id", old));
        }

        Workspace.Execute(db, "INSERT INTO models(user_id, kind, created_at, meta_json, data) VALUES ($u, $k, $t, $m, $d)",
            ("$u", userId), ("$k", CheckpointKind), ("$t", DateTime.UtcNow.ToString("o", CultureInfo.InvariantCulture)),
            ("$m", JsonSerializer.Serialize(new CheckpointMeta(fingerprint, trainer.StepsDone, member))), ("$d", state.ToArray()));
        tx.Commit();
    }

    /// <summary>The user's latest stored model with its predictions, or null when none was trained.</summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="user">The user profile.</param>
    /// <returns>The model, or null.</returns>
    public static StoredModel? Latest(Workspace workspace, string user)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        LabelStore.ValidateUser(user);
        using var db = workspace.Connect();
        var row = Workspace.Scalar(db, "SELECT m.id FROM models m JOIN users u ON u.id = m.user_id WHERE u.name = $n AND m.kind = $k ORDER BY m.id DESC LIMIT 1", ("$n", user), ("$k", ModelKind));
        if (row is not long id)
        {
            return null;
        }

        var meta = JsonSerializer.Deserialize<ModelMeta>((string)Workspace.Scalar(db, "SELECT meta_json FROM models WHERE id = $id", ("$id", id))!)!;
        var p = new Dictionary<long, double>();
        using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT photo_id, p_delete FROM predictions WHERE model_id = $id";
        cmd.Parameters.AddWithValue("$id", id);
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            p[r.GetInt64(0)] = r.GetDouble(1);
        }

        return new StoredModel(id, user, meta.Labels, meta.History.Count, meta.History, p, meta.Members);
    }

    /// <summary>What is stored next to a model's weights.</summary>
    /// <param name="User">User.</param>
    /// <param name="Labels">Labels trained on.</param>
    /// <param name="Options">Settings.</param>
    /// <param name="Signals">Side-input signal names.</param>
    /// <param name="History">Training history of the first member.</param>
    /// <param name="Members">Models averaged (1 for a model stored before ensembles).</param>
    public sealed record ModelMeta(string User, int Labels, FixMatchOptions Options, IReadOnlyList<string> Signals, IReadOnlyList<TrainingRecord> History, int Members = 1);
}
