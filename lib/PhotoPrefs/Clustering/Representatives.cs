using System.Numerics.Tensors;

namespace PhotoPrefs.Clustering;

/// <summary>One photo picked for labeling.</summary>
/// <param name="Row">Its row in the feature matrix.</param>
/// <param name="Cluster">Its cluster.</param>
/// <param name="RankInCluster">0 for the cluster's medoid, 1.. for the later farthest-first picks.</param>
/// <param name="DistanceToMedoid">Euclidean distance to the medoid in feature space (for a coverage pick: the distance in condition space to the nearest earlier pick, how far it extends the coverage).</param>
/// <param name="Coverage">Picked to cover the condition space (sharpness, exposure, time...) rather than as a content cluster's medoid or spread: see <see cref="Representatives.ChooseWithCoverage"/>. Its <paramref name="RankInCluster"/> is then its rank among the coverage picks.</param>
public sealed record Representative(int Row, int Cluster, int RankInCluster, double DistanceToMedoid, bool Coverage = false);

/// <summary>
/// Picks the photos to label first: a budget of N spread over the clusters, at least one per cluster
/// and the rest in proportion to cluster size (largest remainders, never more than a cluster holds).
/// Inside a cluster the first pick is its medoid, the member with the smallest summed Euclidean distance
/// to the other members, in the real feature space; the next picks follow farthest-first traversal (each the
/// member farthest from the cluster's picks so far), so that unusual members of a cluster (a blurred shot among
/// sharp ones) get labeled too.
/// Ties go to the lower row index, so the choice is deterministic.
/// </summary>
public static class Representatives
{
    /// <summary>Chooses <paramref name="budget"/> rows.</summary>
    /// <param name="x">Row-major features, n x d.</param>
    /// <param name="n">Rows.</param>
    /// <param name="d">Columns.</param>
    /// <param name="labels">Cluster of each row, 0..k-1.</param>
    /// <param name="budget">How many to pick (at most n).</param>
    /// <returns>The picks, ordered by rank in cluster then cluster, so a shorter prefix is still spread over the clusters.</returns>
    /// <exception cref="ArgumentException">The budget is smaller than the number of clusters.</exception>
    public static IReadOnlyList<Representative> Choose(ReadOnlySpan<float> x, int n, int d, ReadOnlySpan<int> labels, int budget)
    {
        int k = ClusterScores.CountClusters(labels, n);
        var members = new List<int>[k];
        for (int c = 0; c < k; c++)
        {
            members[c] = [];
        }

        for (int i = 0; i < n; i++)
        {
            members[labels[i]].Add(i);
        }

        var nonEmpty = Enumerable.Range(0, k).Where(c => members[c].Count > 0).ToList();
        budget = Math.Min(budget, n);
        if (budget < nonEmpty.Count)
        {
            throw new ArgumentException($"a budget of {budget} cannot give each of the {nonEmpty.Count} clusters one photo", nameof(budget));
        }

        var quota = Allocate(nonEmpty.Select(c => members[c].Count).ToArray(), budget);
        var data = x.ToArray();
        var picks = new List<Representative>();
        for (int q = 0; q < nonEmpty.Count; q++)
        {
            int c = nonEmpty[q];
            var m = members[c];
            int medoid = m[0];
            double best = double.PositiveInfinity;
            foreach (var i in m)
            {
                double s = 0;
                foreach (var j in m)
                {
                    s += TensorPrimitives.Distance(data.AsSpan(i * d, d), data.AsSpan(j * d, d));
                }

                if (s < best)
                {
                    best = s;
                    medoid = i;
                }
            }

            // Farthest-first after the medoid: each next pick is the member farthest from those already picked
            // (ties to the lower row), so a cluster's picks cover its spread instead of crowding its centre.
            var nearest = m.ToDictionary(i => i, i => (double)TensorPrimitives.Distance(data.AsSpan(i * d, d), data.AsSpan(medoid * d, d)));
            var chosen = new List<int> { medoid };
            while (chosen.Count < quota[q])
            {
                int next = m.Where(i => !chosen.Contains(i)).OrderByDescending(i => nearest[i]).ThenBy(i => i).First();
                chosen.Add(next);
                foreach (var i in m)
                {
                    nearest[i] = Math.Min(nearest[i], TensorPrimitives.Distance(data.AsSpan(i * d, d), data.AsSpan(next * d, d)));
                }
            }

            for (int r = 0; r < chosen.Count; r++)
            {
                picks.Add(new Representative(chosen[r], c, r, TensorPrimitives.Distance(data.AsSpan(chosen[r] * d, d), data.AsSpan(medoid * d, d))));
            }
        }

        return picks.OrderBy(p => p.RankInCluster).ThenBy(p => p.Cluster).ToList();
    }

    /// <summary>
    /// Picks in two views of the photos. Half the budget (at least one per cluster) goes to the content clusters as
    /// <see cref="Choose"/> picks them; the rest covers a second space, the photos' conditions (sharpness, exposure,
    /// capture time, burst), by farthest-first traversal from everything picked so far: each next pick is the photo
    /// farthest from its nearest pick, which is the greedy choice of centres for k-center clustering of that space.
    /// Content clusters gather photos by what they show, so a few blurred or dark shots spread over many content
    /// clusters would rarely be picked; the coverage picks reach them, and both ends of the album's timeline.
    /// </summary>
    /// <param name="x">Row-major content features, n x d.</param>
    /// <param name="n">Rows.</param>
    /// <param name="d">Content columns.</param>
    /// <param name="labels">Content cluster of each row, 0..k-1.</param>
    /// <param name="budget">How many to pick (at most n).</param>
    /// <param name="condition">Row-major condition values, n x <paramref name="conditionDim"/>, on comparable scales (standardised).</param>
    /// <param name="conditionDim">Condition columns.</param>
    /// <returns>The content picks in <see cref="Choose"/>'s order, then the coverage picks in the order they were found.</returns>
    /// <exception cref="ArgumentException">The budget is smaller than the number of clusters, or the condition matrix has the wrong size.</exception>
    public static IReadOnlyList<Representative> ChooseWithCoverage(ReadOnlySpan<float> x, int n, int d, ReadOnlySpan<int> labels, int budget, ReadOnlySpan<float> condition, int conditionDim)
    {
        if (conditionDim < 1 || condition.Length != n * conditionDim)
        {
            throw new ArgumentException($"the condition matrix holds {condition.Length} values, not {n} rows x {conditionDim}", nameof(condition));
        }

        budget = Math.Min(budget, n);
        int clusters = ClusterScores.CountClusters(labels, n);
        var picks = Choose(x, n, d, labels, Math.Max(budget / 2, Math.Min(clusters, budget))).ToList();
        var cond = condition.ToArray();
        var taken = new bool[n];
        var nearest = new double[n];
        Array.Fill(nearest, double.PositiveInfinity);
        foreach (var p in picks)
        {
            taken[p.Row] = true;
            Closer(p.Row);
        }

        for (int rank = 0; picks.Count < budget; rank++)
        {
            int next = -1;
            for (int i = 0; i < n; i++)
            {
                if (!taken[i] && (next < 0 || nearest[i] > nearest[next]))
                {
                    next = i;
                }
            }

            taken[next] = true;
            picks.Add(new Representative(next, labels[next], rank, nearest[next], Coverage: true));
            Closer(next);
        }

        return picks;

        void Closer(int row)
        {
            for (int i = 0; i < n; i++)
            {
                nearest[i] = Math.Min(nearest[i], TensorPrimitives.Distance(cond.AsSpan(i * conditionDim, conditionDim), cond.AsSpan(row * conditionDim, conditionDim)));
            }
        }
    }

    /// <summary>One per cluster, then the rest by size with largest remainders (capped by size).</summary>
    internal static int[] Allocate(int[] sizes, int budget)
    {
        int k = sizes.Length;
        var quota = Enumerable.Repeat(1, k).ToArray();
        int left = budget - k;
        int total = sizes.Sum();
        while (left > 0)
        {
            var shares = Enumerable.Range(0, k).Select(c => (C: c, Want: (double)sizes[c] * budget / total - quota[c])).Where(s => quota[s.C] < sizes[s.C]).ToList();
            if (shares.Count == 0)
            {
                break;
            }

            // Give to the cluster furthest below its proportional share; ties to the larger, then the lower index.
            var next = shares.OrderByDescending(s => s.Want).ThenByDescending(s => sizes[s.C]).ThenBy(s => s.C).First();
            quota[next.C]++;
            left--;
        }

        return quota;
    }
}
