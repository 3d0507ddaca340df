using System.CommandLine;
using PhotoPrefs.Pipeline;

namespace PhotoPrefs.Cli.Commands;

/// <summary><c>photoprefs import ALBUM [--workspace W]</c>: stage 1.</summary>
internal static class ImportCommand
{
    public static Command Create()
    {
        var album = new Argument<string>("album") { Description = "The album folder (read only: nothing in it is ever changed)." };
        var workspace = CommonOptions.Workspace();
        var inside = new Option<bool>("--allow-workspace-in-album") { Description = "Allow the workspace folder to lie inside the album." };
        var cmd = new Command("import", "Import an album folder into the workspace (incremental and resumable).") { album, workspace, inside };
        cmd.SetAction((parse, ct) => CommonOptions.Guard(c =>
        {
            var (folder, allow) = (parse.GetValue(album)!, parse.GetValue(inside));
            var summary = Album.OpenForImport(folder, parse.GetValue(workspace)!, allow, new ConsoleProgress()).Import(folder, allowWorkspaceInAlbum: allow, cancellationToken: c);
            Output.Import(summary);
            return 0;
        }, ct));
        return cmd;
    }
}
