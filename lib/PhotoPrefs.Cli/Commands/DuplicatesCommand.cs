using System.CommandLine;
using PhotoPrefs.Duplicates;

namespace PhotoPrefs.Cli.Commands;

/// <summary><c>photoprefs duplicates --workspace W [--kind copy|burst|similar] [--all] [--json]</c>: stage 7.</summary>
internal static class DuplicatesCommand
{
    /// <summary>Groups listed per kind without <c>--all</c>: an album of thousands of groups stays readable.</summary>
    private const int ListedPerKind = 25;

    public static Command Create()
    {
        var workspace = CommonOptions.Workspace();
        var json = CommonOptions.Json();
        var kind = new Option<string?>("--kind") { Description = "Only groups of this kind: copy, burst or similar." };
        kind.AcceptOnlyFromAmong("copy", "burst", "similar");
        var all = new Option<bool>("--all") { Description = $"List every group; without it, the first {ListedPerKind} of each kind (the JSON line always has every group)." };
        var cmd = new Command("duplicates", "Group exact and edited copies, bursts and similar shots, each with the photo to keep and why. Changes no album file.") { workspace, kind, all, json };
        cmd.SetAction((parse, ct) => CommonOptions.Guard(c =>
        {
            var only = parse.GetValue(kind);
            var groups = CommonOptions.Open(parse.GetValue(workspace)!).Duplicates(cancellationToken: c).Where(g => only is null || Name(g.Kind) == only).ToList();
            Print(groups, only, parse.GetValue(all));
            if (parse.GetValue(json))
            {
                CommonOptions.PrintJson(new DuplicatesJson([.. groups.Select(g => new DuplicateGroupJson(g.Keep.Path, [.. g.Members.Select(m => m.Path)], Name(g.Kind), g.Reasons))]));
            }

            return 0;
        }, ct));
        return cmd;
    }

    private static void Print(List<DuplicateGroup> groups, string? only, bool all)
    {
        Console.WriteLine($"duplicates: {groups.Count} groups ({string.Join(", ", Enum.GetValues<DuplicateKind>().Where(k => only is null || Name(k) == only).Select(k => $"{groups.Count(g => g.Kind == k)} {Name(k)}"))}), {groups.Sum(g => g.Members.Count - 1)} photos beside the ones to keep");
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
    }

    private static string Name(DuplicateKind kind) => kind switch
    {
        DuplicateKind.Copy => "copy",
        DuplicateKind.Burst => "burst",
        _ => "similar",
    };
}
