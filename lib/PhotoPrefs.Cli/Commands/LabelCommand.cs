using System.CommandLine;
using System.Diagnostics;
using PhotoPrefs.Pipeline;
using PhotoPrefs.SemiSupervised;
using PhotoPrefs.Suggestions;
using PhotoPrefs.Web.Labeling;

namespace PhotoPrefs.Cli.Commands;

/// <summary>
/// <c>photoprefs label --workspace W --user U [--port N] [--no-open] [--review [--retrain-every K] [--window N] [--threshold T | --precision P] [--steps S] [--members M] [--folds F]]</c>:
/// serves the labeling page, or with <c>--review</c> the review of the user's suggestions, until stopped.
/// </summary>
internal static class LabelCommand
{
    public static Command Create()
    {
        var workspace = CommonOptions.Workspace();
        var user = CommonOptions.User();
        var port = new Option<int>("--port") { Description = "Port on 127.0.0.1 (0: a free one).", DefaultValueFactory = _ => 0 };
        var noOpen = new Option<bool>("--no-open") { Description = "Do not open a browser; only print the address." };
        var review = new Option<bool>("--review") { Description = "Review the current suggestions instead, highest p(delete) first: each keep or delete is saved as a label (source 'review'), the model retrains in the background and the queue follows its new order, and the page shows how many of the latest suggestions you confirmed. Without a model, one is trained first when the labels hold a keep and a delete." };
        var retrainEvery = new Option<int>("--retrain-every") { Description = "With --review: retrain after this many new answers.", DefaultValueFactory = _ => ReviewOptions.DefaultRetrainEvery }.Must(n => n >= 1, "must be at least 1");
        var window = new Option<int>("--window") { Description = "With --review: the live precision is over this many of the latest answers.", DefaultValueFactory = _ => ReviewOptions.DefaultWindow }.Must(n => n >= 1, "must be at least 1");
        var threshold = new Option<double?>("--threshold") { Description = "With --review: review the photos whose p(delete) is at or above this (0 to 1). Wins over --precision." }
            .Must(t => t is null or (>= 0 and <= 1), "must be between 0 and 1");
        var precision = CommonOptions.Precision();
        var steps = new Option<int>("--steps") { Description = "With --review: training steps of each retrain.", DefaultValueFactory = _ => AlbumTraining.Defaults.Steps }.Must(n => n >= 1, "must be at least 1");
        var members = new Option<int>("--members") { Description = "With --review: models trained and averaged in each retrain.", DefaultValueFactory = _ => AlbumTraining.DefaultMembers }.Must(n => n >= 1, "must be at least 1");
        var folds = new Option<int>("--folds") { Description = "With --review: folds each retrain cross-fits the labels in (0 skips it; --precision needs it).", DefaultValueFactory = _ => AlbumTraining.DefaultFolds }
            .Must(n => n is 0 or >= 2, "must be 0 or at least 2");
        var cmd = new Command("label", "Serve the labeling page on 127.0.0.1 (address with its token on the first line); every click is saved at once. With --review, the review of the current suggestions. Stop with Ctrl+C.")
        {
            workspace, user, port, noOpen, review, retrainEvery, window, threshold, precision, steps, members, folds,
        };
        cmd.SetAction((parse, ct) => CommonOptions.Guard(c =>
        {
            ReviewOptions? options = null;
            if (!parse.GetValue(review))
            {
                Option[] reviewOnly = [retrainEvery, window, threshold, precision, steps, members, folds];
                if (reviewOnly.FirstOrDefault(o => parse.GetResult(o) is { Implicit: false }) is { } given)
                {
                    throw new PhotoPrefsException($"{given.Name} belongs to the review: add --review");
                }
            }
            else
            {
                var training = new TrainOptions(AlbumTraining.Defaults with { Steps = parse.GetValue(steps) }, parse.GetValue(members), parse.GetValue(folds));
                options = new ReviewOptions(parse.GetValue(retrainEvery), parse.GetValue(window), training, new SuggestOptions(parse.GetValue(threshold), parse.GetValue(precision)));
            }

            return Run(parse.GetValue(workspace)!, parse.GetValue(user)!, parse.GetValue(port), parse.GetValue(noOpen), options, c);
        }, ct));
        return cmd;
    }

    internal static async Task<int> Run(string workspace, string user, int port, bool noOpen, ReviewOptions? review, CancellationToken ct)
    {
        var album = CommonOptions.Open(workspace);
        var ws = album.Workspace;
        await using var server = review is null
            ? await LabelingServer.StartAsync(ws, user, port, ct).ConfigureAwait(false)
            : await LabelingServer.StartReviewAsync(ws, user, review, port, ct).ConfigureAwait(false);
        Console.WriteLine(server.Url);
        if (server.Review is { } session)
        {
            var state = session.State();
            Console.WriteLine($"label: reviewing {state.Queue.Count} suggestions for {user} from {ws.Directory}{(session.TrainedFirst ? $" (a first model was trained on {state.ModelLabels} labels)" : "")}; answers are saved on every click; the model retrains after every {state.RetrainEvery} answers; Ctrl+C stops");
        }
        else
        {
            Console.WriteLine($"label: serving the labeling page for {user} from {ws.Directory}; labels are saved on every click; Ctrl+C stops");
        }

        Console.Out.Flush();
        if (!noOpen)
        {
            TryOpen(server.Url);
        }

        try
        {
            await server.WaitAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        Console.WriteLine($"label: stopped; {album.Labels(user).Count} labels for {user} are in the workspace");
        return 0;
    }

    private static void TryOpen(Uri url)
    {
        foreach (var opener in new[] { "xdg-open", "open" })
        {
            try
            {
                using var p = Process.Start(new ProcessStartInfo(opener, url.ToString()) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true });
                return;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // Not on this system: the printed address is enough.
            }
        }
    }
}
