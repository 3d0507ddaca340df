using System.CommandLine;
using System.Text.Json;
using PhotoPrefs.Store;

namespace PhotoPrefs.Cli.Commands;

/// <summary><c>photoprefs info --workspace W [--json]</c>.</summary>
internal static class InfoCommand
{
    public static Command Create()
    {
        var workspace = CommonOptions.Workspace();
        var json = CommonOptions.Json();
        var cmd = new Command("info", "Summarise a workspace: photos, skipped files with reasons, labels.") { workspace, json };
        cmd.SetAction((parse, ct) => CommonOptions.Guard(_ => Task.FromResult(Run(parse.GetValue(workspace)!, parse.GetValue(json))), ct));
        return cmd;
    }

    internal static int Run(string workspace, bool json)
    {
        var ws = Workspace.Open(workspace, create: false);
        var s = WorkspaceSummary.Read(ws);
        Print(s, json);
        return 0;
    }

    internal static void Print(WorkspaceSummary s, bool json)
    {
        Console.WriteLine($"workspace {s.WorkspaceFolder} (schema {s.SchemaVersion})");
        Console.WriteLine($"photos    {s.Photos} ({string.Join(", ", s.Formats.Select(f => $"{f.Value} {f.Key}"))})");
        if (s.FirstTaken is { } first && s.LastTaken is { } last)
        {
            Console.WriteLine($"taken     {first:yyyy-MM-dd} .. {last:yyyy-MM-dd}");
        }

        Console.WriteLine($"compressed {s.CompressedBytes / 1024.0:F1} KiB in all, {(s.Photos > 0 ? s.CompressedBytes / (double)s.Photos : 0):F0} bytes a photo");
        Console.WriteLine($"missing   {s.Missing}");
        Console.WriteLine($"skipped   {s.Skipped.Count}");
        foreach (var k in s.Skipped)
        {
            Console.WriteLine($"  {k.RelativePath}: {k.Reason}");
        }

        foreach (var (user, counts) in s.Labels)
        {
            Console.WriteLine($"labels {user}: {counts.Keep} keep, {counts.Delete} delete");
        }

        if (json)
        {
            var obj = new
            {
                workspace = s.WorkspaceFolder,
                schema_version = s.SchemaVersion,
                photos = s.Photos,
                skipped = s.Skipped.Select(k => new { path = k.RelativePath, reason = k.Reason }),
                missing = s.Missing,
                formats = s.Formats,
                compressed_bytes = s.CompressedBytes,
                labels = s.Labels.ToDictionary(l => l.Key, l => new { keep = l.Value.Keep, delete = l.Value.Delete }),
            };
            Console.WriteLine(JsonSerializer.Serialize(obj, CommonOptions.JsonOptions));
        }
    }
}
