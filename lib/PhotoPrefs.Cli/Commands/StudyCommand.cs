using System.CommandLine;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PhotoPrefs.Clustering;
using PhotoPrefs.Evaluation;
using PhotoPrefs.Features;
using PhotoPrefs.SemiSupervised;
using Spectre.Console;
using PhotoPrefs.Store;

namespace PhotoPrefs.Cli.Commands;

/// <summary><c>photoprefs study [--album DIR --labels DIR] --users J,F,C --seeds 3 [--json]</c>: the three-user evaluation.</summary>
internal static class StudyCommand
{
    public static Command Create()
    {
        var album = new Option<string?>("--album") { Description = "The album folder (default: data-sample/album)." };
        var labels = new Option<string?>("--labels") { Description = "A folder of <user>.csv files ('file,label', keep or delete) (default: data-sample/labels)." };
        var users = new Option<string>("--users") { Description = "Users, comma separated.", DefaultValueFactory = _ => "J,F,C" };
        var seeds = new Option<int>("--seeds") { Description = "Seeds per user.", DefaultValueFactory = _ => 3 };
        var steps = new Option<int>("--steps") { Description = "FixMatch steps per training.", DefaultValueFactory = _ => AlbumTraining.Defaults.Steps };
        var noAblations = new Option<bool>("--no-ablations") { Description = "Only the main protocol (about a quarter of the time)." };
        var alignment = new Option<bool>("--distribution-alignment") { Description = "Distribution alignment of the pseudo-labels (ReMixMatch's; off by default, compare a run with it and one without).", DefaultValueFactory = _ => AlbumTraining.Defaults.DistributionAlignment };
        var dropout = new Option<float>("--image-dropout") { Description = "Chance that a labeled example is seen by its signals alone in a training step (0 to 1; 0 turns it off).", DefaultValueFactory = _ => AlbumTraining.Defaults.ImageDropout };
        var threshold = new Option<float>("--threshold") { Description = "FixMatch's confidence threshold for a pseudo-label (tau, above 0.5 and at most 1).", DefaultValueFactory = _ => AlbumTraining.Defaults.Threshold };
        var lambdaU = new Option<float>("--lambda-u") { Description = "Weight of FixMatch's unlabeled loss (0 or more; 0 trains on the labels alone, though with the unlabeled photos' batch statistics).", DefaultValueFactory = _ => AlbumTraining.Defaults.LambdaU };
        var coveragePicks = new Option<bool>("--coverage-picks") { Description = "Half of the 45 representatives cover the photos' sharpness, exposure, time and bursts instead of coming from the content clusters." };
        var members = new Option<int>("--members") { Description = "Models trained per run, each with its own seed, their p(delete) averaged, as 'photoprefs train' does.", DefaultValueFactory = _ => AlbumTraining.DefaultMembers };
        var firstSeed = new Option<int>("--first-seed") { Description = "The first seed: --first-seed 3 --seeds 3 runs seeds 3, 4 and 5, the same runs as in a --seeds 6 run." };
        var clusters = new Option<int>("--clusters") { Description = $"Clusters of the training photos that the 45 representatives are drawn from, 1 to 45 ({AlbumClustering.PickClusters(45)}, the default, as 'photoprefs cluster' picks: each cluster's medoid, the rest spread by size; 45: one medoid per cluster; 0: the album's k chosen by 'photoprefs cluster').", DefaultValueFactory = _ => AlbumClustering.PickClusters(45) };
        var input = new Option<string>("--input") { Description = "What the network sees: views (each photo's pretrained embedding and its weak and strong views, into a small head) or pixels (32 x 32 thumbnails into the reference CNN).", DefaultValueFactory = _ => AlbumTraining.Defaults.Input.ToString().ToLowerInvariant() };
        var labelSpace = new Option<string>("--label-features") { Description = "Features the 45 photos to label are clustered on (kinds joined by '+', embedding among them).", DefaultValueFactory = _ => StudyOptions.DefaultLabelFeatures };
        var workspace = new Option<string?>("--workspace", "-w") { Description = "Workspace for the album (default: one per album in the system temp folder, reused)." };
        var json = CommonOptions.Json();
        var output = new Option<string?>("--out", "-o") { Description = "Also write the self-contained HTML report with the study table." };
        var cmd = new Command("study", "The three-user evaluation: per user and seed, 45 representative labels, 315 unlabeled, 50 test photos; FixMatch and its ablations.")
        {
            album, labels, users, seeds, firstSeed, steps, noAblations, alignment, dropout, threshold, lambdaU, coveragePicks, clusters, input, labelSpace, members, workspace, json, output,
        };
        cmd.SetAction((parse, ct) => CommonOptions.Guard(c => Task.FromResult(Run(parse.GetValue(album), parse.GetValue(labels), parse.GetValue(users)!, parse.GetValue(seeds), parse.GetValue(firstSeed), parse.GetValue(steps), !parse.GetValue(noAblations), parse.GetValue(alignment), parse.GetValue(dropout), parse.GetValue(threshold), parse.GetValue(lambdaU), parse.GetValue(coveragePicks), parse.GetValue(clusters), ParseInput(parse.GetValue(input)!), parse.GetValue(labelSpace)!, parse.GetValue(members), parse.GetValue(workspace), parse.GetValue(json), parse.GetValue(output), c)), ct));
        return cmd;
    }

    internal static int Run(string? album, string? labels, string users, int seeds, int firstSeed, int steps, bool ablations, bool alignment, float imageDropout, float threshold, float lambdaU, bool coverage, int clusters, FixMatchInput input, string labelFeatures, int members, string? workspace, bool json, string? output, CancellationToken ct)
    {
        if (album is null || labels is null)
        {
            var sample = CommonOptions.FindDataSample();
            album ??= Path.Combine(sample, "album");
            labels ??= Path.Combine(sample, "labels");
        }

        if (!Directory.Exists(album))
        {
            throw new PhotoPrefsException($"album folder not found: {album}");
        }

        if (seeds < 1 || steps < 1)
        {
            throw new PhotoPrefsException("--seeds and --steps must be at least 1");
        }

        if (members < 1)
        {
            throw new PhotoPrefsException("--members must be at least 1");
        }

        if (firstSeed < 0)
        {
            throw new PhotoPrefsException("--first-seed must be 0 or more");
        }

        if (!(imageDropout >= 0 && imageDropout <= 1))
        {
            throw new PhotoPrefsException("--image-dropout must be between 0 and 1");
        }

        if (!(threshold > 0.5f && threshold <= 1f))
        {
            throw new PhotoPrefsException("--threshold must be above 0.5 and at most 1 (a pseudo-label is the class with that confidence)");
        }

        if (!(lambdaU >= 0 && float.IsFinite(lambdaU)))
        {
            throw new PhotoPrefsException("--lambda-u must be 0 or more");
        }

        var options = new StudyOptions(Seeds: seeds, FirstSeed: firstSeed, LabelFeatures: labelFeatures, Training: AlbumTraining.Defaults with { Input = input, Steps = steps, DistributionAlignment = alignment, ImageDropout = imageDropout, Threshold = threshold, LambdaU = lambdaU }, Ablations: ablations, Coverage: coverage, Members: members);
        if (clusters < 0 || clusters > options.Labeled)
        {
            throw new PhotoPrefsException($"--clusters must be between 1 and {options.Labeled} (one label per cluster at most), or 0 for the album's k");
        }

        var names = users.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(LabelStore.ValidateUser).ToList();
        var wsDir = workspace ?? Path.Combine(Path.GetTempPath(), "photoprefs-study-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(album))))[..12]);
        var ws = Workspace.Open(wsDir);
        Console.WriteLine($"study: album {Path.GetFullPath(album)}, workspace {ws.Directory}");
        var (data, features, d, k) = Prepare(album, ws, input, labelFeatures, ct);
        k = clusters > 0 ? clusters : k;
        var fingerprint = WorkspaceSummary.AlbumFingerprint(ws);
        Console.WriteLine($"study: {data.PhotoIds.Length} photos, album fingerprint {fingerprint} (path, content and capture time of each)");
        var truth = new Dictionary<string, IReadOnlyDictionary<long, bool>>();
        var ids = LabelStore.PhotoIdsByPath(ws);
        foreach (var user in names)
        {
            var rows = LabelStore.ReadCsv(Path.Combine(labels, user + ".csv"));
            truth[user] = rows.Where(r => ids.ContainsKey(r.File)).ToDictionary(r => ids[r.File], r => r.Label == PhotoLabel.Delete);
            Console.WriteLine($"study: {user}: {truth[user].Count} labels, {truth[user].Values.Count(v => v)} delete");
        }

        Console.WriteLine($"study: {names.Count} users x {seeds} seeds{(firstSeed > 0 ? $" from seed {firstSeed}" : "")}, {steps} steps per training{(ablations ? ", with ablations" : "")}{(alignment ? ", distribution alignment" : ", no distribution alignment")}, image dropout {imageDropout:0.##}, threshold {threshold:0.###}, lambda_u {lambdaU:0.###}, {(members > 1 ? $"{members} models averaged per training, " : "")}{(coverage ? "half the representatives cover the conditions" : "representatives from the content clusters")}, k = {k}");
        var result = Study.Run(data, features, d, k, truth, options, new TrainCommands.InlineProgress<string>(line => Console.WriteLine("  " + line)), ct);
        Print(result);
        if (output is not null)
        {
            Console.WriteLine($"study: report {Interactive.Report.Write(output, ws, null, null, result)}");
        }

        if (json)
        {
            var paths = ids.ToDictionary(kv => kv.Value, kv => kv.Key);
            Console.WriteLine(JsonSerializer.Serialize(ToJson(result, paths, k, (data.PhotoIds.Length, fingerprint))));
        }

        return 0;
    }

    internal static FixMatchInput ParseInput(string text) => Enum.TryParse<FixMatchInput>(text, ignoreCase: true, out var input) && Enum.IsDefined(input)
        ? input
        : throw new PhotoPrefsException($"unknown --input '{text}' (views or pixels)");

    internal static (AlbumImages Data, float[] Features, int Dimension, int K) Prepare(string album, Workspace ws, FixMatchInput input, string labelFeatures, CancellationToken ct)
    {
        var summary = CommonOptions.ImportWithProgress(album, ws, ct);
        CommonOptions.PrintSummary(summary);
        FeaturesCommand.Run(ws.Directory, string.Join(',', Features.FeatureKinds.All), embeddings: false, ct);
        if (input == FixMatchInput.Views)
        {
            CommonOptions.WithProgress("embeddings and their views", report =>
                AlbumLoader.EnsureInputs(ws, input, new Progress<FeatureProgress>(p => report(p.Done, p.Total)), ct));
        }
        else if (labelFeatures.Contains(AlbumClustering.EmbeddingKind, StringComparison.Ordinal))
        {
            CommonOptions.WithProgress("embeddings", report =>
                Embeddings.EmbeddingStore.Compute(ws, null, new Progress<FeatureProgress>(p => report(p.Done, p.Total)), ct));
        }

        int k;
        using (var db = ws.Connect())
        {
            k = Convert.ToInt32(Workspace.Scalar(db, "SELECT k FROM clusterings WHERE features = $f ORDER BY id DESC LIMIT 1", ("$f", AlbumClustering.DefaultFeatures)) ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
        }

        if (k == 0)
        {
            k = ClusterCommand.Cluster(ws, AlbumClustering.DefaultFeatures, 2, 25, 45, 0).ChosenK;
        }

        var data = AlbumLoader.Load(ws, input);
        var (ids, features, d) = AlbumClustering.Combine(ws, labelFeatures);
        if (!ids.SequenceEqual(data.PhotoIds))
        {
            throw new PhotoPrefsException("features and photos disagree: run 'photoprefs features' again");
        }

        return (data, features, d, k);
    }

    internal static void Print(StudyResult result)
    {
        var table = new Table().AddColumns("user", "variant", "F1 mean", "F1 std", "precision", "recall", "accuracy", "TP/FP/TN/FN (all seeds)");
        foreach (var u in result.Users)
        {
            foreach (var v in new[] { u.Main }.Concat(u.Ablations.Values))
            {
                var c = v.Confusion;
                table.AddRow(u.User, v.Name, v.F1Mean.ToString("F3"), v.F1Std.ToString("F3"), v.PrecisionMean.ToString("F3"), v.RecallMean.ToString("F3"), v.AccuracyMean.ToString("F3"), $"{c.TruePositives}/{c.FalsePositives}/{c.TrueNegatives}/{c.FalseNegatives}");
            }
        }

        AnsiConsole.Write(table);
        foreach (var u in result.Users.Where(u => u.TrainingSeconds is { Count: > 0 }))
        {
            Console.WriteLine($"study: {u.User}: {u.TrainingSeconds!.Average():F1} s per training (FixMatch on the 45 labels, mean of {u.TrainingSeconds!.Count} seeds)");
        }

        Console.WriteLine($"study: {result.Seconds:F0} s");
    }

    // After the first model: F1 with N more labels chosen by uncertainty and with N at random, the gain over the
    // first model per added label, and the deletions found among the added photos; null without the comparison.
    private static Dictionary<string, object>? ActiveLearningJson(StudyUser u)
    {
        if (u.ActiveLearning is not { Count: > 0 } runs
            || !u.Ablations.TryGetValue(Study.ActiveUncertainty, out var byUncertainty) || !u.Ablations.TryGetValue(Study.ActiveRandom, out var atRandom))
        {
            return null;
        }

        int added = runs[0].Added;
        return new Dictionary<string, object>
        {
            ["labels_added"] = added,
            ["f1_first_model"] = Math.Round(u.Main.F1Mean, 4),
            ["f1_uncertainty"] = Math.Round(byUncertainty.F1Mean, 4),
            ["f1_random"] = Math.Round(atRandom.F1Mean, 4),
            ["f1_gain_per_label_uncertainty"] = Math.Round((byUncertainty.F1Mean - u.Main.F1Mean) / added, 5),
            ["f1_gain_per_label_random"] = Math.Round((atRandom.F1Mean - u.Main.F1Mean) / added, 5),
            ["deletes_found_uncertainty"] = runs.Select(r => r.DeletesByUncertainty).ToArray(),
            ["deletes_found_random"] = runs.Select(r => r.DeletesAtRandom).ToArray(),
        };
    }

    internal static object ToJson(StudyResult result, IReadOnlyDictionary<long, string>? paths = null, int? clusters = null, (int Photos, string Fingerprint)? album = null)
    {
        string FileOf(long id) => paths is not null && paths.TryGetValue(id, out var path) ? path : id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var training = result.Options.Training ?? AlbumTraining.Defaults;
        return new Dictionary<string, object?>
        {
            ["users"] = result.Users.ToDictionary(u => u.User, u => (object)new Dictionary<string, object?>
            {
                ["f1_mean"] = Math.Round(u.Main.F1Mean, 4),
                ["f1_std"] = Math.Round(u.Main.F1Std, 4),
                ["precision_mean"] = Math.Round(u.Main.PrecisionMean, 4),
                ["recall_mean"] = Math.Round(u.Main.RecallMean, 4),
                ["accuracy_mean"] = Math.Round(u.Main.AccuracyMean, 4),
                ["f1_per_seed"] = u.Main.F1.Select(x => Math.Round(x, 4)).ToArray(),
                ["mistakes"] = (u.Mistakes ?? []).Select(m => new Dictionary<string, object>
                {
                    ["file"] = FileOf(m.PhotoId),
                    ["seed"] = m.Seed,
                    ["label"] = m.Delete ? "delete" : "keep",
                    ["p_delete"] = Math.Round(m.Score, 4),
                }).ToArray(),
                ["ablations"] = u.Ablations.ToDictionary(a => a.Key, a => (object)new Dictionary<string, object>
                {
                    ["f1_mean"] = Math.Round(a.Value.F1Mean, 4),
                    ["f1_std"] = Math.Round(a.Value.F1Std, 4),
                    ["precision_mean"] = Math.Round(a.Value.PrecisionMean, 4),
                    ["recall_mean"] = Math.Round(a.Value.RecallMean, 4),
                    ["thresholds"] = a.Value.Thresholds.Select(x => Math.Round(x, 4)).ToArray(),
                }),
                ["active_learning"] = ActiveLearningJson(u),
                ["training_seconds"] = (u.TrainingSeconds ?? []).Select(x => Math.Round(x, 2)).ToArray(),
                ["labeled"] = (u.Labeled ?? []).Select(seed => seed.Select(FileOf).ToArray()).ToArray(),
            }),
            ["seeds"] = result.Options.Seeds,
            ["first_seed"] = result.Options.FirstSeed,
            ["steps"] = training.Steps,
            ["image_dropout"] = Math.Round(training.ImageDropout, 4),
            ["threshold"] = Math.Round(training.Threshold, 4),
            ["lambda_u"] = Math.Round(training.LambdaU, 4),
            ["distribution_alignment"] = training.DistributionAlignment,
            ["coverage_picks"] = result.Options.Coverage,
            ["members"] = result.Options.Members,
            ["input"] = training.Input.ToString().ToLowerInvariant(),
            ["label_features"] = result.Options.LabelFeatures,
            ["clusters"] = clusters,
            ["seconds"] = Math.Round(result.Seconds, 1),
            ["album"] = album is { } a ? new Dictionary<string, object> { ["photos"] = a.Photos, ["fingerprint"] = a.Fingerprint } : null,
        };
    }
}
