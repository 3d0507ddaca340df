using PhotoPrefs.Clustering;
using PhotoPrefs.SemiSupervised;
using PhotoPrefs.Store;

namespace PhotoPrefs.Pipeline;

/// <summary>The three-user study, as one stage of the album (see <see cref="Study"/>).</summary>
public sealed partial class Album
{
    /// <summary>
    /// Stage 6: the study. Brings the album in <see cref="StudySetup.AlbumFolder"/> up to date in this workspace (import,
    /// features, the embeddings and views training needs, a clustering when there is none), reads each user's true
    /// labels, and runs <see cref="Evaluation.Study.Run"/>: per user and seed, labeled, unlabeled and test photos drawn
    /// afresh, FixMatch and its ablations.
    /// </summary>
    /// <param name="setup">The album, the labels, the users and the protocol.</param>
    /// <param name="log">Receives a line per user and seed; may be null.</param>
    /// <param name="cancellationToken">Stops between trainings.</param>
    /// <returns>The study with what identifies its album.</returns>
    /// <exception cref="PhotoPrefsException">A missing album or labels file, or features that disagree with the photos.</exception>
    public StudyRun Study(StudySetup setup, IProgress<string>? log = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(setup);
        var users = setup.Users.Select(LabelStore.ValidateUser).ToList();
        var imported = Import(setup.AlbumFolder, cancellationToken: cancellationToken);
        ComputeFeatures(new FeatureOptions(Embeddings: false), cancellationToken);
        var input = (setup.Options.Training ?? AlbumTraining.Defaults).Input;
        if (input == FixMatchInput.Views)
        {
            AlbumLoader.EnsureInputs(Workspace, input, null, FeatureProgress("embeddings and their views"), cancellationToken);
        }
        else if (setup.Options.LabelFeatures.Contains(AlbumClustering.EmbeddingKind, StringComparison.Ordinal))
        {
            ComputeEmbeddings(cancellationToken);
        }

        int k = setup.Clusters > 0 ? setup.Clusters : ClusteringStore.Latest(Workspace, AlbumClustering.DefaultFeatures)?.K ?? Cluster().ChosenK;
        var data = AlbumLoader.Load(Workspace, input);
        var (ids, features, d) = AlbumClustering.Combine(Workspace, setup.Options.LabelFeatures);
        if (!ids.SequenceEqual(data.PhotoIds))
        {
            throw new PhotoPrefsException("features and photos disagree: run 'photoprefs features' again");
        }

        var byPath = PhotoStore.IdsByPath(Workspace);
        var truth = new Dictionary<string, IReadOnlyDictionary<long, bool>>();
        foreach (var user in users)
        {
            var rows = LabelCsv.Read(Path.Combine(setup.LabelsFolder, user + ".csv"));
            truth[user] = rows.Where(r => byPath.ContainsKey(r.File)).ToDictionary(r => byPath[r.File], r => r.Label == PhotoLabel.Delete);
        }

        var result = Evaluation.Study.Run(data, features, d, k, truth, setup.Options, log, cancellationToken);
        return new StudyRun(result, imported, k, data.PhotoIds.Length, WorkspaceSummary.AlbumFingerprint(Workspace),
            byPath.ToDictionary(kv => kv.Value, kv => kv.Key), truth.ToDictionary(kv => kv.Key, kv => (kv.Value.Count, kv.Value.Values.Count(v => v))));
    }
}
