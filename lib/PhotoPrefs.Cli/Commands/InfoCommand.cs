using System.CommandLine;

namespace PhotoPrefs.Cli.Commands;

/// <summary><c>photoprefs info --workspace W [--json]</c>.</summary>
internal static class InfoCommand
{
    public static Command Create()
    {
        var workspace = CommonOptions.Workspace();
        var json = CommonOptions.Json();
        var cmd = new Command("info", "Summarise a workspace: photos, skipped files with reasons, labels.") { workspace, json };
        cmd.SetAction((parse, ct) => CommonOptions.Guard(_ =>
        {
            var s = CommonOptions.Open(parse.GetValue(workspace)!).Summary();
            Output.Workspace(s);
            if (parse.GetValue(json))
            {
                CommonOptions.PrintJson(new InfoJson(s.WorkspaceFolder, s.SchemaVersion, s.Photos, [.. s.Skipped.Select(k => new SkippedJson(k.RelativePath, k.Reason))],
                    s.Missing, s.Formats, s.CompressedBytes, s.Labels.ToDictionary(l => l.Key, l => new LabelCountJson(l.Value.Keep, l.Value.Delete))));
            }

            return 0;
        }, ct));
        return cmd;
    }
}
