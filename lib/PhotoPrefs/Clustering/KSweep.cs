namespace PhotoPrefs.Clustering;

/// <summary>Scores of one k in a sweep.</summary>
/// <param name="K">Number of clusters.</param>
/// <param name="Inertia">K-means inertia.</param>
/// <param name="Silhouette">Mean silhouette (higher is better).</param>
/// <param name="DaviesBouldin">Davies-Bouldin index (lower is better).</param>
/// <param name="CalinskiHarabasz">Calinski-Harabasz index (higher is better).</param>
/// <param name="SilhouetteExact">False when the silhouette was computed on a sample.</param>
public sealed record KScore(int K, double Inertia, double Silhouette, double DaviesBouldin, double CalinskiHarabasz, bool SilhouetteExact);

/// <summary>The outcome of a sweep over k.</summary>
/// <param name="Scores">One row per k, in increasing k.</param>
/// <param name="ChosenK">The k chosen by <see cref="KSweep.Choose"/>.</param>
/// <param name="Results">The K-means result of each k, in the same order as <paramref name="Scores"/>.</param>
public sealed record KSweepResult(IReadOnlyList<KScore> Scores, int ChosenK, IReadOnlyList<KMeansResult> Results)
{
    /// <summary>The clustering of the chosen k.</summary>
    public KMeansResult Chosen => Results[Scores.ToList().FindIndex(s => s.K == ChosenK)];
}

/// <summary>
/// Runs K-means for every k in a range and chooses one. The rule, using the silhouette and the
/// Davies-Bouldin index together: rank the k's by silhouette (highest first) and by Davies-Bouldin
/// (lowest first); choose the k with the smallest sum of the two ranks. When they disagree, this is
/// the compromise that is good on both; a tie on the rank sum goes to the higher silhouette, and a
/// remaining tie to the smaller k (fewer clusters to label).
/// </summary>
public static class KSweep
{
    /// <summary>Sweeps k from <paramref name="kMin"/> to <paramref name="kMax"/> (capped at n - 1).</summary>
    /// <param name="x">Row-major data.</param>
    /// <param name="n">Rows.</param>
    /// <param name="d">Columns.</param>
    /// <param name="kMin">Smallest k, at least 2.</param>
    /// <param name="kMax">Largest k.</param>
    /// <param name="restarts">K-means restarts per k.</param>
    /// <param name="seed">Seed of every K-means run and silhouette sample.</param>
    /// <param name="progress">Receives each k's scores as it is done; may be null.</param>
    /// <returns>The table, the chosen k and every clustering.</returns>
    /// <exception cref="ArgumentException">Fewer than 3 rows, or an empty range.</exception>
    public static KSweepResult Run(ReadOnlySpan<float> x, int n, int d, int kMin = 2, int kMax = 25, int restarts = 3, int seed = 0, IProgress<KScore>? progress = null)
    {
        kMax = Math.Min(kMax, n - 1);
        if (kMin < 2 || kMax < kMin)
        {
            throw new ArgumentException($"k range {kMin}..{kMax} is empty for {n} rows (k must be 2..n-1)");
        }

        var scores = new List<KScore>();
        var results = new List<KMeansResult>();
        for (int k = kMin; k <= kMax; k++)
        {
            var km = KMeans.Fit(x, n, d, new KMeansOptions(k, restarts, Seed: seed + k));
            // K-means can leave fewer distinct clusters than k on degenerate data: score what is there.
            int distinct = km.Labels.Distinct().Count();
            var sil = distinct >= 2 && distinct <= n - 1 ? ClusterScores.SilhouetteScore(x, n, d, Compact(km.Labels), seed) : new Silhouette(-1, null, n, true);
            var score = new KScore(k, km.Inertia, sil.Mean, ClusterScores.DaviesBouldin(x, n, d, Compact(km.Labels)), distinct >= 2 ? ClusterScores.CalinskiHarabasz(x, n, d, Compact(km.Labels)) : 0, sil.Exact);
            scores.Add(score);
            results.Add(km);
            progress?.Report(score);
        }

        return new KSweepResult(scores, Choose(scores), results);
    }

    /// <summary>Applies the choice rule described on <see cref="KSweep"/> to a score table.</summary>
    /// <param name="scores">One row per k.</param>
    /// <returns>The chosen k.</returns>
    public static int Choose(IReadOnlyList<KScore> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        if (scores.Count == 0)
        {
            throw new ArgumentException("no scores to choose from", nameof(scores));
        }

        var bySil = scores.OrderByDescending(s => s.Silhouette).ThenBy(s => s.K).Select(s => s.K).ToList();
        var byDb = scores.OrderBy(s => s.DaviesBouldin).ThenBy(s => s.K).Select(s => s.K).ToList();
        return scores
            .OrderBy(s => bySil.IndexOf(s.K) + byDb.IndexOf(s.K))
            .ThenByDescending(s => s.Silhouette)
            .ThenBy(s => s.K)
            .First().K;
    }

    private static int[] Compact(int[] labels)
    {
        var map = new Dictionary<int, int>();
        var result = new int[labels.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            if (!map.TryGetValue(labels[i], out var c))
            {
                c = map.Count;
                map[labels[i]] = c;
            }

            result[i] = c;
        }

        return result;
    }
}
