using PhotoPrefs.Clustering;
using PhotoPrefs.SemiSupervised;
using PhotoPrefs.Store;

namespace PhotoPrefs.Labeling;

/// <summary>The order in which the labeling page shows a user the photos.</summary>
public static class LabelingOrder
{
    /// <summary>
    /// The photos in labeling order: the latest clustering's representatives first, then, when the user has a
    /// model, the unlabeled photos it is least sure about (p(delete) nearest 0.5), then the rest of the album.
    /// </summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="user">The user.</param>
    /// <returns>The queue.</returns>
    public static IReadOnlyList<QueueItem> Build(Workspace workspace, string user)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var labels = LabelStore.Get(workspace, user);
        var paths = PhotoStore.Paths(workspace);
        var items = new List<QueueItem>();
        var seen = new HashSet<long>();
        void Add(long id, string why)
        {
            if (paths.TryGetValue(id, out var file) && seen.Add(id))
            {
                items.Add(new QueueItem(id, file, labels.TryGetValue(id, out var l) ? LabelStore.ToText(l) : null, why));
            }
        }

        foreach (var id in AlbumClustering.LatestRepresentatives(workspace))
        {
            Add(id, "representative");
        }

        if (StoredModels.Latest(workspace, user) is { } model)
        {
            foreach (var (id, _) in model.PDelete.Where(kv => !labels.ContainsKey(kv.Key)).OrderBy(kv => Math.Abs(kv.Value - 0.5)).ThenBy(kv => kv.Key))
            {
                Add(id, "uncertain");
            }
        }

        foreach (var id in paths.Keys.Order())
        {
            Add(id, "album");
        }

        return items;
    }
}
