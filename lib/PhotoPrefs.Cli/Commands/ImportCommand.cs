using System.CommandLine;
using PhotoPrefs.Albums;
using PhotoPrefs.Store;

namespace PhotoPrefs.Cli.Commands;

/// <summary><c>photoprefs import &lt;album&gt; --workspace W</c>.</summary>
internal static class ImportCommand
{
    public static Command Create()
    {
        var album = new Argument<string>("album") { Description = "The album folder (read only: nothing in it is ever changed)." };
        var workspace = CommonOptions.Workspace();
        var inside = new Option<bool>("--allow-workspace-in-album") { Description = "Allow the workspace folder to lie inside the album." };
        var cmd = new Command("import", "Import an album folder into the workspace (incremental and resumable).") { album, workspace, inside };
        cmd.SetAction((parse, ct) => CommonOptions.Guard(_ => Task.FromResult(Run(parse.GetValue(album)!, parse.GetValue(workspace)!, parse.GetValue(inside), ct)), ct));
        return cmd;
    }

    internal static int Run(string album, string workspace, bool allowInside, CancellationToken ct)
    {
        var albumFull = Path.GetFullPath(album);
        if (!Directory.Exists(albumFull))
        {
            throw new PhotoPrefsException(File.Exists(albumFull) ? $"album is a file, not a folder: {albumFull}" : $"album folder not found: {albumFull}");
        }

        var wsFull = Path.GetFullPath(workspace);
        if (!allowInside && AlbumScanner.IsInside(AlbumScanner.RealPath(wsFull), AlbumScanner.RealPath(albumFull)))
        {
            throw new PhotoPrefsException($"the workspace {wsFull} would lie inside the album; choose another --workspace, or pass --allow-workspace-in-album");
        }

        var ws = Workspace.Open(wsFull);
        var summary = CommonOptions.ImportWithProgress(albumFull, ws, ct);
        CommonOptions.PrintSummary(summary);
        return 0;
    }
}
