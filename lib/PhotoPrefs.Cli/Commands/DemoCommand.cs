using System.CommandLine;
using PhotoPrefs.Albums;

namespace PhotoPrefs.Cli.Commands;

/// <summary><c>photoprefs demo</c>: the pipeline on data-sample, end to end, as far as it is built.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var workspace = new Option<string>("--workspace", "-w")
        {
            Description = "The workspace folder for the demo (default: photoprefs-demo in the system temp folder, reused by the next run).",
        };
        var cmd = new Command("demo", "Run the pipeline on the sample album in data-sample/.") { workspace };
        cmd.SetAction((parse, ct) => CommonOptions.Guard(_ => Task.FromResult(Run(parse.GetValue(workspace), ct)), ct));
        return cmd;
    }

    internal static int Run(string? workspace, CancellationToken ct)
    {
        var sample = CommonOptions.FindDataSample();
        var album = Path.Combine(sample, "album");
        var wsDir = workspace ?? Path.Combine(Path.GetTempPath(), "photoprefs-demo");
        Console.WriteLine($"demo: album {album}");
        Console.WriteLine($"demo: workspace {Path.GetFullPath(wsDir)}");
        var ws = Workspace.Open(wsDir);
        Console.WriteLine("== 1. import");
        var summary = CommonOptions.ImportWithProgress(album, ws, ct);
        CommonOptions.PrintSummary(summary);
        Console.WriteLine("== info");
        InfoCommand.Print(WorkspaceSummary.Read(ws), json: false);
        Console.WriteLine("== 2. features");
        FeaturesCommand.Run(ws.Directory, string.Join(',', Features.FeatureKinds.All), ct);
        Console.WriteLine("== 3. clustering");
        ClusterCommand.Cluster(ws, Clustering.AlbumClustering.DefaultFeatures, 2, 25, 45, 0);
        return 0;
    }
}
