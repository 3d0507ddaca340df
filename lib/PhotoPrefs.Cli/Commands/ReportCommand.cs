using System.CommandLine;
using PhotoPrefs.Interactive;
using PhotoPrefs.Store;

namespace PhotoPrefs.Cli.Commands;

/// <summary><c>photoprefs report --workspace W [--user U] [--out report.html]</c>.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var workspace = CommonOptions.Workspace();
        var user = new Option<string?>("--user", "-u") { Description = "Include this user's training, suggestions and an evaluation against their labels." }
            .Checked(u => _ = u is null ? null : LabelStore.ValidateUser(u));
        var output = new Option<string>("--out", "-o") { Description = "The HTML file to write.", DefaultValueFactory = _ => "report.html" };
        var cmd = new Command("report", "Write one self-contained HTML report (works offline): album, eigen-photos, clusters, near-duplicates, training, suggestions.") { workspace, user, output };
        cmd.SetAction((parse, ct) => CommonOptions.Guard(_ =>
        {
            var path = CommonOptions.Open(parse.GetValue(workspace)!).WriteReport(parse.GetValue(output)!, parse.GetValue(user));
            Console.WriteLine($"report: {path}");
            return 0;
        }, ct));
        return cmd;
    }
}
