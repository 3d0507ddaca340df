using PhotoPrefs.Clustering;
using PhotoPrefs.Testing;

namespace PhotoPrefs.Tests.Clustering;

public sealed class KMeansTests
{
    internal static (float[] X, int N, int D) Data(System.Text.Json.JsonElement root)
    {
        var rows = root.GetProperty("X").Matrix();
        return (rows.SelectMany(r => r.Select(v => (float)v)).ToArray(), rows.Length, rows[0].Length);
    }

    [Fact]
    [Trait("Category", "Golden")]
    public void Lloyd_from_given_centres_matches_scikit_learn()
    {
        using var doc = Reference.Load("kmeans.json");
        var root = doc.RootElement;
        var (x, n, d) = Data(root);
        var init = root.GetProperty("init_centers").Matrix();
        var r = KMeans.FitFrom(x, n, d, init.SelectMany(c => c.Select(v => (float)v)).ToArray(), init.Length, tolerance: 0);
        Assert.Equal(root.GetProperty("labels").Ints(), r.Labels);
        Tolerance.Close(root.GetProperty("centers").Matrix().SelectMany(c => c).ToArray(), r.Centers, 1e-4, 1e-4, "centres");
        Tolerance.Close(root.GetProperty("inertia").GetDouble(), r.Inertia, 0, 1e-5, "inertia");
    }

    [Theory]
    [Trait("Category", "Golden")]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Scores_match_scikit_learn(int index)
    {
        using var doc = Reference.Load("kmeans.json");
        var root = doc.RootElement;
        var (x, n, d) = Data(root);
        var scores = root.GetProperty("scores");
        Assert.True(index < scores.GetArrayLength());
        var s = scores[index];
        var labels = s.GetProperty("labels").Ints();
        var sil = ClusterScores.SilhouetteScore(x, n, d, labels);
        Assert.True(sil.Exact);
        Tolerance.Close(s.GetProperty("silhouette").GetDouble(), sil.Mean, 1e-6, 1e-5, "silhouette");
        Tolerance.Close(s.GetProperty("silhouette_samples").Doubles(), sil.Samples!, 1e-6, 1e-5, "silhouette samples");
        Tolerance.Close(s.GetProperty("davies_bouldin").GetDouble(), ClusterScores.DaviesBouldin(x, n, d, labels), 1e-6, 1e-5, "davies-bouldin");
        Tolerance.Close(s.GetProperty("calinski_harabasz").GetDouble(), ClusterScores.CalinskiHarabasz(x, n, d, labels), 1e-6, 1e-5, "calinski-harabasz");
    }

    [Fact]
    public void Same_seed_same_result_and_restarts_never_hurt()
    {
        using var doc = Reference.Load("kmeans.json");
        var (x, n, d) = Data(doc.RootElement);
        var a = KMeans.Fit(x, n, d, new KMeansOptions(4, Restarts: 1, Seed: 5));
        var b = KMeans.Fit(x, n, d, new KMeansOptions(4, Restarts: 1, Seed: 5));
        Assert.Equal(a.Labels, b.Labels);
        Assert.Equal(a.Centers, b.Centers);
        var many = KMeans.Fit(x, n, d, new KMeansOptions(4, Restarts: 5, Seed: 5));
        Assert.True(many.Inertia <= a.Inertia + 1e-9);
    }

    [Fact]
    public void Kmeans_plus_plus_finds_well_separated_blobs()
    {
        var rng = new Random(3);
        int n = 300, d = 2;
        var x = new float[n * d];
        var truth = new int[n];
        for (int i = 0; i < n; i++)
        {
            truth[i] = i % 3;
            x[2 * i] = (truth[i] * 20) + (float)rng.NextDouble();
            x[(2 * i) + 1] = (truth[i] % 2 * 20) + (float)rng.NextDouble();
        }

        var r = KMeans.Fit(x, n, d, new KMeansOptions(3, Seed: 1));
        // Same partition up to renaming.
        var map = new Dictionary<int, int>();
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(map.TryGetValue(truth[i], out var l) ? l : map[truth[i]] = r.Labels[i], r.Labels[i]);
        }

        var sweep = KSweep.Run(x, n, d, 2, 6, restarts: 2, seed: 1);
        Assert.Equal(3, sweep.ChosenK);
        Assert.Equal(5, sweep.Scores.Count);
    }

    [Fact]
    public void Choice_rule_balances_silhouette_and_davies_bouldin()
    {
        var table = new List<KScore>
        {
            new(2, 0, Silhouette: 0.50, DaviesBouldin: 0.90, 0, true),
            new(3, 0, Silhouette: 0.48, DaviesBouldin: 0.60, 0, true),
            new(4, 0, Silhouette: 0.30, DaviesBouldin: 0.55, 0, true),
        };
        // Ranks: k=2 (1 + 3), k=3 (2 + 2), k=4 (3 + 1): all 4; the tie goes to the higher silhouette.
        Assert.Equal(2, KSweep.Choose(table));
        table[0] = table[0] with { DaviesBouldin = 0.58 };
        Assert.Equal(2, KSweep.Choose(table));
        table[1] = table[1] with { Silhouette = 0.55 };
        Assert.Equal(3, KSweep.Choose(table));
    }

    [Fact]
    public void Bad_k_is_an_argument_error()
    {
        Assert.Throws<ArgumentException>(() => KMeans.Fit(new float[10], 5, 2, new KMeansOptions(6)));
        Assert.Throws<ArgumentException>(() => ClusterScores.SilhouetteScore(new float[10], 5, 2, new int[5]));
    }
}

public sealed class RepresentativesTests
{
    [Fact]
    public void Budget_is_spread_one_per_cluster_then_by_size()
    {
        Assert.Equal([1, 1, 1], Representatives.Allocate([10, 5, 1], 3));
        Assert.Equal([6, 3, 1], Representatives.Allocate([60, 30, 10], 10));
        Assert.Equal([1, 8, 1], Representatives.Allocate([2, 100, 1], 10));
        Assert.Equal([2, 3, 1], Representatives.Allocate([2, 3, 1], 99));
    }

    [Fact]
    public void Picks_are_medoids_inside_their_own_cluster()
    {
        // Cluster 0 on a line 0..4 (medoid 2), cluster 1 at 100..102 (medoid 101).
        float[] x = [0, 1, 2, 3, 4, 100, 101, 102];
        int[] labels = [0, 0, 0, 0, 0, 1, 1, 1];
        var picks = Representatives.Choose(x, 8, 1, labels, 4);
        Assert.Equal(4, picks.Count);
        Assert.Equal(2, picks.Single(p => p.Cluster == 0 && p.RankInCluster == 0).Row);
        Assert.Equal(6, picks.Single(p => p.Cluster == 1 && p.RankInCluster == 0).Row);
        Assert.All(picks, p => Assert.Equal(labels[p.Row], p.Cluster));
        // The second pick of the bigger cluster is the member farthest from its medoid (0 and 4 tie: the lower row).
        Assert.Equal(0, picks.Single(p => p.Cluster == 0 && p.RankInCluster == 1).Row);
        // With one more, farthest-first reaches the other end.
        var more = Representatives.Choose(x, 8, 1, labels, 5);
        Assert.Equal(4, more.Single(p => p.Cluster == 0 && p.RankInCluster == 2).Row);
        // Ordered by rank first: the first two picks cover both clusters.
        Assert.Equal([0, 1], picks.Take(2).Select(p => p.Cluster).Order().ToArray());
        Assert.Throws<ArgumentException>(() => Representatives.Choose(x, 8, 1, labels, 1));
    }

    [Fact]
    public void Coverage_picks_reach_the_unusual_conditions_that_content_medoids_miss()
    {
        // Content: two clusters on a line (medoids rows 2 and 7). Conditions: every photo alike except row 3
        // (far off, say blurred) and row 8 (half as far the other way, say dark).
        float[] x = [0, 1, 2, 3, 4, 100, 101, 102, 103, 104];
        int[] labels = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1];
        float[] condition = [0, 0, 0, 10, 0, 0, 0, 0, -5, 0];
        var picks = Representatives.ChooseWithCoverage(x, 10, 1, labels, 4, condition, 1);
        Assert.Equal([2, 7, 3, 8], picks.Select(p => p.Row).ToArray());
        Assert.Equal([false, false, true, true], picks.Select(p => p.Coverage).ToArray());
        Assert.Equal([0, 1], picks.Where(p => p.Coverage).Select(p => p.RankInCluster).ToArray());
        Assert.Equal(10, picks[2].DistanceToMedoid);
        Assert.Equal(5, picks[3].DistanceToMedoid);
        Assert.All(picks, p => Assert.Equal(labels[p.Row], p.Cluster));

        // Half the budget stays with the content clusters; the picks never repeat, and stop at the album's size.
        var six = Representatives.ChooseWithCoverage(x, 10, 1, labels, 6, condition, 1);
        Assert.Equal(3, six.Count(p => !p.Coverage));
        Assert.Equal(10, Representatives.ChooseWithCoverage(x, 10, 1, labels, 99, condition, 1).Select(p => p.Row).Distinct().Count());
        Assert.Throws<ArgumentException>(() => Representatives.ChooseWithCoverage(x, 10, 1, labels, 1, condition, 1));
        Assert.Throws<ArgumentException>(() => Representatives.ChooseWithCoverage(x, 10, 1, labels, 4, condition.AsSpan(0, 9), 1));
    }
}
