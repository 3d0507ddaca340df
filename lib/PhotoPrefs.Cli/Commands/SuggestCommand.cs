using System.CommandLine;
using PhotoPrefs.Evaluation;
using PhotoPrefs.Suggestions;

namespace PhotoPrefs.Cli.Commands;

/// <summary><c>photoprefs suggest --workspace W --user U [--threshold T | --precision P] [--out FILE.csv|.json|.html]</c>: stage 7.</summary>
internal static class SuggestCommand
{
    public static Command Create()
    {
        var workspace = CommonOptions.Workspace();
        var user = CommonOptions.User();
        var threshold = new Option<double?>("--threshold") { Description = "Suggest the photos whose raw p(delete) is at or above this (0 to 1). Wins over --precision." }
            .Must(t => t is null or (>= 0 and <= 1), "must be between 0 and 1");
        var precision = CommonOptions.Precision();
        var calibrate = CommonOptions.Calibrate();
        var output = new Option<string?>("--out", "-o") { Description = "Write the list to a .csv, .json or .html file." };
        var top = new Option<int>("--top") { Description = "Rows to print (0 for all).", DefaultValueFactory = _ => 20 }.Must(n => n >= 0, "must be 0 or more");
        var cmd = new Command("suggest", $"Ranked deletion suggestions from the user's latest model, each with its confidence (p(delete), or with --calibrate p(delete) after Platt scaling) and the signals behind it, and the expected precision of the list. Without --threshold or --precision the list is cut at p(delete) {OperatingPoint.PlainThreshold}. Never touches album files.") { workspace, user, threshold, precision, calibrate, output, top };
        cmd.SetAction((parse, ct) => CommonOptions.Guard(_ =>
        {
            var album = CommonOptions.Open(parse.GetValue(workspace)!);
            var name = parse.GetValue(user)!;
            var options = new SuggestOptions(parse.GetValue(threshold), parse.GetValue(precision), parse.GetValue(calibrate));
            var cut = album.SuggestionCut(name, options);
            var list = album.Suggest(name, options);
            Output.Suggestions(list, name, cut, parse.GetValue(top));
            if (parse.GetValue(output) is { } file)
            {
                album.ExportSuggestions(name, list, file);
                Console.WriteLine($"suggest: written to {Path.GetFullPath(file)}");
            }

            return 0;
        }, ct));
        return cmd;
    }
}
