using System.CommandLine;
using System.Text.Json;
using PhotoPrefs.Apply;
using PhotoPrefs.Embeddings;
using PhotoPrefs.Features;
using PhotoPrefs.Store;

namespace PhotoPrefs.Cli.Commands;

/// <summary><c>photoprefs duplicates --workspace W [--kind copy|burst|similar] [--all] [--json]</c>.</summary>
internal static class DuplicatesCommand
{
    public static Command Create()
    {
        var workspace = CommonOptions.Workspace();
        var json = CommonOptions.Json();
        var kind = new Option<string?>("--kind") { Description = "Only groups of this kind: copy, burst or similar." };
        kind.AcceptOnlyFromAmong("copy", "burst", "similar");
        var all = new Option<bool>("--all") { Description = $"List every group; without it, the first {ListedPerKind} of each kind (the JSON line always has every group)." };
        var cmd = new Command("duplicates", "Group exact and edited copies, bursts and similar shots, each with the photo to keep and why. Changes no album file.") { workspace, kind, all, json };
        cmd.SetAction((parse, ct) => CommonOptions.Guard(c => Task.FromResult(Run(parse.GetValue(workspace)!, parse.GetValue(json), c, parse.GetValue(kind), parse.GetValue(all))), ct));
        return cmd;
    }

    /// <summary>Groups listed per kind without <c>--all</c>: an album of thousands of groups stays readable.</summary>
    internal const int ListedPerKind = 25;

    internal static int Run(string workspace, bool json, CancellationToken ct, string? kind = null, bool all = false)
    {
        var ws = Workspace.Open(workspace, create: false);
        // What the groups need and is not computed yet (new photos, or 'features' not run).
        CommonOptions.WithProgress("features", report =>
            FeatureExtraction.Compute(ws, [FeatureKinds.Quality, FeatureKinds.Color, FeatureKinds.Hash], new Progress<FeatureProgress>(p => report(p.Done, p.Total)), ct));
        CommonOptions.WithProgress("embeddings", report =>
            EmbeddingExtraction.Compute(ws, null, new Progress<FeatureProgress>(p => report(p.Done, p.Total)), ct));
        var groups = Duplicates.Stored(ws).Where(g => kind is null || Name(g.Kind) == kind).ToList();
        Console.WriteLine($"duplicates: {groups.Count} groups ({string.Join(", ", Enum.GetValues<DuplicateKind>().Where(k => kind is null || Name(k) == kind).Select(k => $"{groups.Count(g => g.Kind == k)} {Name(k)}"))}), {groups.Sum(g => g.Members.Count - 1)} photos beside the ones to keep");
        foreach (var ofKind in groups.GroupBy(g => g.Kind))
        {
            foreach (var g in all ? ofKind : ofKind.Take(ListedPerKind))
            {
                Console.WriteLine($"{Name(g.Kind),-7} keep {g.Keep.Path} ({string.Join("; ", g.Reasons)}); also {string.Join(", ", g.Members.Skip(1).Select(m => m.Path))}");
            }

            if (!all && ofKind.Count() > ListedPerKind)
            {
                Console.WriteLine($"{Name(ofKind.Key),-7} ... and {ofKind.Count() - ListedPerKind} more {Name(ofKind.Key)} groups (--all lists them, --kind {Name(ofKind.Key)} only these)");
            }
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
