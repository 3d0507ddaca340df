using System.CommandLine;

namespace PhotoPrefs.Cli.Commands;

/// <summary><c>photoprefs suggest --workspace W --user U [--threshold 0.5] [--out FILE.csv|.json|.html]</c>: stage 7.</summary>
internal static class SuggestCommand
{
    public static Command Create()
    {
        var workspace = CommonOptions.Workspace();
        var user = CommonOptions.User();
        var threshold = new Option<double>("--threshold") { Description = "Suggest photos with p(delete) at or above this.", DefaultValueFactory = _ => 0.5 }.Must(t => t is >= 0 and <= 1, "must be between 0 and 1");
        var output = new Option<string?>("--out", "-o") { Description = "Write the list to a .csv, .json or .html file." };
        var top = new Option<int>("--top") { Description = "Rows to print (0 for all).", DefaultValueFactory = _ => 20 }.Must(n => n >= 0, "must be 0 or more");
        var cmd = new Command("suggest", "Ranked deletion suggestions from the user's latest model, with the signals behind each. Never touches album files.") { workspace, user, threshold, output, top };
        cmd.SetAction((parse, ct) => CommonOptions.Guard(_ =>
        {
            var album = CommonOptions.Open(parse.GetValue(workspace)!);
            var (name, cut) = (parse.GetValue(user)!, parse.GetValue(threshold));
            var list = album.Suggest(name, cut);
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
