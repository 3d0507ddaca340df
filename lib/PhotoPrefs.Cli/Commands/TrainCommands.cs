using System.CommandLine;
using PhotoPrefs.Clustering;
using PhotoPrefs.SemiSupervised;
using Spectre.Console;
using PhotoPrefs.Store;

namespace PhotoPrefs.Cli.Commands;

/// <summary>
/// <c>photoprefs labels import|show</c>, <c>photoprefs train</c> and <c>photoprefs predict</c>: a user's labels,
/// their FixMatch model, and its p(delete) per photo.
/// </summary>
internal static class TrainCommands
{
    public static Command Labels()
    {
        var workspace = CommonOptions.Workspace();
        var user = User();
        var csv = new Option<string>("--csv") { Description = "A 'file,label' CSV (file relative to the album, label keep or delete).", Required = true };
        var reps = new Option<int?>("--representatives") { Description = "Label only the first N representatives of the latest clustering (as a person labeling them first would)." };
        var import = new Command("import", "Import a user's labels from a CSV file.") { workspace, user, csv, reps };
        import.SetAction((parse, ct) => CommonOptions.Guard(_ => Task.FromResult(Import(parse.GetValue(workspace)!, parse.GetValue(user)!, parse.GetValue(csv)!, parse.GetValue(reps))), ct));
        var show = new Command("show", "Count a user's labels.") { workspace, user };
        show.SetAction((parse, ct) => CommonOptions.Guard(_ => Task.FromResult(Show(parse.GetValue(workspace)!, parse.GetValue(user)!)), ct));
        return new Command("labels", "Keep/delete labels per user profile.") { import, show };
    }

    public static Command Train()
    {
        var workspace = CommonOptions.Workspace();
        var user = User();
        var steps = new Option<int>("--steps") { Description = "Training steps.", DefaultValueFactory = _ => AlbumTraining.Defaults.Steps };
        var seed = new Option<int>("--seed") { Description = "Seed.", DefaultValueFactory = _ => 0 };
        var supervised = new Option<bool>("--supervised-only") { Description = "Ignore the unlabeled photos (the baseline)." };
        var logEvery = new Option<int>("--log-every") { Description = "Also print the losses, mask rate and learning rate every N steps (0: only the progress bar).", DefaultValueFactory = _ => 0 };
        var members = new Option<int>("--members") { Description = "Models to train and average (each with its own seed).", DefaultValueFactory = _ => AlbumTraining.DefaultMembers };
        var cmd = new Command("train", "Train a user's FixMatch models from their labels plus every unlabeled photo; store them and their mean p(delete) per photo.") { workspace, user, steps, seed, supervised, members, logEvery };
        cmd.SetAction((parse, ct) => CommonOptions.Guard(c =>
        {
            if (parse.GetValue(members) < 1)
            {
                throw new PhotoPrefsException($"--members must be at least 1, not {parse.GetValue(members)}");
            }

            var options = AlbumTraining.Defaults with { Steps = parse.GetValue(steps), Seed = parse.GetValue(seed), SupervisedOnly = parse.GetValue(supervised) };
            return Task.FromResult(RunTrain(Workspace.Open(parse.GetValue(workspace)!, create: false), parse.GetValue(user)!, options, c, parse.GetValue(logEvery), parse.GetValue(members)) is not null ? 0 : 1);
        }, ct));
        return cmd;
    }

    public static Command Predict()
    {
        var workspace = CommonOptions.Workspace();
        var user = User();
        var top = new Option<int>("--top") { Description = "Rows to print, highest p(delete) first (0 for all).", DefaultValueFactory = _ => 20 };
        var json = CommonOptions.Json();
        var cmd = new Command("predict", "Print the stored p(delete) of every photo from the user's latest model.") { workspace, user, top, json };
        cmd.SetAction((parse, ct) => CommonOptions.Guard(_ => Task.FromResult(RunPredict(parse.GetValue(workspace)!, parse.GetValue(user)!, parse.GetValue(top), parse.GetValue(json))), ct));
        return cmd;
    }

    internal static Option<string> User() => new("--user", "-u") { Description = "The user profile (for example J).", Required = true };

    internal static int Import(string workspace, string user, string csv, int? representatives)
    {
        var ws = Workspace.Open(workspace, create: false);
        IReadOnlySet<long>? only = null;
        if (representatives is { } n)
        {
            var reps = AlbumClustering.LatestRepresentatives(ws);
            if (reps.Count == 0)
            {
                throw new PhotoPrefsException("no representatives yet: run 'photoprefs cluster' first");
            }

            only = reps.Take(n).ToHashSet();
        }

        var result = LabelStore.Import(ws, user, LabelStore.ReadCsv(csv), "csv", only);
        Console.WriteLine($"labels: {result.Applied} labels for {user} from {csv}{(result.Unmatched.Count > 0 ? $"; {result.Unmatched.Count} files not in the workspace (first: {result.Unmatched[0]})" : "")}");
        return 0;
    }

    internal static int Show(string workspace, string user)
    {
        var labels = LabelStore.Get(Workspace.Open(workspace, create: false), user);
        Console.WriteLine($"{user}: {labels.Count} labels, {labels.Values.Count(l => l == PhotoLabel.Delete)} delete, {labels.Values.Count(l => l == PhotoLabel.Keep)} keep");
        return 0;
    }

    internal static StoredModel? RunTrain(Workspace ws, string user, FixMatchOptions options, CancellationToken ct, int logEvery = 0, int members = AlbumTraining.DefaultMembers)
    {
        var labels = LabelStore.Get(ws, user);
        if (options.Input == FixMatchInput.Views)
        {
            CommonOptions.WithProgress("embeddings and their views", report =>
                AlbumLoader.EnsureInputs(ws, options.Input, new Progress<Features.FeatureProgress>(p => report(p.Done, p.Total)), ct));
        }

        Console.WriteLine($"train: user {user}, {labels.Count} labels ({labels.Values.Count(l => l == PhotoLabel.Delete)} delete), {options.Steps} steps{(options.SupervisedOnly ? ", supervised only" : ", FixMatch")}, {members} model{(members == 1 ? "" : "s")} averaged");
        StoredModel? model = null;
        var started = DateTime.UtcNow;
        TrainingRecord? last = null;
        CommonOptions.WithProgress("train", (Action<Action<int, int, string?>>)(report =>
        {
            model = StoredModels.TrainAndStore(ws, user, members, options, new InlineProgress<TrainingRecord>(r =>
            {
                if (last is null && (r.Step > 1 || r.Member > 0))
                {
                    Console.WriteLine($"train: resumed from the checkpoints: {r.Member} model{(r.Member == 1 ? "" : "s")} done, model {r.Member + 1} at step {r.Step - 1}");
                }

                last = r;
                report((r.Member * options.Steps) + r.Step, members * options.Steps, $"model {r.Member + 1}/{members}  Lx {r.LabeledLoss:F3}  Lu {r.UnlabeledLoss:F3}  mask {r.MaskRate:P0}");
                if (logEvery > 0 && r.Step % logEvery == 0)
                {
                    Console.WriteLine($"  model {r.Member + 1}  step {r.Step,5}  labeled loss {r.LabeledLoss,7:F4}  unlabeled loss {r.UnlabeledLoss,7:F4}  mask rate {r.MaskRate,6:P0}  lr {r.LearningRate:F4}");
                }
            }), ct);
        }));
        if (last is not null)
        {
            Console.WriteLine($"train: {members} x {options.Steps} steps in {(DateTime.UtcNow - started).TotalSeconds:F0} s; last step: labeled loss {last.LabeledLoss:F3}, unlabeled loss {last.UnlabeledLoss:F3}, mask rate {last.MaskRate:P0}");
        }

        Console.WriteLine($"train: model {model!.Id} stored with p(delete) for {model.PDelete.Count} photos; {model.PDelete.Values.Count(p => p >= 0.5)} above 0.5");
        return model;
    }

    internal static int RunPredict(string workspace, string user, int top, bool json)
    {
        var ws = Workspace.Open(workspace, create: false);
        var model = StoredModels.Latest(ws, user) ?? throw new PhotoPrefsException($"no model for user '{user}': run 'photoprefs train --workspace {workspace} --user {user}' first");
        var paths = LabelStore.PhotoIdsByPath(ws).ToDictionary(kv => kv.Value, kv => kv.Key);
        var rows = model.PDelete.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key).Select(kv => (Path: paths.GetValueOrDefault(kv.Key, "?"), P: kv.Value)).ToList();
        if (top > 0)
        {
            rows = rows.Take(top).ToList();
        }

        if (json)
        {
            Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(rows.Select(r => new { file = r.Path, p_delete = Math.Round(r.P, 4) })));
            return 0;
        }

        var table = new Table().AddColumns("p(delete)", "photo");
        foreach (var (path, p) in rows)
        {
            table.AddRow(p.ToString("F3"), Markup.Escape(path));
        }

        AnsiConsole.Write(table);
        Console.WriteLine($"model {model.Id} of {user}: {model.PDelete.Values.Count(p => p >= 0.5)} of {model.PDelete.Count} photos above 0.5");
        return 0;
    }

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; posts to the thread pool, which would reorder lines).</summary>
    internal sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}

/// <summary><c>photoprefs suggest --workspace W --user U [--threshold 0.5] [--out FILE.csv|.json|.html]</c>.</summary>
internal static class SuggestCommand
{
    public static Command Create()
    {
        var workspace = CommonOptions.Workspace();
        var user = TrainCommands.User();
        var threshold = new Option<double>("--threshold") { Description = "Suggest photos with p(delete) at or above this.", DefaultValueFactory = _ => 0.5 };
        var output = new Option<string?>("--out", "-o") { Description = "Write the list to a .csv, .json or .html file." };
        var top = new Option<int>("--top") { Description = "Rows to print (0 for all).", DefaultValueFactory = _ => 20 };
        var cmd = new Command("suggest", "Ranked deletion suggestions from the user's latest model, with the signals behind each. Never touches album files.") { workspace, user, threshold, output, top };
        cmd.SetAction((parse, ct) => CommonOptions.Guard(_ => Task.FromResult(Run(Workspace.Open(parse.GetValue(workspace)!, create: false), parse.GetValue(user)!, parse.GetValue(threshold), parse.GetValue(output), parse.GetValue(top))), ct));
        return cmd;
    }

    internal static int Run(Workspace ws, string user, double threshold, string? output, int top)
    {
        var list = PhotoPrefs.Apply.Suggestions.For(ws, user, threshold);
        var table = new Table().AddColumns("#", "p(delete)", "photo", "why");
        foreach (var s in top > 0 ? list.Take(top) : list)
        {
            table.AddRow(s.Rank.ToString(), s.PDelete.ToString("F3"), Markup.Escape(s.File), Markup.Escape(string.Join(", ", s.Reasons)));
        }

        AnsiConsole.Write(table);
        Console.WriteLine($"suggest: {list.Count} photos at or above p(delete) {threshold:F2} for {user}; album files are never modified");
        if (output is not null)
        {
            PhotoPrefs.Apply.Suggestions.Export(ws, user, list, output);
            Console.WriteLine($"suggest: written to {Path.GetFullPath(output)}");
        }

        return 0;
    }
}
