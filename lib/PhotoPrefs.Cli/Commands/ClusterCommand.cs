using System.CommandLine;
using PhotoPrefs.Clustering;
using PhotoPrefs.Pipeline;

namespace PhotoPrefs.Cli.Commands;

/// <summary><c>photoprefs cluster --workspace W [--features hog+pca+color+quality+time] [--kmin 2 --kmax 25] [--budget 45]</c>: stage 3.</summary>
internal static class ClusterCommand
{
    public static Command Create()
    {
        var workspace = CommonOptions.Workspace();
        var features = new Option<string>("--features") { Description = "Feature kinds joined by '+'.", DefaultValueFactory = _ => AlbumClustering.DefaultFeatures };
        var kmin = new Option<int>("--kmin") { Description = "Smallest k.", DefaultValueFactory = _ => 2 }.Must(k => k >= 2, "must be at least 2");
        var kmax = new Option<int>("--kmax") { Description = "Largest k.", DefaultValueFactory = _ => 25 }.Must(k => k >= 2, "must be at least 2");
        var budget = new Option<int>("--budget") { Description = "Photos to pick for labeling.", DefaultValueFactory = _ => 45 }.Must(b => b >= 1, "must be at least 1");
        var seed = new Option<int>("--seed") { Description = "Seed of K-means.", DefaultValueFactory = _ => 0 };
        var picks = new Option<string>("--pick-features") { Description = $"Features the photos to label are picked on, spread over clusters of them (two thirds of the budget: 30 for 45), each cluster's medoid first; 'auto': {AlbumClustering.PickFeatures} when every photo has its embedding ('photoprefs features'), else the representatives of the chosen clustering; 'clusters': always the latter.", DefaultValueFactory = _ => ClusterOptions.Auto };
        var cmd = new Command("cluster", "Cluster the album, choose k by silhouette and Davies-Bouldin, pick representatives to label.") { workspace, features, kmin, kmax, budget, seed, picks };
        cmd.SetAction((parse, ct) => CommonOptions.Guard(_ =>
        {
            var album = CommonOptions.Open(parse.GetValue(workspace)!);
            var pick = parse.GetValue(picks) == "clusters" ? null : parse.GetValue(picks);
            var options = new ClusterOptions(parse.GetValue(features)!, parse.GetValue(kmin), parse.GetValue(kmax), parse.GetValue(budget), parse.GetValue(seed), pick);
            Run(album, options);
            return 0;
        }, ct));
        return cmd;
    }

    /// <summary>Clusters with the sweep printed as it goes, then the table.</summary>
    private static void Run(Album album, ClusterOptions options)
    {
        Console.WriteLine($"cluster: k {options.KMin}..{options.KMax} on {options.Features}; photos to label picked on {album.PickFeatures(options) ?? "the chosen clusters"}");
        var result = album.Cluster(options, new InlineProgress<KScore>(s => Console.WriteLine($"  k={s.K,2}  silhouette {s.Silhouette,6:F3}  davies-bouldin {s.DaviesBouldin,6:F3}")));
        Output.Clustering(result);
    }
}
