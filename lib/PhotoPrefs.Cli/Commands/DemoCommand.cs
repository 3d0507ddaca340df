using System.CommandLine;
using System.Diagnostics;
using PhotoPrefs.Clustering;
using PhotoPrefs.Evaluation;
using PhotoPrefs.Interactive;
using PhotoPrefs.SemiSupervised;
using PhotoPrefs.Store;

namespace PhotoPrefs.Cli.Commands;

/// <summary><c>photoprefs demo</c>: the whole pipeline on data-sample, with simulated user J labeling.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var workspace = new Option<string>("--workspace", "-w")
        {
            Description = "The workspace folder for the demo (default: photoprefs-demo in the system temp folder, reused by the next run).",
        };
        var user = new Option<string>("--user", "-u") { Description = "The simulated user who labels (J, F or C).", DefaultValueFactory = _ => "J" };
        var steps = new Option<int>("--steps") { Description = "FixMatch steps.", DefaultValueFactory = _ => AlbumTraining.Defaults.Steps };
        var report = new Option<string?>("--report") { Description = "Where to write the HTML report (default: report.html in the workspace)." };
        var cmd = new Command("demo", "Run the whole pipeline on the sample album in data-sample/: import, features, clustering, labels from a simulated user, FixMatch, evaluation, suggestions and the report.") { workspace, user, steps, report };
        cmd.SetAction((parse, ct) => CommonOptions.Guard(c => Task.FromResult(Run(parse.GetValue(workspace), parse.GetValue(user)!, parse.GetValue(steps), parse.GetValue(report), c)), ct));
        return cmd;
    }

    internal static int Run(string? workspace, string user, int steps, string? reportPath, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var sample = CommonOptions.FindDataSample();
        var album = Path.Combine(sample, "album");
        var truthCsv = Path.Combine(sample, "labels", LabelStore.ValidateUser(user) + ".csv");
        var wsDir = workspace ?? Path.Combine(Path.GetTempPath(), "photoprefs-demo");
        Console.WriteLine($"demo: album {album}");
        Console.WriteLine($"demo: workspace {Path.GetFullPath(wsDir)}");
        var ws = Workspace.Open(wsDir);
        Console.WriteLine("== 1. import");
        CommonOptions.PrintSummary(CommonOptions.ImportWithProgress(album, ws, ct));
        InfoCommand.Print(WorkspaceSummary.Read(ws), json: false);
        Console.WriteLine("== 2. features");
        FeaturesCommand.Run(ws.Directory, string.Join(',', Features.FeatureKinds.All), embeddings: true, ct);
        Console.WriteLine("== 3. clustering");
        var clustering = ClusterCommand.Cluster(ws, AlbumClustering.DefaultFeatures, 2, 25, 45, 0);

        Console.WriteLine($"== 4. labeling: simulated user {user} labels the {clustering.Representatives.Count} representatives (from {Path.GetFileName(truthCsv)})");
        var truth = LabelCsv.Read(truthCsv);
        var reps = clustering.RepresentativePhotoIds.ToHashSet();
        foreach (var id in LabelStore.Get(ws, user).Keys.Where(id => !reps.Contains(id)).ToList())
        {
            LabelStore.Set(ws, user, id, null, "demo");
        }

        var imported = LabelStore.Import(ws, user, truth, "simulated", reps);
        Console.WriteLine($"labels: {imported.Applied} labels for {user}");

        Console.WriteLine("== 5. FixMatch");
        var model = TrainCommands.RunTrain(ws, user, AlbumTraining.Defaults with { Steps = steps }, ct)!;

        Console.WriteLine("== 6. evaluation on the photos the user did not label");
        var ids = LabelStore.PhotoIdsByPath(ws);
        var held = truth.Where(t => ids.TryGetValue(t.File, out var id) && !reps.Contains(id) && model.PDelete.ContainsKey(id)).ToList();
        var evaluation = new ReportEvaluation($"{user}'s true labels on the {held.Count} photos not labeled for training",
            held.Select(t => t.Label == PhotoLabel.Delete).ToArray(), held.Select(t => model.PDelete[ids[t.File]]).ToArray());
        var m = ConfusionMatrix.At(evaluation.Truth, evaluation.Scores, 0.5);
        Console.WriteLine($"evaluation: {held.Count} photos; TP {m.TruePositives}, FP {m.FalsePositives}, TN {m.TrueNegatives}, FN {m.FalseNegatives}; accuracy {m.Accuracy:F3}, precision {m.Precision:F3}, recall {m.Recall:F3}, F1 {m.F1:F3}, ROC-AUC {Metrics.RocAuc(evaluation.Truth, evaluation.Scores):F3}");

        Console.WriteLine("== 7. suggestions");
        var suggestionsCsv = Path.Combine(ws.Directory, $"suggestions-{user}.csv");
        SuggestCommand.Run(ws, user, 0.5, suggestionsCsv, 10);

        Console.WriteLine("== report");
        var written = Report.Write(reportPath ?? Path.Combine(ws.Directory, "report.html"), ws, user, evaluation);
        Console.WriteLine($"demo: done in {clock.Elapsed.TotalSeconds:F0} s; the report is {written}");
        return 0;
    }
}
