using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PhotoPrefs.Features;
using PhotoPrefs.Neural;
using PhotoPrefs.Store;

namespace PhotoPrefs.SemiSupervised;

/// <summary>
/// A user's FixMatch models in the workspace: trains them from the user's labels (<see cref="AlbumTraining"/> on the album
/// that <see cref="AlbumLoader"/> loads), stores them with their p(delete) for every photo, keeps checkpoints while they
/// train, and reads the latest back. The rows live in the <c>models</c> and <c>predictions</c> tables
/// (<see cref="ModelStore"/>, <see cref="PredictionStore"/>).
/// </summary>
public static class StoredModels
{
    /// <summary>The model kind stored in the <c>models</c> table.</summary>
    public const string ModelKind = "fixmatch";

    /// <summary>The kind of the training checkpoint in the <c>models</c> table (one per user and member of the ensemble, removed when training completes).</summary>
    public const string CheckpointKind = "checkpoint";

    /// <summary>Steps between checkpoints.</summary>
    public const int CheckpointEvery = 50;

    /// <summary>
    /// Trains a user's <see cref="AlbumTraining.DefaultMembers"/> models from their labels in the workspace and stores them as one:
    /// see <see cref="TrainAndStore(Workspace, string, int, FixMatchOptions?, IProgress{TrainingRecord}?, CancellationToken)"/>.
    /// </summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="user">The user profile.</param>
    /// <param name="options">Settings (<see cref="AlbumTraining.Defaults"/> when null).</param>
    /// <param name="progress">Receives each step of each member; may be null.</param>
    /// <param name="cancellationToken">Stops between steps; nothing but checkpoints is stored then.</param>
    /// <returns>The stored model.</returns>
    /// <exception cref="PhotoPrefsException">No labels for the user, or only one class.</exception>
    public static StoredModel TrainAndStore(Workspace workspace, string user, FixMatchOptions? options = null, IProgress<TrainingRecord>? progress = null, CancellationToken cancellationToken = default)
        => TrainAndStore(workspace, user, AlbumTraining.DefaultMembers, options, progress, cancellationToken);

    /// <summary>
    /// Trains a user's models from their labels in the workspace (<paramref name="members"/> of them, as
    /// <see cref="AlbumTraining.FitMembers"/> does: member m with seed <c>options.Seed + m x </c><see cref="AlbumTraining.MemberSeedStride"/>),
    /// stores them as one model (the members' weights one after another in <see cref="ModelFile"/> format, settings,
    /// history) and the members' mean p(delete) for every photo. Every <see cref="CheckpointEvery"/> steps, and when
    /// a member is done, that member's training state is saved in the workspace; a run that was stopped (Ctrl+C, a
    /// killed process) continues from its checkpoints when started again with the same labels and settings, and ends
    /// with the same model as an uninterrupted run.
    /// </summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="user">The user profile.</param>
    /// <param name="members">How many models to average, at least 1.</param>
    /// <param name="options">Settings (<see cref="AlbumTraining.Defaults"/> when null).</param>
    /// <param name="progress">Receives each step, with <see cref="TrainingRecord.Member"/> set; may be null.</param>
    /// <param name="cancellationToken">Stops between steps; nothing but checkpoints is stored then.</param>
    /// <returns>The stored model (its history is the first member's).</returns>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than one member.</exception>
    /// <exception cref="PhotoPrefsException">No labels for the user, or only one class.</exception>
    public static StoredModel TrainAndStore(Workspace workspace, string user, int members, FixMatchOptions? options = null, IProgress<TrainingRecord>? progress = null, CancellationToken cancellationToken = default)
        => TrainAndStore(workspace, user, members, 0, options, progress, null, cancellationToken);

    /// <summary>
    /// Trains and stores a user's models as <see cref="TrainAndStore(Workspace, string, int, FixMatchOptions?, IProgress{TrainingRecord}?, CancellationToken)"/>
    /// does, and with <paramref name="folds"/> of 2 or more also the labeled photos' cross-fitted p(delete)
    /// (<see cref="AlbumTraining.CrossFit"/>, every photo unlabeled), kept with the model (<see cref="StoredModel.CrossFit"/>)
    /// for its calibration and operating point. The cross-fitting takes about as long as <paramref name="folds"/> trainings; it runs after
    /// the models are trained and checkpointed, so a run stopped during it continues with the cross-fitting.
    /// </summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="user">The user profile.</param>
    /// <param name="members">How many models to average, at least 1 (in the model and in each fold).</param>
    /// <param name="folds">Folds to cross-fit the labels in; 0 or 1 for none. At most the number of labels.</param>
    /// <param name="options">Settings (<see cref="AlbumTraining.Defaults"/> when null).</param>
    /// <param name="progress">Receives each step of the model's members, with <see cref="TrainingRecord.Member"/> set; may be null.</param>
    /// <param name="crossFitProgress">Receives (models trained, models in all) of the cross-fitting; may be null.</param>
    /// <param name="cancellationToken">Stops between steps; nothing but checkpoints is stored then.</param>
    /// <returns>The stored model.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than one member, negative folds.</exception>
    /// <exception cref="PhotoPrefsException">No labels for the user, only one class, or more folds than labels.</exception>
    public static StoredModel TrainAndStore(Workspace workspace, string user, int members, int folds, FixMatchOptions? options = null, IProgress<TrainingRecord>? progress = null, IProgress<(int Done, int Total)>? crossFitProgress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentOutOfRangeException.ThrowIfLessThan(members, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(folds);
        var labels = LabelStore.Get(workspace, user);
        if (labels.Count == 0)
        {
            throw new PhotoPrefsException($"user '{user}' has no labels in {workspace.Directory}: label photos with 'photoprefs label' or import a CSV with 'photoprefs labels import'");
        }

        if (labels.Values.Distinct().Count() < 2)
        {
            throw new PhotoPrefsException($"user '{user}' has only '{LabelStore.ToText(labels.Values.First())}' labels: the model needs at least one keep and one delete");
        }

        if (folds > labels.Count)
        {
            throw new PhotoPrefsException($"{folds} folds for {labels.Count} labels: cross-fitting needs at least one label per fold");
        }

        var opts = options ?? AlbumTraining.Defaults;
        var pool = Pool(workspace, user);
        AlbumLoader.EnsureInputs(workspace, opts.Input, pool, null, cancellationToken);
        var album = AlbumLoader.Load(workspace, opts.Input, pool);
        var rows = album.RowsById();
        var poolRows = pool?.Where(rows.ContainsKey).Select(id => rows[id]).Order().ToArray();
        var unlabeled = poolRows is null ? album.Images : album.Images.Subset(poolRows);
        var labeledRows = labels.Keys.Where(rows.ContainsKey).Order().Select(id => rows[id]).ToArray();
        var deletes = labels.Keys.Where(rows.ContainsKey).Order().Select(id => labels[id] == PhotoLabel.Delete).ToArray();
        var labeledSet = album.Images.Subset(labeledRows);
        var classes = deletes.Select(d => d ? 1 : 0).ToArray();
        var trainers = new FixMatchTrainer[members];
        for (int m = 0; m < members; m++)
        {
            var memberOpts = AlbumTraining.MemberOptions(opts, m);
            var fingerprint = Fingerprint(user, album, labeledRows, deletes, memberOpts);
            var trainer = ResumeFrom(workspace, user, fingerprint) ?? AlbumTraining.NewTrainer(memberOpts, album);
            int member = m;
            var memberProgress = progress is null ? null : new MemberProgress(progress, member);
            while (trainer.StepsDone < memberOpts.Steps)
            {
                trainer.Train(labeledSet, classes, unlabeled, null, memberProgress, CheckpointEvery, cancellationToken);
                if (trainer.StepsDone < memberOpts.Steps || m < members - 1 || folds >= 2)
                {
                    SaveCheckpoint(workspace, user, fingerprint, member, trainer);
                }
            }

            trainers[m] = trainer;
        }

        var p = AlbumTraining.PDelete(trainers, album);
        CrossFitted[]? crossFit = null;
        // labels of photos no longer in the album are not trained on, nor cross-fitted
        int usedFolds = Math.Min(folds, labeledRows.Length);
        if (usedFolds >= 2)
        {
            var ids = labeledRows.Select(r => album.PhotoIds[r]).ToArray();
            var scores = AlbumTraining.CrossFit(album, labeledRows, deletes, usedFolds, members, opts, poolRows, crossFitProgress, cancellationToken);
            crossFit = [.. ids.Select((id, i) => new CrossFitted(id, deletes[i], scores[i]))];
        }

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

        var meta = JsonSerializer.Serialize(new ModelMeta(user, labeledRows.Length, opts, PhotoSignals.Names, trainers[0].History, members, crossFit?.Where(c => !double.IsNaN(c.PDelete)).ToArray()));
        var id = ModelStore.Save(workspace, user, ModelKind, meta, weights.ToArray(), album.PhotoIds, p, replacedKind: CheckpointKind);
        return new StoredModel(id, user, labeledRows.Length, trainers[0].StepsDone, trainers[0].History, album.PhotoIds.Select((pid, i) => (pid, i)).ToDictionary(t => t.pid, t => p[t.i]), members, crossFit?.Where(c => !double.IsNaN(c.PDelete)).ToArray());
    }

    /// <summary>
    /// The photos a model of <paramref name="user"/> trains on as unlabeled (<see cref="AlbumTraining.Pool"/> of the
    /// imported photos, the user's labeled ones included): null, meaning every photo, for an album of up to
    /// <see cref="AlbumTraining.PoolSize"/> photos. Only these need their embedding views.
    /// </summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="user">The user.</param>
    /// <returns>The pool, or null for every photo.</returns>
    public static IReadOnlySet<long>? Pool(Workspace workspace, string user)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        return AlbumTraining.Pool(PhotoStore.Paths(workspace).Keys.ToList(), LabelStore.Get(workspace, user).Keys);
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

    /// <summary>The user's latest stored model with its predictions, or null when none was trained.</summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="user">The user profile.</param>
    /// <returns>The model, or null.</returns>
    /// <exception cref="PhotoPrefsException">Invalid user name.</exception>
    public static StoredModel? Latest(Workspace workspace, string user)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        LabelStore.ValidateUser(user);
        if (ModelStore.Latest(workspace, user, ModelKind) is not { } row)
        {
            return null;
        }

        var meta = JsonSerializer.Deserialize<ModelMeta>(row.MetaJson)!;
        var p = PredictionStore.ForModel(workspace, row.Id);
        return new StoredModel(row.Id, user, meta.Labels, meta.History.Count, meta.History, p, meta.Members, meta.CrossFit);
    }

    private sealed record CheckpointMeta(string Fingerprint, int StepsDone, int Member = 0);

    private sealed class MemberProgress(IProgress<TrainingRecord> inner, int member) : IProgress<TrainingRecord>
    {
        public void Report(TrainingRecord value) => inner.Report(value with { Member = member });
    }

    private static string Fingerprint(string user, AlbumImages album, int[] rows, bool[] deletes, FixMatchOptions options)
    {
        var text = JsonSerializer.Serialize(new { user, ids = album.PhotoIds, rows, deletes, options, signals = PhotoSignals.Names });
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    private static List<(long Id, CheckpointMeta Meta)> Checkpoints(Workspace workspace, string user)
    {
        var found = new List<(long, CheckpointMeta)>();
        foreach (var (id, json) in ModelStore.Metas(workspace, user, CheckpointKind))
        {
            try
            {
                if (JsonSerializer.Deserialize<CheckpointMeta>(json) is { } meta)
                {
                    found.Add((id, meta));
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
        if (found is not { } id || ModelStore.Get(workspace, id) is not { } row)
        {
            return null;
        }

        try
        {
            using var stream = new MemoryStream(row.Data);
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
        // this member's earlier checkpoint, and any from other labels or settings that sat in its place
        var replaced = Checkpoints(workspace, user).Where(c => c.Meta.Member == member || c.Meta.Fingerprint == fingerprint).Select(c => c.Id).ToList();
        ModelStore.Replace(workspace, user, CheckpointKind, JsonSerializer.Serialize(new CheckpointMeta(fingerprint, trainer.StepsDone, member)), state.ToArray(), replaced);
    }
}
