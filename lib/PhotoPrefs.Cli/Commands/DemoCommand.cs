using System.CommandLine;
using System.Diagnostics;
using PhotoPrefs.Interactive;
using PhotoPrefs.Pipeline;
using PhotoPrefs.SemiSupervised;
using PhotoPrefs.Store;
using PhotoPrefs.Suggestions;

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
        var user = new Option<string>("--user", "-u") { Description = "The simulated user who labels (J, F or C).", DefaultValueFactory = _ => "J" }.Checked(u => LabelStore.ValidateUser(u));
        var steps = new Option<int>("--steps") { Description = "FixMatch steps.", DefaultValueFactory = _ => AlbumTraining.Defaults.Steps }.Must(n => n >= 1, "must be at least 1");
        var report = new Option<string?>("--report") { Description = "Where to write the HTML report (default: report.html in the workspace)." };
        var cmd = new Command("demo", "Run the whole pipeline on the sample album in data-sample/: import, features, clustering, labels from a simulated user, FixMatch, evaluation, suggestions and the report.") { workspace, user, steps, report };
        cmd.SetAction((parse, ct) => CommonOptions.Guard(c => Run(parse.GetValue(workspace), parse.GetValue(user)!, parse.GetValue(steps), parse.GetValue(report), c), ct));
        return cmd;
    }

    private static int Run(string? workspace, string user, int steps, string? reportPath, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var sample = CommonOptions.FindDataSample();
        var albumFolder = Path.Combine(sample, "album");
        var truthCsv = Path.Combine(sample, "labels", user + ".csv");
        var wsDir = workspace ?? Path.Combine(Path.GetTempPath(), "photoprefs-demo");
        Console.WriteLine($"demo: album {albumFolder}");
        Console.WriteLine($"demo: workspace {Path.GetFullPath(wsDir)}");
        var album = CommonOptions.Open(wsDir, create: true);
        Console.WriteLine("== 1. import");
        Output.Import(album.Import(albumFolder, cancellationToken: ct));
        Output.Workspace(album.Summary());
        Console.WriteLine("== 2. features");
        var features = album.ComputeFeatures(cancellationToken: ct);
        Console.WriteLine($"features: {features.Values} values, {features.Embeddings} embeddings and {features.Views} photos' views computed in {features.Elapsed.TotalSeconds:F1} s (the rest were cached)");
        Console.WriteLine("== 3. clustering");
        var clustering = album.Cluster();
        Output.Clustering(clustering);

        Console.WriteLine($"== 4. labeling: simulated user {user} labels the {clustering.Representatives.Count} representatives (from {Path.GetFileName(truthCsv)})");
        var imported = album.ReplaceLabels(user, LabelCsv.Read(truthCsv), clustering.RepresentativePhotoIds.ToHashSet(), "simulated");
        Console.WriteLine($"labels: {imported.Applied} labels for {user}");

        Console.WriteLine("== 5. FixMatch");
        var model = album.Train(user, new TrainOptions(AlbumTraining.Defaults with { Steps = steps }), cancellationToken: ct);
        Console.WriteLine($"train: model {model.Id} stored with p(delete) for {model.PDelete.Count} photos; {model.PDelete.Values.Count(p => p >= 0.5)} above 0.5");

        Console.WriteLine("== 6. evaluation on the photos the user did not label");
        var evaluation = album.Evaluate(user, truthCsv);
        var m = evaluation.At(0.5);
        Console.WriteLine($"evaluation: {evaluation.Truth.Count} photos; TP {m.TruePositives}, FP {m.FalsePositives}, TN {m.TrueNegatives}, FN {m.FalseNegatives}; accuracy {m.Accuracy:F3}, precision {m.Precision:F3}, recall {m.Recall:F3}, F1 {m.F1:F3}, ROC-AUC {evaluation.RocAuc():F3}");

        Console.WriteLine("== 7. suggestions");
        var cut = album.SuggestionCut(user);
        var suggestions = album.Suggest(user, new SuggestOptions());
        Output.Suggestions(suggestions, user, cut, 10);
        var suggestionsCsv = Path.Combine(album.Workspace.Directory, $"suggestions-{user}.csv");
        album.ExportSuggestions(user, suggestions, suggestionsCsv);
        Console.WriteLine($"suggest: written to {suggestionsCsv}");

        Console.WriteLine("== report");
        var written = album.WriteReport(reportPath ?? Path.Combine(album.Workspace.Directory, "report.html"), user,
            new ReportEvaluation($"{user}'s true labels on the {evaluation.Truth.Count} photos not labeled for training", evaluation.Truth, evaluation.Scores));
        Console.WriteLine($"demo: done in {clock.Elapsed.TotalSeconds:F0} s; the report is {written}");
        return 0;
    }
}
