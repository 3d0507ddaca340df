using System.CommandLine;

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
            if (!Directory.Exists(Path.GetFullPath(parse.GetValue(album)!)))
            {
                // Checked before the workspace folder is made, so a mistyped album leaves nothing behind.
                var full = Path.GetFullPath(parse.GetValue(album)!);
                throw new PhotoPrefsException(File.Exists(full) ? $"album is a file, not a folder: {full}" : $"album folder not found: {full}");
            }

            var summary = CommonOptions.Open(parse.GetValue(workspace)!, create: true).Import(parse.GetValue(album)!, allowWorkspaceInAlbum: parse.GetValue(inside), cancellationToken: c);
            Output.Import(summary);
            return 0;
        }, ct));
        return cmd;
    }
}
