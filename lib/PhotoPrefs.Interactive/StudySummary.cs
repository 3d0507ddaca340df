using System.Text.Json;
using PhotoPrefs.Evaluation;
using PhotoPrefs.Pipeline;

namespace PhotoPrefs.Interactive;

/// <summary>
/// A study's F1 and precision per user and variant, for charts and tables (<see cref="StudyCharts"/>): from a study
/// just run (<see cref="From(StudyRun)"/>) or from the JSON record <c>photoprefs study --json</c> prints
/// (<see cref="FromJson"/>).
/// </summary>
/// <param name="Fingerprint">The album's fingerprint (<see cref="Store.WorkspaceSummary.AlbumFingerprint"/>).</param>
/// <param name="Photos">Photos in the album.</param>
/// <param name="Seeds">Seeds per user.</param>
/// <param name="ActiveLabels">Labels added by active learning (0 without the comparison).</param>
/// <param name="Scores">Per user, FixMatch first, then the ablations in the order of <see cref="VariantOrder"/>.</param>
public sealed record StudySummary(string Fingerprint, int Photos, int Seeds, int ActiveLabels, IReadOnlyList<StudyScore> Scores)
{
    /// <summary>The variants in the order they are shown: FixMatch, its two baselines, the tuned threshold, active learning, the operating points for a cautious user.</summary>
    public static IReadOnlyList<string> VariantOrder => Order;

    private static readonly string[] Order = [Study.FixMatch, Study.SupervisedOnly, Study.RandomLabels, Study.TunedThreshold, Study.ActiveUncertainty, Study.ActiveRandom, Study.PrecisionTarget, Study.FewDeletesRule];

    /// <summary>The users, in the study's order.</summary>
    public IReadOnlyList<string> Users => Scores.Select(s => s.User).Distinct().ToList();

    /// <summary>The variants present, in <see cref="VariantOrder"/> (others after them).</summary>
    public IReadOnlyList<string> Variants => Scores.Select(s => s.Variant).Distinct().OrderBy(Rank).ToList();

    /// <summary>One user's score under one variant, or null.</summary>
    /// <param name="user">The user.</param>
    /// <param name="variant">The variant's name.</param>
    /// <returns>The score, or null where the study has none.</returns>
    public StudyScore? Score(string user, string variant) => Scores.FirstOrDefault(s => s.User == user && s.Variant == variant);

    /// <summary>The summary of a study just run.</summary>
    /// <param name="run">The study.</param>
    /// <returns>The summary: every variant with its per-seed F1 and precision.</returns>
    public static StudySummary From(StudyRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var scores = new List<StudyScore>();
        foreach (var user in run.Result.Users)
        {
            foreach (var v in new[] { user.Main }.Concat(user.Ablations.Values).OrderBy(v => Rank(v.Name)))
            {
                scores.Add(new StudyScore(user.User, v.Name, v.F1Mean, v.F1Std, v.PrecisionMean, v.F1, v.Precision));
            }
        }

        int active = run.Result.Options.Ablations ? run.Result.Options.ActiveLabels : 0;
        return new StudySummary(run.Fingerprint, run.Photos, run.Result.Options.Seeds, active, scores);
    }

    /// <summary>
    /// The summary of a stored study: the JSON record of <c>photoprefs study --json</c>. It keeps FixMatch's F1 per
    /// seed, and of each ablation only the means and the F1's standard deviation; precision per seed where a
    /// record has <c>precision_per_seed</c>.
    /// </summary>
    /// <param name="json">The record.</param>
    /// <returns>The summary.</returns>
    /// <exception cref="PhotoPrefsException">Not a study record (invalid JSON, or no <c>users</c>, <c>seeds</c> or <c>album</c>).</exception>
    public static StudySummary FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            var album = root.GetProperty("album");
            var scores = new List<StudyScore>();
            int active = 0;
            foreach (var user in root.GetProperty("users").EnumerateObject())
            {
                scores.Add(Read(user.Name, Study.FixMatch, user.Value));
                if (user.Value.TryGetProperty("ablations", out var ablations))
                {
                    scores.AddRange(ablations.EnumerateObject().OrderBy(a => Rank(a.Name)).Select(a => Read(user.Name, a.Name, a.Value)));
                }

                if (user.Value.TryGetProperty("active_learning", out var al) && al.ValueKind == JsonValueKind.Object)
                {
                    active = al.GetProperty("labels_added").GetInt32();
                }
            }

            return new StudySummary(album.GetProperty("fingerprint").GetString() ?? "", album.GetProperty("photos").GetInt32(), root.GetProperty("seeds").GetInt32(), active, scores);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new PhotoPrefsException("not a study record of 'photoprefs study --json': " + e.Message, e);
        }

        static StudyScore Read(string user, string variant, JsonElement e) => new(user, variant,
            e.GetProperty("f1_mean").GetDouble(), e.GetProperty("f1_std").GetDouble(), e.GetProperty("precision_mean").GetDouble(),
            Values(e, "f1_per_seed"), Values(e, "precision_per_seed"));

        static double[] Values(JsonElement e, string name) =>
            e.TryGetProperty(name, out var a) && a.ValueKind == JsonValueKind.Array ? [.. a.EnumerateArray().Select(x => x.GetDouble())] : [];
    }

    private static int Rank(string variant)
    {
        int i = Array.IndexOf(Order, variant);
        return i < 0 ? Order.Length : i;
    }
}
