using System.CommandLine;
using System.Text.Json;
using PhotoPrefs.Albums;
using PhotoPrefs.Apply;
using PhotoPrefs.Embeddings;
using PhotoPrefs.Features;

namespace PhotoPrefs.Cli.Commands;

/// <summary><c>photoprefs duplicates --workspace W [--json]</c>.</summary>
internal static class DuplicatesCommand
{
    public static Command Create()
    {
        var workspace = CommonOptions.Workspace();
        var json = CommonOptions.Json();
        var cmd = new Command("duplicates", "Group exact and edited copies, bursts and similar shots, each with the photo to keep and why. Changes no album file.") { workspace, json };
        cmd.SetAction((parse, ct) => CommonOptions.Guard(c => Task.FromResult(Run(parse.GetValue(workspace)!, parse.GetValue(json), c)), ct));
        return cmd;
    }

    internal static int Run(string workspace, bool json, CancellationToken ct)
    {
        var ws = Workspace.Open(workspace, create: false);
        // What the groups need and is not computed yet (new photos, or 'features' not run).
        CommonOptions.WithProgress("features", report =>
            FeatureStore.Compute(ws, [FeatureKinds.Quality, FeatureKinds.Color, FeatureKinds.Hash], new Progress<FeatureProgress>(p => report(p.Done, p.Total)), ct));
        CommonOptions.WithProgress("embeddings", report =>
            EmbeddingStore.Compute(ws, null, new Progress<FeatureProgress>(p => report(p.Done, p.Total)), ct));
        var groups = Duplicates.Find(ws);
        Console.WriteLine($"duplicates: {groups.Count} groups ({string.Join(", ", Enum.GetValues<DuplicateKind>().Select(k => $"{groups.Count(g => g.Kind == k)} {Name(k)}"))}), {groups.Sum(g => g.Members.Count - 1)} photos beside the ones to keep");
        foreach (var g in groups)
        {
            Console.WriteLine($"{Name(g.Kind),-7} keep {g.Keep.Path} ({string.Join("; ", g.Reasons)}); also {string.Join(", ", g.Members.Skip(1).Select(m => m.Path))}");
        }

        if (json)
        {
            var obj = new { groups = groups.Select(g => new { keep = g.Keep.Path, members = g.Members.Select(m => m.Path), kind = Name(g.Kind), reasons = g.Reasons }) };
            Console.WriteLine(JsonSerializer.Serialize(obj, CommonOptions.JsonOptions));
        }

        return 0;
    }

    private static string Name(DuplicateKind kind) => kind switch
    {
        DuplicateKind.Copy => "copy",
        DuplicateKind.Burst => "burst",
        _ => "similar",
    };
}
