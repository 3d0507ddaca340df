using System.CommandLine;
using PhotoPrefs.Interactive;
using PhotoPrefs.Store;

namespace PhotoPrefs.Cli.Commands;

/// <summary><c>photoprefs report --workspace W [--user U] --out report.html</c>: the self-contained HTML report.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var workspace = CommonOptions.Workspace();
        var user = new Option<string?>("--user", "-u") { Description = "Include this user's training, suggestions and an evaluation against their labels." };
        var output = new Option<string>("--out", "-o") { Description = "The HTML file to write.", DefaultValueFactory = _ => "report.html" };
        var cmd = new Command("report", "Write one self-contained HTML report (works offline): album, eigen-photos, clusters, near-duplicates, training, suggestions.") { workspace, user, output };
        cmd.SetAction((parse, ct) => CommonOptions.Guard(_ => Task.FromResult(Run(parse.GetValue(workspace)!, parse.GetValue(user), parse.GetValue(output)!)), ct));
        return cmd;
    }

    internal static int Run(string workspace, string? user, string output)
    {
        var ws = Workspace.Open(workspace, create: false);
        if (user is not null)
        {
            LabelStore.ValidateUser(user);
        }

        var path = Report.Write(output, ws, user);
        Console.WriteLine($"report: {path}");
        return 0;
    }
}
