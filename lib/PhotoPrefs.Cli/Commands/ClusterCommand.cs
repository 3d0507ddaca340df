using System.CommandLine;
using PhotoPrefs.Clustering;
using Spectre.Console;
using PhotoPrefs.Store;

namespace PhotoPrefs.Cli.Commands;

/// <summary><c>photoprefs cluster --workspace W [--features hog+pca+color] [--kmin 2 --kmax 25] [--budget 45]</c>.</summary>
internal static class ClusterCommand
{
    public static Command Create()
    {
        var workspace = CommonOptions.Workspace();
        var features = new Option<string>("--features") { Description = "Feature kinds joined by '+'.", DefaultValueFactory = _ => AlbumClustering.DefaultFeatures };
        var kmin = new Option<int>("--kmin") { Description = "Smallest k.", DefaultValueFactory = _ => 2 };
        var kmax = new Option<int>("--kmax") { Description = "Largest k.", DefaultValueFactory = _ => 25 };
        var budget = new Option<int>("--budget") { Description = "Photos to pick for labeling.", DefaultValueFactory = _ => 45 };
        var seed = new Option<int>("--seed") { Description = "Seed of K-means.", DefaultValueFactory = _ => 0 };
        var picks = new Option<string>("--pick-features") { Description = $"Features the photos to label are picked on, spread over clusters of them (two thirds of the budget: 30 for 45), each cluster's medoid first; 'auto': {AlbumClustering.PickFeatures} when every photo has its embedding ('photoprefs features'), else the representatives of the chosen clustering; 'clusters': always the latter.", DefaultValueFactory = _ => "auto" };
        var cmd = new Command("cluster", "Cluster the album, choose k by silhouette and Davies-Bouldin, pick representatives to label.") { workspace, features, kmin, kmax, budget, seed, picks };
        cmd.SetAction((parse, ct) => CommonOptions.Guard(_ => Task.FromResult(Run(parse.GetValue(workspace)!, parse.GetValue(features)!, parse.GetValue(kmin), parse.GetValue(kmax), parse.GetValue(budget), parse.GetValue(seed), parse.GetValue(picks)!)), ct));
        return cmd;
    }

    internal static AlbumClusteringResult Cluster(Workspace ws, string features, int kmin, int kmax, int budget, int seed, string pickFeatures = "auto")
    {
        string? picks = pickFeatures switch
        {
            "auto" => Embeddings.EmbeddingExtraction.Complete(ws) ? AlbumClustering.PickFeatures : null,
            "clusters" => null,
            _ => pickFeatures,
        };
        Console.WriteLine($"cluster: k {kmin}..{kmax} on {features}; photos to label picked on {picks ?? "the chosen clusters"}");
        var result = AlbumClustering.Run(ws, features, kmin, kmax, budget, seed, new Progress<KScore>(s =>
            Console.WriteLine($"  k={s.K,2}  silhouette {s.Silhouette,6:F3}  davies-bouldin {s.DaviesBouldin,6:F3}")), picks);
        var table = new Table().AddColumns("k", "inertia", "silhouette", "Davies-Bouldin", "Calinski-Harabasz", "");
        foreach (var s in result.Sweep)
        {
            table.AddRow(s.K.ToString(), s.Inertia.ToString("F1"), s.Silhouette.ToString("F3"), s.DaviesBouldin.ToString("F3"), s.CalinskiHarabasz.ToString("F1"), s.K == result.ChosenK ? "[green]chosen[/]" : "");
        }

        AnsiConsole.Write(table);
        Console.WriteLine($"chosen k = {result.ChosenK} (smallest rank sum of silhouette and Davies-Bouldin); {result.Representatives.Count} representatives stored to label first");
        return result;
    }

    internal static int Run(string workspace, string features, int kmin, int kmax, int budget, int seed, string pickFeatures)
    {
        Cluster(Workspace.Open(workspace, create: false), features, kmin, kmax, budget, seed, pickFeatures);
        return 0;
    }
}
