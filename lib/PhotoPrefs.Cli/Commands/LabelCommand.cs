using System.CommandLine;
using System.Diagnostics;
using PhotoPrefs.Web.Labeling;

namespace PhotoPrefs.Cli.Commands;

/// <summary><c>photoprefs label --workspace W --user U [--port N] [--no-open]</c>: serves the labeling page until stopped.</summary>
internal static class LabelCommand
{
    public static Command Create()
    {
        var workspace = CommonOptions.Workspace();
        var user = CommonOptions.User();
        var port = new Option<int>("--port") { Description = "Port on 127.0.0.1 (0: a free one).", DefaultValueFactory = _ => 0 };
        var noOpen = new Option<bool>("--no-open") { Description = "Do not open a browser; only print the address." };
        var cmd = new Command("label", "Serve the labeling page on 127.0.0.1 (address with its token on the first line); every click is saved at once. Stop with Ctrl+C.") { workspace, user, port, noOpen };
        cmd.SetAction((parse, ct) => CommonOptions.Guard(c => Run(parse.GetValue(workspace)!, parse.GetValue(user)!, parse.GetValue(port), parse.GetValue(noOpen), c), ct));
        return cmd;
    }

    internal static async Task<int> Run(string workspace, string user, int port, bool noOpen, CancellationToken ct)
    {
        var album = CommonOptions.Open(workspace);
        var ws = album.Workspace;
        await using var server = await LabelingServer.StartAsync(ws, user, port, ct).ConfigureAwait(false);
        Console.WriteLine(server.Url);
        Console.WriteLine($"label: serving the labeling page for {user} from {ws.Directory}; labels are saved on every click; Ctrl+C stops");
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
