using System.CommandLine;
using PhotoPrefs.Suggestions;
using Spectre.Console;

namespace PhotoPrefs.Cli.Commands;

/// <summary><c>photoprefs predict --workspace W --user U [--top N] [--precision P] [--json]</c>: the stored p(delete) of every photo, with its calibrated value.</summary>
internal static class PredictCommand
{
    public static Command Create()
    {
        var workspace = CommonOptions.Workspace();
        var user = CommonOptions.User();
        var top = new Option<int>("--top") { Description = "Rows to print, highest p(delete) first (0 for all).", DefaultValueFactory = _ => 20 }.Must(n => n >= 0, "must be 0 or more");
        var json = CommonOptions.Json();
        var precision = CommonOptions.Precision();
        var calibrate = CommonOptions.Calibrate();
        var cmd = new Command("predict", "Print the stored p(delete) of every photo from the user's latest model, its confidence (p(delete), or with --calibrate p(delete) after Platt scaling on the cross-fitted labels) and whether the suggestions' cut (for --precision, or 0.5) lists it.") { workspace, user, top, precision, calibrate, json };
        cmd.SetAction((parse, ct) => CommonOptions.Guard(_ =>
        {
            var (name, folder) = (parse.GetValue(user)!, parse.GetValue(workspace)!);
            var album = CommonOptions.Open(folder);
            var model = album.Model(name) ?? throw new PhotoPrefsException($"no model for user '{name}': run 'photoprefs train --workspace {folder} --user {name}' first");
            var paths = album.Paths();
            var cut = album.SuggestionCut(name, new SuggestOptions(Precision: parse.GetValue(precision), Calibrate: parse.GetValue(calibrate)));
            var rows = model.PDelete.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key)
                .Select(kv => new PredictionJson(paths.GetValueOrDefault(kv.Key, "?"), Math.Round(kv.Value, 4), Math.Round(cut.Calibration.Apply(kv.Value), 4), kv.Value >= cut.Threshold)).ToList();
            rows = parse.GetValue(top) > 0 ? rows.Take(parse.GetValue(top)).ToList() : rows;
            if (parse.GetValue(json))
            {
                CommonOptions.PrintJson(rows);
                return 0;
            }

            var table = new Table().AddColumns("p(delete)", "confidence", "listed", "photo");
            foreach (var r in rows)
            {
                table.AddRow(r.PDelete.ToString("F3"), r.Confidence.ToString("F3"), r.Listed ? "yes" : "", Markup.Escape(r.File));
            }

            AnsiConsole.Write(table);
            Console.WriteLine($"model {model.Id} of {name}: {model.PDelete.Values.Count(p => p >= 0.5)} of {model.PDelete.Count} photos above 0.5; {model.PDelete.Values.Count(p => p >= cut.Threshold)} at or above the suggestions' cut {cut.Threshold:F3} ({cut.Rule})");
            Output.Calibration(cut);
            return 0;
        }, ct));
        return cmd;
    }
}
