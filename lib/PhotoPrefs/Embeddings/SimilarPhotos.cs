using System.Numerics.Tensors;
using PhotoPrefs.Store;

namespace PhotoPrefs.Embeddings;

/// <summary>A photo found like a query, with its cosine similarity (1 = the same direction, 0 = unrelated).</summary>
/// <param name="PhotoId">The photo.</param>
/// <param name="Path">Its path in the album.</param>
/// <param name="Similarity">Cosine similarity of the two embeddings.</param>
public sealed record SimilarPhoto(long PhotoId, string Path, double Similarity);

/// <summary>Finds the album's photos most like a query, by cosine similarity of their embeddings.</summary>
public static class SimilarPhotos
{
    /// <summary>Ranks the album's photos by cosine similarity to <paramref name="query"/>.</summary>
    /// <param name="workspace">The workspace (embeddings computed with <see cref="EmbeddingExtraction.Compute"/>).</param>
    /// <param name="query">A unit-norm embedding (<see cref="ImageEmbedder.Dimensions"/> values).</param>
    /// <param name="top">How many to return.</param>
    /// <param name="exclude">A photo to leave out (the query itself), or null.</param>
    /// <returns>At most <paramref name="top"/> photos, most similar first; ties by photo id.</returns>
    /// <exception cref="PhotoPrefsException">No embeddings in the workspace.</exception>
    public static IReadOnlyList<SimilarPhoto> Find(Workspace workspace, ReadOnlySpan<float> query, int top = 10, long? exclude = null)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        if (query.Length != ImageEmbedder.Dimensions)
        {
            throw new ArgumentException($"expected {ImageEmbedder.Dimensions} values", nameof(query));
        }

        var (ids, vectors) = FeatureStore.LoadEmbeddings(workspace);
        if (ids.Length == 0)
        {
            throw new PhotoPrefsException("no embeddings in the workspace: run 'photoprefs features' first");
        }

        var scores = new float[ids.Length];
        for (int i = 0; i < ids.Length; i++)
        {
            scores[i] = TensorPrimitives.Dot(query, vectors.AsSpan(i * ImageEmbedder.Dimensions, ImageEmbedder.Dimensions));
        }

        var paths = LabelStore.PhotoIdsByPath(workspace).ToDictionary(kv => kv.Value, kv => kv.Key);
        return Enumerable.Range(0, ids.Length)
            .Where(i => ids[i] != exclude && paths.ContainsKey(ids[i]))
            .OrderByDescending(i => scores[i]).ThenBy(i => ids[i])
            .Take(top)
            .Select(i => new SimilarPhoto(ids[i], paths[ids[i]], Math.Round(scores[i], 6)))
            .ToList();
    }
}
