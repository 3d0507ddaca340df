using System.CommandLine;
using PhotoPrefs.Pipeline;
using PhotoPrefs.SemiSupervised;
using PhotoPrefs.Store;
using PhotoPrefs.Suggestions;

namespace PhotoPrefs.Cli.Commands;

/// <summary><c>photoprefs train --workspace W --user U [--steps N] [--members M] [--folds F] [--precision P]</c>: stage 5.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var workspace = CommonOptions.Workspace();
        var user = CommonOptions.User();
        var steps = new Option<int>("--steps") { Description = "Training steps.", DefaultValueFactory = _ => AlbumTraining.Defaults.Steps }.Must(n => n >= 1, "must be at least 1");
        var seed = new Option<int>("--seed") { Description = "Seed.", DefaultValueFactory = _ => 0 };
        var supervised = new Option<bool>("--supervised-only") { Description = "Ignore the unlabeled photos (the baseline)." };
        var logEvery = new Option<int>("--log-every") { Description = "Also print the losses, mask rate and learning rate every N steps (0: only the progress bar).", DefaultValueFactory = _ => 0 }.Must(n => n >= 0, "must be 0 or more");
        var members = new Option<int>("--members") { Description = "Models to train and average (each with its own seed).", DefaultValueFactory = _ => AlbumTraining.DefaultMembers }.Must(n => n >= 1, "must be at least 1");
        var folds = new Option<int>("--folds") { Description = $"After training, cross-fit the labels in this many folds (models trained on the other folds, with as many steps and models, score each fold): the calibration of p(delete) and the cut of 'photoprefs suggest' are estimated on these scores. Takes about as long as that many trainings; 0 skips it.", DefaultValueFactory = _ => AlbumTraining.DefaultFolds }
            .Must(n => n is 0 or >= 2, "must be 0 or at least 2");
        var precision = CommonOptions.Precision();
        var cmd = new Command("train", "Train a user's FixMatch models from their labels plus every unlabeled photo; store them, their mean p(delete) per photo and the labels' cross-fitted p(delete); print the cut the suggestions will use (for --precision, or 0.5).") { workspace, user, steps, seed, supervised, members, folds, precision, logEvery };
        cmd.SetAction((parse, ct) => CommonOptions.Guard(c =>
        {
            var fixMatch = AlbumTraining.Defaults with { Steps = parse.GetValue(steps), Seed = parse.GetValue(seed), SupervisedOnly = parse.GetValue(supervised) };
            Run(CommonOptions.Open(parse.GetValue(workspace)!), parse.GetValue(user)!, new TrainOptions(fixMatch, parse.GetValue(members), parse.GetValue(folds)), parse.GetValue(precision), parse.GetValue(logEvery), c);
            return 0;
        }, ct));
        return cmd;
    }

    private static void Run(Album album, string user, TrainOptions options, double? precision, int logEvery, CancellationToken ct)
    {
        var labels = album.Labels(user);
        var fixMatch = options.FixMatch!;
        Console.WriteLine($"train: user {user}, {labels.Count} labels ({labels.Values.Count(l => l == PhotoLabel.Delete)} delete), {fixMatch.Steps} steps{(fixMatch.SupervisedOnly ? ", supervised only" : ", FixMatch")}, {options.Members} model{(options.Members == 1 ? "" : "s")} averaged");
        var started = DateTime.UtcNow;
        TrainingRecord? last = null;
        var model = album.Train(user, options, new InlineProgress<TrainingRecord>(r =>
        {
            if (last is null && (r.Step > 1 || r.Member > 0))
            {
                Console.WriteLine($"train: resumed from the checkpoints: {r.Member} model{(r.Member == 1 ? "" : "s")} done, model {r.Member + 1} at step {r.Step - 1}");
            }

            last = r;
            if (logEvery > 0 && r.Step % logEvery == 0)
            {
                Console.WriteLine($"  model {r.Member + 1}  step {r.Step,5}  labeled loss {r.LabeledLoss,7:F4}  unlabeled loss {r.UnlabeledLoss,7:F4}  mask rate {r.MaskRate,6:P0}  lr {r.LearningRate:F4}");
            }
        }), ct);
        if (last is not null)
        {
            Console.WriteLine($"train: {options.Members} x {fixMatch.Steps} steps in {(DateTime.UtcNow - started).TotalSeconds:F0} s; last step: labeled loss {last.LabeledLoss:F3}, unlabeled loss {last.UnlabeledLoss:F3}, mask rate {last.MaskRate:P0}");
        }

        Console.WriteLine($"train: model {model.Id} stored with p(delete) for {model.PDelete.Count} photos; {model.PDelete.Values.Count(p => p >= 0.5)} above 0.5");
        if (model.CrossFit is null && precision is not null)
        {
            throw new PhotoPrefsException("--precision needs the cross-fitted predictions: train with --folds 2 or more");
        }

        var cut = album.SuggestionCut(user, new SuggestOptions(Precision: precision));
        Console.WriteLine($"train: suggestions cut at p(delete) {cut.Threshold:F3} ({cut.Rule}): {model.PDelete.Values.Count(p => p >= cut.Threshold)} photos; 'photoprefs suggest{(precision is { } t ? $" --precision {t:0.###}" : "")}' lists them");
        Output.Calibration(cut);
    }
}
