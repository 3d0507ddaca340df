using PhotoPrefs.Clustering;
using PhotoPrefs.Duplicates;
using PhotoPrefs.Embeddings;
using PhotoPrefs.Features;
using PhotoPrefs.SemiSupervised;
using PhotoPrefs.Store;

namespace PhotoPrefs.Suggestions;

/// <summary>
/// The suggestion stage on a workspace: ranks the photos by a user's latest model and gives each its reasons
/// (<see cref="SuggestionReasons"/>). PhotoPrefs itself never deletes, moves or modifies an album file.
/// </summary>
public static class DeletionSuggestions
{
    /// <summary>Builds the ranked list: photos with p(delete) at or above the threshold, highest first.</summary>
    /// <param name="workspace">The workspace (features computed, a model trained).</param>
    /// <param name="user">The user.</param>
    /// <param name="threshold">Decision threshold (0.5 by default).</param>
    /// <param name="duplicates">
    /// The album's near-duplicate groups when the caller has them (<see cref="AlbumDuplicates.Find"/>); null for the
    /// workspace's stored groups (<see cref="AlbumDuplicates.Stored"/>, searched for when out of date) when every photo has its embedding.
    /// </param>
    /// <returns>The suggestions.</returns>
    /// <exception cref="PhotoPrefsException">No model for the user.</exception>
    public static IReadOnlyList<Suggestion> For(Workspace workspace, string user, double threshold = 0.5, IReadOnlyList<DuplicateGroup>? duplicates = null)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var model = StoredModels.Latest(workspace, user)
            ?? throw new PhotoPrefsException($"no model for user '{user}': run 'photoprefs train --workspace {workspace.Directory} --user {user}' first");
        var signals = FeatureExtraction.Signals(workspace);
        var paths = PhotoStore.Paths(workspace);
        var clusters = AlbumClustering.LatestClusters(workspace);
        var reasons = SuggestionReasons.Reasons(signals, paths);
        var copies = duplicates is not null ? SuggestionReasons.CopyReasons(duplicates)
            : HasEmbeddings(workspace, signals.PhotoIds.Count) ? SuggestionReasons.CopyReasons(AlbumDuplicates.Stored(workspace)) : new Dictionary<long, string>();
        var rows = signals.PhotoIds.Select((id, i) => (Id: id, Row: i)).Where(t => model.PDelete.TryGetValue(t.Id, out var p) && p >= threshold)
            .OrderByDescending(t => model.PDelete[t.Id]).ThenBy(t => t.Id).ToList();
        var result = new List<Suggestion>();
        foreach (var (id, row) in rows)
        {
            var why = reasons[row].ToList();
            if (copies.TryGetValue(id, out var copy))
            {
                why.Add(copy);
            }

            int? cluster = clusters.TryGetValue(id, out var c) ? c : null;
            if (cluster is { } cl)
            {
                why.Add($"cluster {cl}");
            }

            result.Add(new Suggestion(result.Count + 1, id, paths.GetValueOrDefault(id, "?"), model.PDelete[id], why, cluster));
        }

        return result;
    }

    // Copies are named only where every photo has its embedding and hash ('photoprefs features' computes both).
    private static bool HasEmbeddings(Workspace workspace, int photos)
    {
        long Count(string kind, int version) => FeatureStore.Count(workspace, kind, version);
        return Count(EmbeddingExtraction.Kind, ImageEmbedder.Version) >= photos && Count(FeatureKinds.Hash, FeatureKinds.Version) >= photos;
    }
}
