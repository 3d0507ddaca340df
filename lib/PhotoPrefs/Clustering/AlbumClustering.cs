using System.Text.Json;
using PhotoPrefs.Embeddings;
using PhotoPrefs.Features;
using PhotoPrefs.Store;

namespace PhotoPrefs.Clustering;

/// <summary>
/// Clusters the album on a combination of cached features and stores the result. Each feature kind is
/// standardised (zero mean, unit variance per column) and weighted by <c>1 / sqrt(its width)</c>, so every
/// kind weighs the same whatever its length; the concatenation is reduced by PCA to 95% of its variance
/// (at most 64 dimensions), and K-means, the scores and the representatives all work in that space.
/// </summary>
public static class AlbumClustering
{
    /// <summary>The feature combination used when none is given.</summary>
    public const string DefaultFeatures = "hog+pca+color+quality+time";

    /// <summary>
    /// The features the photos to label are picked on when every photo has its embedding: what it shows, its quality
    /// and its time. How it was chosen: notebooks/results/README.md#clustering-features.
    /// </summary>
    public const string PickFeatures = "embedding+quality+time";

    /// <summary>
    /// How many clusters a budget of photos to label is spread over when they are picked on <see cref="PickFeatures"/>:
    /// two thirds of the budget, rounded half away from zero (30 for 45), so that each cluster's medoid is labeled and
    /// the larger clusters also get their most unusual member (farthest-first, <see cref="Representatives.Choose"/>).
    /// How it was chosen: notebooks/results/README.md#clustering-picks.
    /// </summary>
    /// <param name="budget">Photos to label.</param>
    /// <returns>Clusters, at least 1 and at most <paramref name="budget"/>.</returns>
    public static int PickClusters(int budget) => Math.Max(1, (int)Math.Round(budget * 2 / 3.0, MidpointRounding.AwayFromZero));

    /// <summary>Builds the combined matrix for a spec such as <c>hog+pca+color</c>.</summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="spec">Kinds joined by '+'.</param>
    /// <returns>Photo ids, matrix and width.</returns>
    /// <exception cref="PhotoPrefsException">Unknown or missing features.</exception>
    public static (long[] Ids, float[] Matrix, int Dimension) Combine(Workspace workspace, string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var kinds = spec.Split('+', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (kinds.Length == 0)
        {
            throw new PhotoPrefsException("no feature kinds given (for example --features hog+pca+color)");
        }

        long[]? ids = null;
        var blocks = new List<(float[] M, int D)>();
        foreach (var kind in kinds)
        {
            if ((!FeatureKinds.All.Contains(kind) && kind != TimeKind && kind != EmbeddingKind) || kind == FeatureKinds.Hash)
            {
                throw new PhotoPrefsException($"cannot cluster on '{kind}' (use any of hog, pca, pixels, color, quality, time, embedding)");
            }

            var (kindIds, m, d) = kind switch
            {
                TimeKind => TimeColumn(workspace),
                EmbeddingKind => EmbeddingColumns(workspace),
                _ => FeatureStore.Load(workspace, kind),
            };
            if (ids is not null && !ids.AsSpan().SequenceEqual(kindIds))
            {
                throw new PhotoPrefsException($"'{kind}' is missing for some photos: run 'photoprefs features' again");
            }

            ids ??= kindIds;
            blocks.Add((Standardize(m, kindIds.Length, d), d));
        }

        int n = ids!.Length, total = blocks.Sum(b => b.D);
        var x = new float[n * total];
        int offset = 0;
        foreach (var (m, d) in blocks)
        {
            for (int i = 0; i < n; i++)
            {
                m.AsSpan(i * d, d).CopyTo(x.AsSpan((i * total) + offset, d));
            }

            offset += d;
        }

        var pca = PcaModel.Fit(x, n, total, new PcaOptions(VarianceFraction: 0.95, MaxComponents: 64));
        var y = new float[n * pca.Count];
        pca.Transform(x, n, y);
        return (ids, y, pca.Count);
    }

    /// <summary>The pseudo-kind for a photo's place on the album's timeline (capture time), one column.</summary>
    public const string TimeKind = "time";

    /// <summary>The pseudo-kind for a photo's pretrained embedding (what it shows), <see cref="ImageEmbedder.Dimensions"/> columns.</summary>
    public const string EmbeddingKind = "embedding";

    private static (long[] Ids, float[] Matrix, int Dimension) EmbeddingColumns(Workspace workspace)
    {
        var (ids, vectors) = FeatureStore.LoadEmbeddings(workspace);
        return (ids, vectors, ImageEmbedder.Dimensions);
    }

    private static (long[] Ids, float[] Matrix, int Dimension) TimeColumn(Workspace workspace)
    {
        var signals = FeatureExtraction.Signals(workspace);
        var ids = signals.PhotoIds.ToArray();
        return (ids, Enumerable.Range(0, ids.Length).Select(i => signals.Get(i, "time")).ToArray(), 1);
    }

    /// <summary>Sweeps k, chooses one, picks representatives and stores it all in the workspace.</summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="features">Feature spec.</param>
    /// <param name="kMin">Smallest k.</param>
    /// <param name="kMax">Largest k.</param>
    /// <param name="budget">Representatives to pick.</param>
    /// <param name="seed">Seed.</param>
    /// <param name="progress">Receives each k's scores; may be null.</param>
    /// <param name="pickFeatures">
    /// When given, the representatives are picked on these features instead: K-means with <see cref="PickClusters"/>
    /// clusters, each cluster's medoid and the rest of the budget spread over the clusters by size (the way
    /// <see cref="PickFeatures"/> is used). Null: the representatives come from the chosen clustering,
    /// spread over its clusters.
    /// </param>
    /// <returns>The stored clustering.</returns>
    public static AlbumClusteringResult Run(Workspace workspace, string features = DefaultFeatures, int kMin = 2, int kMax = 25, int budget = 45, int seed = 0, IProgress<KScore>? progress = null, string? pickFeatures = null)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var (ids, x, d) = Combine(workspace, features);
        int n = ids.Length;
        if (n < 3)
        {
            throw new PhotoPrefsException($"clustering needs at least 3 photos; the workspace has {n}");
        }

        var sweep = KSweep.Run(x, n, d, kMin, kMax, restarts: 3, seed, progress);
        var labels = sweep.Chosen.Labels;
        IReadOnlyList<Representative> reps;
        if (pickFeatures is null)
        {
            reps = Representatives.Choose(x, n, d, labels, Math.Max(budget, labels.Distinct().Count()));
        }
        else
        {
            var (pickIds, px, pd) = Combine(workspace, pickFeatures);
            if (!pickIds.AsSpan().SequenceEqual(ids))
            {
                throw new PhotoPrefsException($"'{pickFeatures}' is missing for some photos: run 'photoprefs features' again");
            }

            int picks = Math.Min(budget, n);
            var fit = KMeans.Fit(px, n, pd, new KMeansOptions(PickClusters(picks), Seed: seed));
            reps = Representatives.Choose(px, n, pd, fit.Labels, picks);
        }

        var rank = reps.Select((r, i) => (r.Row, i)).ToDictionary(t => t.Row, t => t.i);
        var members = Enumerable.Range(0, n).Select(i => new ClusterMember(ids[i], labels[i], rank.TryGetValue(i, out var r) ? r : null));
        var id = ClusteringStore.Save(workspace, features, sweep.ChosenK, seed, JsonSerializer.Serialize(sweep.Scores), members);
        return new AlbumClusteringResult(id, features, sweep.Scores, sweep.ChosenK, ids, labels, reps, x, d);
    }

    /// <summary>Every photo's cluster in the latest clustering of any features (empty when none): <see cref="ClusteringStore.Latest"/>.</summary>
    /// <param name="workspace">The workspace.</param>
    /// <returns>Cluster by photo id.</returns>
    public static IReadOnlyDictionary<long, int> LatestClusters(Workspace workspace) =>
        ClusteringStore.Latest(workspace)?.Members.ToDictionary(m => m.PhotoId, m => m.Cluster) ?? [];

    /// <summary>The photo ids of the latest clustering's representatives (of any features), in labeling order (empty when none).</summary>
    /// <param name="workspace">The workspace.</param>
    /// <returns>Photo ids.</returns>
    public static IReadOnlyList<long> LatestRepresentatives(Workspace workspace) =>
        ClusteringStore.Latest(workspace)?.RepresentativePhotoIds ?? [];

    private static float[] Standardize(float[] m, int n, int d)
    {
        var result = new float[m.Length];
        float weight = 1f / MathF.Sqrt(d);
        for (int j = 0; j < d; j++)
        {
            double s = 0, s2 = 0;
            for (int i = 0; i < n; i++)
            {
                double v = m[(i * d) + j];
                s += v;
                s2 += v * v;
            }

            double mean = s / n, sd = Math.Sqrt(Math.Max(0, (s2 / n) - (mean * mean)));
            for (int i = 0; i < n; i++)
            {
                result[(i * d) + j] = sd > 1e-12 ? (float)((m[(i * d) + j] - mean) / sd) * weight : 0;
            }
        }

        return result;
    }
}
