using PhotoPrefs.Albums;
using PhotoPrefs.Clustering;
using PhotoPrefs.Duplicates;
using PhotoPrefs.Embeddings;
using PhotoPrefs.Features;
using PhotoPrefs.Labeling;
using PhotoPrefs.SemiSupervised;
using PhotoPrefs.Store;
using PhotoPrefs.Suggestions;

namespace PhotoPrefs.Pipeline;

/// <summary>
/// An album's workspace with one call per stage of the pipeline. Each call computes only what the workspace lacks,
/// stores what it makes, and returns it as a record; what it does in between is the stage's own class
/// (<see cref="AlbumImporter"/>, <see cref="FeatureExtraction"/>, <see cref="AlbumClustering"/>, <see cref="StoredModels"/> …),
/// which in turn is built on algorithms that take arrays. Album files are only ever read.
/// </summary>
public sealed partial class Album
{
    private Album(Workspace workspace, IProgress<StageProgress>? progress)
    {
        Workspace = workspace;
        Progress = progress;
    }

    /// <summary>The workspace the stages read and write.</summary>
    public Workspace Workspace { get; }

    /// <summary>Receives the progress of every stage; null for none.</summary>
    public IProgress<StageProgress>? Progress { get; }

    /// <summary>Opens (or creates) the workspace in <paramref name="workspaceFolder"/>.</summary>
    /// <param name="workspaceFolder">The workspace folder.</param>
    /// <param name="create">Create it when missing; when false a missing workspace is an error.</param>
    /// <param name="progress">Receives the progress of every stage; may be null.</param>
    /// <returns>The album.</returns>
    /// <exception cref="PhotoPrefsException">See <see cref="Workspace.Open"/>.</exception>
    public static Album Open(string workspaceFolder, bool create = true, IProgress<StageProgress>? progress = null) =>
        new(Workspace.Open(workspaceFolder, create), progress);

    /// <summary>The album of an open workspace.</summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="progress">Receives the progress of every stage; may be null.</param>
    /// <returns>The album.</returns>
    public static Album Of(Workspace workspace, IProgress<StageProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        return new(workspace, progress);
    }

    /// <summary>Stage 1: imports (or brings up to date) the photos of an album folder; see <see cref="AlbumImporter.Import"/>.</summary>
    /// <param name="albumFolder">The album folder, read only.</param>
    /// <param name="options">Import settings; defaults when null.</param>
    /// <param name="allowWorkspaceInAlbum">Allow the workspace folder to lie inside the album.</param>
    /// <param name="cancellationToken">Stops between photos; what was imported stays.</param>
    /// <returns>What was added, updated, moved, skipped and found missing.</returns>
    /// <exception cref="PhotoPrefsException">The album is missing or a file, or holds the workspace.</exception>
    public ImportSummary Import(string albumFolder, ImportOptions? options = null, bool allowWorkspaceInAlbum = false, CancellationToken cancellationToken = default)
    {
        var album = CheckImportFolders(albumFolder, Workspace.Directory, allowWorkspaceInAlbum);
        var progress = Report<ImportProgress>("import", p => new StageProgress("import", p.Done, p.Total, p.Current));
        return AlbumImporter.Import(album, Workspace, options, progress, cancellationToken);
    }

    /// <summary>
    /// Opens (or creates) the workspace an album is to be imported into, after checking that the album is a folder and
    /// that the workspace does not lie inside it: a refused import leaves no workspace folder behind.
    /// </summary>
    /// <param name="albumFolder">The album folder.</param>
    /// <param name="workspaceFolder">The workspace folder.</param>
    /// <param name="allowWorkspaceInAlbum">Allow the workspace folder to lie inside the album.</param>
    /// <param name="progress">Receives the progress of every stage; may be null.</param>
    /// <returns>The album, ready for <see cref="Import"/>.</returns>
    /// <exception cref="PhotoPrefsException">The album is missing or a file, or would hold the workspace.</exception>
    public static Album OpenForImport(string albumFolder, string workspaceFolder, bool allowWorkspaceInAlbum = false, IProgress<StageProgress>? progress = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workspaceFolder);
        CheckImportFolders(albumFolder, Path.GetFullPath(workspaceFolder), allowWorkspaceInAlbum);
        return Open(workspaceFolder, create: true, progress);
    }

    private static string CheckImportFolders(string albumFolder, string workspaceFolder, bool allowWorkspaceInAlbum)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(albumFolder);
        var album = Path.GetFullPath(albumFolder);
        if (!Directory.Exists(album))
        {
            throw new PhotoPrefsException(File.Exists(album) ? $"album is a file, not a folder: {album}" : $"album folder not found: {album}");
        }

        if (!allowWorkspaceInAlbum && AlbumScanner.IsInside(AlbumScanner.RealPath(workspaceFolder), AlbumScanner.RealPath(album)))
        {
            throw new PhotoPrefsException($"the workspace {workspaceFolder} would lie inside the album; choose another workspace folder, or allow it explicitly (--allow-workspace-in-album)");
        }

        return album;
    }

    /// <summary>A summary of the workspace: photos, skipped files with reasons, labels per user.</summary>
    /// <returns>The summary.</returns>
    public WorkspaceSummary Summary() => WorkspaceSummary.Read(Workspace);

    /// <summary>Stage 2: computes the features every photo lacks, and with <see cref="FeatureOptions.Embeddings"/> its image
    /// embedding and the views training uses.</summary>
    /// <param name="options">Which kinds; defaults when null.</param>
    /// <param name="cancellationToken">Stops between photos; what was computed stays.</param>
    /// <returns>What was computed.</returns>
    /// <exception cref="PhotoPrefsException">An unknown kind, or the embedding model cannot be loaded.</exception>
    public FeatureRun ComputeFeatures(FeatureOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new FeatureOptions();
        var started = DateTime.UtcNow;
        int values = FeatureExtraction.Compute(Workspace, options.Kinds ?? FeatureKinds.All, FeatureProgress("features"), cancellationToken);
        int embedded = 0, views = 0;
        if (options.Embeddings)
        {
            var counts = EmbeddingExtraction.ComputeKinds(Workspace, [EmbeddingExtraction.Plain, EmbeddingViews.Definition], null, FeatureProgress("embeddings and views"), cancellationToken);
            (embedded, views) = (counts[0], counts[1]);
        }

        return new FeatureRun(values, embedded, views, DateTime.UtcNow - started);
    }

    /// <summary>Computes the image embeddings the photos lack (what <see cref="SimilarTo"/> and the duplicates need).</summary>
    /// <param name="cancellationToken">Stops between chunks of photos; what was computed stays.</param>
    /// <returns>Photos embedded now.</returns>
    public int ComputeEmbeddings(CancellationToken cancellationToken = default) =>
        EmbeddingExtraction.Compute(Workspace, null, FeatureProgress("embeddings"), cancellationToken);

    /// <summary>Stage 3: clusters the album, chooses k and stores the photos to label first; see <see cref="AlbumClustering.Run"/>.</summary>
    /// <param name="options">Settings; defaults when null.</param>
    /// <param name="sweep">Receives each k's scores as the sweep goes; may be null.</param>
    /// <returns>The stored clustering.</returns>
    public AlbumClusteringResult Cluster(ClusterOptions? options = null, IProgress<KScore>? sweep = null)
    {
        options ??= new ClusterOptions();
        return AlbumClustering.Run(Workspace, options.Features, options.KMin, options.KMax, options.Budget, options.Seed, sweep, PickFeatures(options));
    }

    /// <summary>The features <see cref="Cluster"/> picks the photos to label on, with <see cref="ClusterOptions.Auto"/> resolved.</summary>
    /// <param name="options">Settings.</param>
    /// <returns>Kinds joined by '+', or null for the chosen clustering's representatives.</returns>
    public string? PickFeatures(ClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.PickFeatures == ClusterOptions.Auto
            ? EmbeddingExtraction.Complete(Workspace) ? AlbumClustering.PickFeatures : null
            : options.PickFeatures;
    }

    /// <summary>The photos the latest clustering picked to label first, in order.</summary>
    /// <returns>Photo ids; empty before <see cref="Cluster"/>.</returns>
    public IReadOnlyList<long> Representatives() => AlbumClustering.LatestRepresentatives(Workspace);

    /// <summary>Stage 4: the photos in the order a user should label them (<see cref="LabelingOrder.Build"/>).</summary>
    /// <param name="user">The profile.</param>
    /// <returns>Every photo once: representatives, then the model's least certain, then the rest.</returns>
    public IReadOnlyList<QueueItem> LabelingQueue(string user) => Labeling.LabelingOrder.Build(Workspace, LabelStore.ValidateUser(user));

    /// <summary>Stage 4: applies labels from a CSV file (<see cref="LabelCsv"/>) to a user's profile, in one transaction.</summary>
    /// <param name="user">The profile.</param>
    /// <param name="csvPath">A <c>file,label</c> CSV.</param>
    /// <param name="representatives">When given, only the first N photos <see cref="Representatives"/> lists are labeled.</param>
    /// <param name="source">Recorded as each label's source.</param>
    /// <returns>What was applied and which files are not in the workspace.</returns>
    /// <exception cref="PhotoPrefsException">A bad file or name, or representatives asked for before any clustering.</exception>
    public LabelImport ImportLabels(string user, string csvPath, int? representatives = null, string source = "csv")
    {
        IReadOnlySet<long>? only = null;
        if (representatives is { } n)
        {
            var reps = Representatives();
            only = reps.Count > 0 ? reps.Take(n).ToHashSet() : throw new PhotoPrefsException("no representatives yet: run 'photoprefs cluster' first");
        }

        return LabelStore.Import(Workspace, user, LabelCsv.Read(csvPath), source, only);
    }

    /// <summary>Writes a user's labels to a CSV file (<see cref="LabelCsv"/>) that <see cref="ImportLabels"/> reads back, sorted by path.</summary>
    /// <param name="user">The profile.</param>
    /// <param name="csvPath">The file, replaced if it exists.</param>
    /// <returns>Labels written.</returns>
    public int ExportLabels(string user, string csvPath)
    {
        var paths = PhotoStore.Paths(Workspace);
        var rows = Labels(user).Where(kv => paths.ContainsKey(kv.Key)).Select(kv => (paths[kv.Key], kv.Value)).OrderBy(r => r.Item1, StringComparer.Ordinal).ToList();
        LabelCsv.Write(csvPath, rows);
        return rows.Count;
    }

    /// <summary>
    /// Makes a user's labels those of <paramref name="rows"/> on the photos <paramref name="only"/>, and removes the user's
    /// labels elsewhere (as a simulated user labeling exactly those photos would leave them); every change is recorded.
    /// </summary>
    /// <param name="user">The profile.</param>
    /// <param name="rows">Paths and true labels, for example from <see cref="LabelCsv.Read(string)"/>.</param>
    /// <param name="only">The photos to label.</param>
    /// <param name="source">Recorded as each change's source.</param>
    /// <returns>What was applied.</returns>
    public LabelImport ReplaceLabels(string user, IEnumerable<(string File, PhotoLabel Label)> rows, IReadOnlySet<long> only, string source)
    {
        ArgumentNullException.ThrowIfNull(only);
        foreach (var id in Labels(user).Keys.Where(id => !only.Contains(id)).ToList())
        {
            LabelStore.Set(Workspace, user, id, null, source);
        }

        return LabelStore.Import(Workspace, user, rows, source, only);
    }

    /// <summary>The album-relative path ('/' separated) of every imported photo, by id.</summary>
    /// <returns>Path by photo id.</returns>
    public IReadOnlyDictionary<long, string> Paths() => PhotoStore.Paths(Workspace);

    /// <summary>A user's labels.</summary>
    /// <param name="user">The profile.</param>
    /// <returns>Label by photo id.</returns>
    public IReadOnlyDictionary<long, PhotoLabel> Labels(string user) => LabelStore.Get(Workspace, user);

    /// <summary>
    /// Stage 5: trains a user's FixMatch models on their labels and every other photo and stores them with their mean
    /// p(delete) per photo, and the labels' cross-fitted p(delete) (<see cref="TrainOptions.Folds"/>, progress as the
    /// stage "cross-fit"); see <see cref="StoredModels.TrainAndStore(Workspace, string, int, int, FixMatchOptions?, IProgress{TrainingRecord}?, IProgress{ValueTuple{int, int}}?, CancellationToken)"/>.
    /// The embeddings and views it needs are computed first.
    /// </summary>
    /// <param name="user">The profile.</param>
    /// <param name="options">Settings; defaults when null.</param>
    /// <param name="steps">Receives every training step; may be null.</param>
    /// <param name="cancellationToken">Stops between steps; checkpoints let the next run continue.</param>
    /// <returns>The stored model.</returns>
    /// <exception cref="PhotoPrefsException">No labels, only one class, or fewer than one member.</exception>
    public StoredModel Train(string user, TrainOptions? options = null, IProgress<TrainingRecord>? steps = null, CancellationToken cancellationToken = default)
    {
        options ??= new TrainOptions();
        if (options.Members < 1)
        {
            throw new PhotoPrefsException($"members must be at least 1, not {options.Members}");
        }

        if (options.Folds < 0)
        {
            throw new PhotoPrefsException($"folds must be 0 or more, not {options.Folds}");
        }

        var fixMatch = options.FixMatch ?? AlbumTraining.Defaults;
        AlbumLoader.EnsureInputs(Workspace, fixMatch.Input, StoredModels.Pool(Workspace, LabelStore.ValidateUser(user)), FeatureProgress("embeddings and their views"), cancellationToken);
        int total = options.Members * fixMatch.Steps;
        var report = new Inline<TrainingRecord>(r =>
        {
            steps?.Report(r);
            Progress?.Report(new StageProgress("train", (r.Member * fixMatch.Steps) + r.Step, total,
                $"model {r.Member + 1}/{options.Members}  Lx {r.LabeledLoss:F3}  Lu {r.UnlabeledLoss:F3}  mask {r.MaskRate:P0}"));
        });
        int folds = Math.Min(options.Folds, Labels(user).Count);
        var crossFit = Report<(int Done, int Total)>("cross-fit", p => new StageProgress("cross-fit", p.Done, p.Total, $"{p.Done} of {p.Total} models on part of the labels"));
        return StoredModels.TrainAndStore(Workspace, user, options.Members, folds >= 2 ? folds : 0, fixMatch, report, crossFit, cancellationToken);
    }

    /// <summary>A user's latest model, with its p(delete) per photo.</summary>
    /// <param name="user">The profile.</param>
    /// <returns>The model, or null before <see cref="Train"/>.</returns>
    public StoredModel? Model(string user) => StoredModels.Latest(Workspace, LabelStore.ValidateUser(user));

    /// <summary>
    /// Stage 7 with the person in the loop: a review of the user's current suggestions, highest p(delete) first, whose
    /// answers become labels and retrain the model in the background (<see cref="ReviewSession"/>). Without a model one is
    /// trained first when the labels hold both classes.
    /// </summary>
    /// <param name="user">The profile.</param>
    /// <param name="options">Settings; defaults when null.</param>
    /// <param name="cancellationToken">Stops the first training.</param>
    /// <returns>The session; dispose it to stop a running retrain.</returns>
    /// <exception cref="PhotoPrefsException">An invalid user or setting, or no model and too few labels to train one.</exception>
    public ReviewSession Review(string user, ReviewOptions? options = null, CancellationToken cancellationToken = default) =>
        ReviewSession.Start(this, user, options, cancellationToken);

    /// <summary>Stage 6 on one album: the user's latest model against true labels, on the photos the user did not label.</summary>
    /// <param name="user">The profile.</param>
    /// <param name="truthCsv">Every photo's true label (<see cref="LabelCsv"/>).</param>
    /// <returns>The true labels and p(delete) of each photo that has both and no label of the user.</returns>
    /// <exception cref="PhotoPrefsException">No model for the user, or a bad labels file.</exception>
    public HeldOut Evaluate(string user, string truthCsv)
    {
        var model = Model(user) ?? throw new PhotoPrefsException($"no model for user '{user}': train one first");
        var labeled = Labels(user);
        var ids = PhotoStore.IdsByPath(Workspace);
        var held = LabelCsv.Read(truthCsv).Where(t => ids.TryGetValue(t.File, out var id) && !labeled.ContainsKey(id) && model.PDelete.ContainsKey(id)).ToList();
        return new HeldOut([.. held.Select(t => ids[t.File])], [.. held.Select(t => t.Label == PhotoLabel.Delete)], [.. held.Select(t => model.PDelete[ids[t.File]])]);
    }

    /// <summary>Stage 7: the photos a user's latest model would delete, ranked, each with the signals behind it.</summary>
    /// <param name="user">The profile.</param>
    /// <param name="threshold">Lowest p(delete) listed.</param>
    /// <returns>The suggestions, highest p(delete) first.</returns>
    /// <exception cref="PhotoPrefsException">No model for the user.</exception>
    public IReadOnlyList<Suggestion> Suggest(string user, double threshold = 0.5) => DeletionSuggestions.For(Workspace, user, threshold);

    /// <summary>Stage 7: the photos a user's latest model would delete, cut where <paramref name="options"/> say (a threshold,
    /// a target precision, or the model's default operating point: <see cref="DeletionSuggestions.Cut"/>), ranked, each with
    /// its confidence (p(delete), calibrated when asked for) and the signals behind it.</summary>
    /// <param name="user">The profile.</param>
    /// <param name="options">Where to cut.</param>
    /// <returns>The suggestions, highest p(delete) first.</returns>
    /// <exception cref="PhotoPrefsException">No model for the user, a value out of range, or a target precision for a model without cross-fitted predictions.</exception>
    public IReadOnlyList<Suggestion> Suggest(string user, SuggestOptions options) => DeletionSuggestions.For(Workspace, user, options);

    /// <summary>Where a user's suggestions are cut and how their p(delete) is calibrated (<see cref="DeletionSuggestions.Cut"/>).</summary>
    /// <param name="user">The profile.</param>
    /// <param name="options">Where to cut; the model's default operating point when null.</param>
    /// <returns>The cut, the calibration and the operating point.</returns>
    /// <exception cref="PhotoPrefsException">No model for the user, a value out of range, or a target precision for a model without cross-fitted predictions.</exception>
    public SuggestionCut SuggestionCut(string user, SuggestOptions? options = null)
    {
        var model = Model(user) ?? throw new PhotoPrefsException($"no model for user '{user}': train one first");
        return DeletionSuggestions.Cut(model, options ?? new SuggestOptions());
    }

    /// <summary>Writes suggestions to a file: <c>.csv</c>, <c>.json</c> or <c>.html</c> (with the pictures).</summary>
    /// <param name="user">The profile they are for.</param>
    /// <param name="suggestions">From <see cref="Suggest(string, SuggestOptions)"/>.</param>
    /// <param name="path">The file, replaced if it exists; its extension picks the format.</param>
    /// <exception cref="PhotoPrefsException">An unknown extension.</exception>
    public void ExportSuggestions(string user, IReadOnlyList<Suggestion> suggestions, string path) => SuggestionExport.Export(Workspace, user, suggestions, path);

    /// <summary>Stage 7: copies, bursts and similar shots, each with the photo to keep; the features and embeddings they
    /// need are computed first.</summary>
    /// <param name="options">Thresholds; defaults when null.</param>
    /// <param name="cancellationToken">Stops between photos while features are computed.</param>
    /// <returns>The groups.</returns>
    public IReadOnlyList<DuplicateGroup> Duplicates(DuplicateOptions? options = null, CancellationToken cancellationToken = default)
    {
        FeatureExtraction.Compute(Workspace, [FeatureKinds.Quality, FeatureKinds.Color, FeatureKinds.Hash], FeatureProgress("features"), cancellationToken);
        ComputeEmbeddings(cancellationToken);
        return AlbumDuplicates.Stored(Workspace, options);
    }

    /// <summary>The album's photos most like one of its photos, by cosine similarity of their embeddings.</summary>
    /// <param name="photoPath">The photo's path in the album, as <see cref="Summary"/> lists it.</param>
    /// <param name="top">How many.</param>
    /// <param name="cancellationToken">Stops while missing embeddings are computed.</param>
    /// <returns>The nearest photos, most similar first, the photo itself left out.</returns>
    /// <exception cref="PhotoPrefsException">No such photo, or fewer than one asked for.</exception>
    public IReadOnlyList<SimilarPhoto> SimilarTo(string photoPath, int top = 10, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(photoPath);
        CheckTop(top);
        ComputeEmbeddings(cancellationToken);
        if (!PhotoStore.IdsByPath(Workspace).TryGetValue(photoPath.Replace('\\', '/'), out var id))
        {
            throw new PhotoPrefsException($"no photo '{photoPath}' in the workspace (give its path in the album, as 'photoprefs info' lists it; --image takes any file)");
        }

        var query = FeatureStore.GetEmbedding(Workspace, id) ?? throw new PhotoPrefsException($"'{photoPath}' has no embedding: run 'photoprefs features'");
        return SimilarPhotos.Find(Workspace, query, top, id);
    }

    /// <summary>The album's photos most like any image file, by cosine similarity of their embeddings.</summary>
    /// <param name="imageFile">The image, read only.</param>
    /// <param name="top">How many.</param>
    /// <param name="cancellationToken">Stops while missing embeddings are computed.</param>
    /// <returns>The nearest photos, most similar first.</returns>
    /// <exception cref="PhotoPrefsException">The image cannot be read, or fewer than one asked for.</exception>
    public IReadOnlyList<SimilarPhoto> SimilarToImage(string imageFile, int top = 10, CancellationToken cancellationToken = default)
    {
        CheckTop(top);
        using var embedder = new ImageEmbedder();
        EmbeddingExtraction.Compute(Workspace, embedder, FeatureProgress("embeddings"), cancellationToken);
        return SimilarPhotos.Find(Workspace, EmbeddingExtraction.EmbedFile(embedder, imageFile), top);
    }

    private static void CheckTop(int top)
    {
        if (top < 1)
        {
            throw new PhotoPrefsException($"--top must be at least 1, got {top}");
        }
    }

    private Inline<FeatureProgress>? FeatureProgress(string stage) => Report<FeatureProgress>(stage, p => new StageProgress(stage, p.Done, p.Total));

    private Inline<T>? Report<T>(string stage, Func<T, StageProgress> map) => Progress is { } sink ? new Inline<T>(v => sink.Report(map(v))) : null;

    /// <summary>Reports on the calling thread, in order (<see cref="Progress{T}"/> posts to the thread pool).</summary>
    private sealed class Inline<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
