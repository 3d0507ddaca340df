using PhotoPrefs.Duplicates;
using PhotoPrefs.Features;

namespace PhotoPrefs.Suggestions;

/// <summary>The reasons given with a suggestion, in words, from the photo signals and the near-duplicate groups.</summary>
public static class SuggestionReasons
{
    /// <summary>
    /// Edge width (<see cref="ImageStats.EdgeWidth"/>, pixels of the detail image) from which a photo reads as
    /// blurred: in-focus photos read 2 to 3 px; a Gaussian blur of 1.5 px or more, or a sideways shake of
    /// 15 px, reads wider than 4.
    /// </summary>
    public const float BlurredEdgeWidth = 4;

    /// <summary>
    /// Reasons per photo, from the signals: "blurred" (its crispest edges, along their softest direction, at
    /// least <see cref="BlurredEdgeWidth"/> pixels wide: out of focus or shaken),
    /// "dark" (median brightness below 0.2), "overexposed" (more than a quarter of pixels clipped bright),
    /// "burst duplicate of FILE" (a burst member that is not its sharpest shot).
    /// </summary>
    /// <param name="signals">The signals.</param>
    /// <param name="paths">Path by photo id.</param>
    /// <returns>Reasons per row of <paramref name="signals"/>.</returns>
    public static IReadOnlyList<string>[] Reasons(PhotoSignals signals, IReadOnlyDictionary<long, string> paths)
    {
        ArgumentNullException.ThrowIfNull(signals);
        ArgumentNullException.ThrowIfNull(paths);
        int n = signals.PhotoIds.Count;
        var best = new Dictionary<int, int>();
        for (int i = 0; i < n; i++)
        {
            if (signals.BurstBest[i])
            {
                best[signals.Burst[i]] = i;
            }
        }

        var result = new IReadOnlyList<string>[n];
        for (int i = 0; i < n; i++)
        {
            var r = new List<string>();
            if (signals.Get(i, "edge_width") >= BlurredEdgeWidth)
            {
                r.Add("blurred");
            }

            if (signals.Get(i, "brightness") < 0.2f)
            {
                r.Add("dark");
            }

            if (signals.Get(i, "clipped_bright") > 0.25f)
            {
                r.Add("overexposed");
            }

            if (signals.Burst[i] >= 0 && !signals.BurstBest[i] && best.TryGetValue(signals.Burst[i], out var keeper))
            {
                r.Add("burst duplicate of " + paths.GetValueOrDefault(signals.PhotoIds[keeper], "?"));
            }

            result[i] = r;
        }

        return result;
    }

    /// <summary>"copy of FILE" for every member of a copy group but the one to keep (<see cref="DuplicateFinder"/>).</summary>
    /// <param name="groups">Duplicate groups.</param>
    /// <returns>The reason by photo id.</returns>
    public static Dictionary<long, string> CopyReasons(IEnumerable<DuplicateGroup> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var result = new Dictionary<long, string>();
        foreach (var g in groups.Where(g => g.Kind == DuplicateKind.Copy))
        {
            foreach (var m in g.Members.Where(m => m.PhotoId != g.Keep.PhotoId))
            {
                result[m.PhotoId] = "copy of " + g.Keep.Path;
            }
        }

        return result;
    }
}
