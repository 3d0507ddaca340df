using System.CommandLine;
using System.Security.Cryptography;
using System.Text;
using PhotoPrefs.Evaluation;
using PhotoPrefs.Interactive;
using PhotoPrefs.Pipeline;
using PhotoPrefs.SemiSupervised;
using PhotoPrefs.Store;

namespace PhotoPrefs.Cli.Commands;

/// <summary><c>photoprefs study [--album DIR --labels DIR] --users J,F,C --seeds 3 [--json]</c>: the three-user evaluation (stage 6).</summary>
internal static class StudyCommand
{
    public static Command Create()
    {
        var album = new Option<string?>("--album") { Description = "The album folder (default: data-sample/album)." };
        var labels = new Option<string?>("--labels") { Description = "A folder of <user>.csv files ('file,label', keep or delete) (default: data-sample/labels)." };
        var users = new Option<string>("--users") { Description = "Users, comma separated.", DefaultValueFactory = _ => "J,F,C" }
            .Checked(u => Users(u).ForEach(n => LabelStore.ValidateUser(n)));
        var seeds = new Option<int>("--seeds") { Description = "Seeds per user.", DefaultValueFactory = _ => 3 }.Must(n => n >= 1, "must be at least 1");
        var steps = new Option<int>("--steps") { Description = "FixMatch steps per training.", DefaultValueFactory = _ => AlbumTraining.Defaults.Steps }.Must(n => n >= 1, "must be at least 1");
        var noAblations = new Option<bool>("--no-ablations") { Description = "Only the main protocol (about a quarter of the time)." };
        var alignment = new Option<bool>("--distribution-alignment") { Description = "Distribution alignment of the pseudo-labels (ReMixMatch's; off by default, compare a run with it and one without).", DefaultValueFactory = _ => AlbumTraining.Defaults.DistributionAlignment };
        var dropout = new Option<float>("--image-dropout") { Description = "Chance that a labeled example is seen by its signals alone in a training step (0 to 1; 0 turns it off).", DefaultValueFactory = _ => AlbumTraining.Defaults.ImageDropout }
            .Must(p => p is >= 0 and <= 1, "must be between 0 and 1");
        var threshold = new Option<float>("--threshold") { Description = "FixMatch's confidence threshold for a pseudo-label (tau, above 0.5 and at most 1).", DefaultValueFactory = _ => AlbumTraining.Defaults.Threshold }
            .Must(t => t is > 0.5f and <= 1f, "must be above 0.5 and at most 1 (a pseudo-label is the class with that confidence)");
        var lambdaU = new Option<float>("--lambda-u") { Description = "Weight of FixMatch's unlabeled loss (0 or more; 0 trains on the labels alone, though with the unlabeled photos' batch statistics).", DefaultValueFactory = _ => AlbumTraining.Defaults.LambdaU }
            .Must(w => w >= 0 && float.IsFinite(w), "must be 0 or more");
        var coveragePicks = new Option<bool>("--coverage-picks") { Description = "Half of the 45 representatives cover the photos' sharpness, exposure, time and bursts instead of coming from the content clusters." };
        var members = new Option<int>("--members") { Description = "Models trained per run, each with its own seed, their p(delete) averaged, as 'photoprefs train' does.", DefaultValueFactory = _ => AlbumTraining.DefaultMembers }.Must(n => n >= 1, "must be at least 1");
        var firstSeed = new Option<int>("--first-seed") { Description = "The first seed: --first-seed 3 --seeds 3 runs seeds 3, 4 and 5, the same runs as in a --seeds 6 run." }.Must(n => n >= 0, "must be 0 or more");
        var clusters = new Option<int>("--clusters") { Description = $"Clusters of the training photos that the 45 representatives are drawn from, 1 to 45 ({StudySetup.DefaultClusters}, the default, as 'photoprefs cluster' picks: each cluster's medoid, the rest spread by size; 45: one medoid per cluster; 0: the album's k chosen by 'photoprefs cluster').", DefaultValueFactory = _ => StudySetup.DefaultClusters }
            .Must(k => k is >= 0 and <= 45, "must be between 1 and 45 (one label per cluster at most), or 0 for the album's k");
        var input = new Option<string>("--input") { Description = "What the network sees: views (each photo's pretrained embedding and its weak and strong views, into a small head) or pixels (32 x 32 thumbnails into the reference CNN).", DefaultValueFactory = _ => AlbumTraining.Defaults.Input.ToString().ToLowerInvariant() };
        input.AcceptOnlyFromAmong("views", "pixels");
        var labelSpace = new Option<string>("--label-features") { Description = "Features the 45 photos to label are clustered on (kinds joined by '+', embedding among them).", DefaultValueFactory = _ => StudyOptions.DefaultLabelFeatures };
        var precision = new Option<double>("--precision") { Description = "The target precision of the precision_target variant (with --calibration): the main model cut where the precision on the labels' cross-fitted predictions reaches it, never below 0.5.", DefaultValueFactory = _ => OperatingPoint.DefaultTarget }
            .Must(p => p is > 0 and <= 1, "must be above 0 and at most 1");
        var calibration = new Option<bool>("--calibration") { Description = "With the ablations: also cross-fit each seed's labels with the main model's steps, and report the reliability of p(delete) before and after Platt scaling, and the precision_target and few_deletions_rule variants (about 50 % more time)." };
        var workspace = new Option<string?>("--workspace", "-w") { Description = "Workspace for the album (default: one per album in the system temp folder, reused)." };
        var json = CommonOptions.Json();
        var output = new Option<string?>("--out", "-o") { Description = "Also write the self-contained HTML report with the study table." };
        var cmd = new Command("study", "The three-user evaluation: per user and seed, 45 representative labels, 315 unlabeled, 50 test photos; FixMatch and its ablations.")
        {
            album, labels, users, seeds, firstSeed, steps, noAblations, alignment, dropout, threshold, lambdaU, coveragePicks, clusters, input, labelSpace, members, precision, calibration, workspace, json, output,
        };
        cmd.SetAction((parse, ct) => CommonOptions.Guard(c =>
        {
            var training = AlbumTraining.Defaults with
            {
                Input = Enum.Parse<FixMatchInput>(parse.GetValue(input)!, ignoreCase: true), Steps = parse.GetValue(steps), DistributionAlignment = parse.GetValue(alignment),
                ImageDropout = parse.GetValue(dropout), Threshold = parse.GetValue(threshold), LambdaU = parse.GetValue(lambdaU),
            };
            var options = new StudyOptions(Seeds: parse.GetValue(seeds), FirstSeed: parse.GetValue(firstSeed), LabelFeatures: parse.GetValue(labelSpace)!, Training: training,
                Ablations: !parse.GetValue(noAblations), Coverage: parse.GetValue(coveragePicks), Members: parse.GetValue(members), Precision: parse.GetValue(precision),
                Calibration: parse.GetValue(calibration));
            var (albumFolder, labelsFolder) = (parse.GetValue(album), parse.GetValue(labels));
            if (albumFolder is null || labelsFolder is null)
            {
                var sample = CommonOptions.FindDataSample();
                albumFolder ??= Path.Combine(sample, "album");
                labelsFolder ??= Path.Combine(sample, "labels");
            }

            if (!Directory.Exists(albumFolder))
            {
                throw new PhotoPrefsException($"album folder not found: {albumFolder}");
            }

            var setup = new StudySetup(albumFolder, labelsFolder, Users(parse.GetValue(users)!), options, parse.GetValue(clusters));
            Run(setup, parse.GetValue(workspace), parse.GetValue(json), parse.GetValue(output), c);
            return 0;
        }, ct));
        return cmd;
    }

    private static List<string> Users(string list) => [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static void Run(StudySetup setup, string? workspace, bool json, string? output, CancellationToken ct)
    {
        var wsDir = workspace ?? Path.Combine(Path.GetTempPath(), "photoprefs-study-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(setup.AlbumFolder))))[..12]);
        var album = CommonOptions.Open(wsDir, create: true);
        Console.WriteLine($"study: album {Path.GetFullPath(setup.AlbumFolder)}, workspace {album.Workspace.Directory}");
        var o = setup.Options;
        var t = o.Training!;
        Console.WriteLine($"study: {setup.Users.Count} users x {o.Seeds} seeds{(o.FirstSeed > 0 ? $" from seed {o.FirstSeed}" : "")}, {t.Steps} steps per training{(o.Ablations ? ", with ablations" : "")}{(t.DistributionAlignment ? ", distribution alignment" : ", no distribution alignment")}, image dropout {t.ImageDropout:0.##}, threshold {t.Threshold:0.###}, lambda_u {t.LambdaU:0.###}, {(o.Members > 1 ? $"{o.Members} models averaged per training, " : "")}{(o.Coverage ? "half the representatives cover the conditions" : "representatives from the content clusters")}");
        var run = album.Study(setup, new InlineProgress<string>(line => Console.WriteLine("  " + line)), ct);
        Output.Import(run.Imported);
        Console.WriteLine($"study: {run.Photos} photos, album fingerprint {run.Fingerprint} (path, content and capture time of each), k = {run.Clusters}");
        foreach (var (user, (count, deletes)) in run.Truth)
        {
            Console.WriteLine($"study: {user}: {count} labels, {deletes} delete");
        }

        Output.Study(run.Result);
        if (output is not null)
        {
            Console.WriteLine($"study: report {album.WriteReport(output, study: run.Result)}");
        }

        if (json)
        {
            CommonOptions.PrintJson(run.ToJson());
        }
    }
}
