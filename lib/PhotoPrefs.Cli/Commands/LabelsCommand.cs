using System.CommandLine;
using PhotoPrefs.Store;

namespace PhotoPrefs.Cli.Commands;

/// <summary><c>photoprefs labels import|export|show</c>: a user's labels and CSV files.</summary>
internal static class LabelsCommand
{
    public static Command Create()
    {
        var workspace = CommonOptions.Workspace();
        var user = CommonOptions.User();
        var csv = new Option<string>("--csv") { Description = "A 'file,label' CSV (file relative to the album, label keep or delete).", Required = true };
        var reps = new Option<int?>("--representatives") { Description = "Label only the first N representatives of the latest clustering (as a person labeling them first would)." }
            .Must(n => n is null or >= 1, "must be at least 1");
        var import = new Command("import", "Import a user's labels from a CSV file.") { workspace, user, csv, reps };
        import.SetAction((parse, ct) => CommonOptions.Guard(_ =>
        {
            var (name, file) = (parse.GetValue(user)!, parse.GetValue(csv)!);
            var result = CommonOptions.Open(parse.GetValue(workspace)!).ImportLabels(name, file, parse.GetValue(reps));
            Console.WriteLine($"labels: {result.Applied} labels for {name} from {file}{(result.Unmatched.Count > 0 ? $"; {result.Unmatched.Count} files not in the workspace (first: {result.Unmatched[0]})" : "")}");
            return 0;
        }, ct));

        var output = new Option<string>("--out", "-o") { Description = "The CSV file to write ('file,label', the header first).", Required = true };
        var export = new Command("export", "Write a user's labels to a CSV file that 'labels import' reads back.") { workspace, user, output };
        export.SetAction((parse, ct) => CommonOptions.Guard(_ =>
        {
            var name = parse.GetValue(user)!;
            var count = CommonOptions.Open(parse.GetValue(workspace)!).ExportLabels(name, parse.GetValue(output)!);
            Console.WriteLine($"labels: {count} labels of {name} written to {Path.GetFullPath(parse.GetValue(output)!)}");
            return 0;
        }, ct));

        var show = new Command("show", "Count a user's labels.") { workspace, user };
        show.SetAction((parse, ct) => CommonOptions.Guard(_ =>
        {
            var name = parse.GetValue(user)!;
            var labels = CommonOptions.Open(parse.GetValue(workspace)!).Labels(name);
            Console.WriteLine($"{name}: {labels.Count} labels, {labels.Values.Count(l => l == PhotoLabel.Delete)} delete, {labels.Values.Count(l => l == PhotoLabel.Keep)} keep");
            return 0;
        }, ct));
        return new Command("labels", "Keep/delete labels per user profile.") { import, export, show };
    }
}
