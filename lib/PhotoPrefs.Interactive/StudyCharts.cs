using System.Globalization;
using System.Net;
using System.Text;
using Plotly.NET;
using Plotly.NET.LayoutObjects;
using Chart = Plotly.NET.CSharp.Chart;

namespace PhotoPrefs.Interactive;

/// <summary>
/// The three-user study in a notebook: F1 and precision per user with their spread over the seeds, the ablations beside
/// FixMatch, a table of the same numbers, and sentences computed from them on where FixMatch gains.
/// </summary>
public static class StudyCharts
{
    // Two results closer than this are the same to three decimals: "level".
    private const double Level = 0.0005;

    private static readonly Dictionary<string, string> Colours = new(StringComparer.Ordinal)
    {
        [Evaluation.Study.FixMatch] = "#1f77b4",
        [Evaluation.Study.SupervisedOnly] = "#7f7f7f",
        [Evaluation.Study.RandomLabels] = "#bcbd22",
        [Evaluation.Study.TunedThreshold] = "#9467bd",
        [Evaluation.Study.ActiveUncertainty] = "#2ca02c",
        [Evaluation.Study.ActiveRandom] = "#ff7f0e",
        [Evaluation.Study.PrecisionTarget] = "#d62728",
        [Evaluation.Study.FewDeletesRule] = "#8c564b",
    };

    /// <summary>FixMatch's F1 and precision per user: bars at the mean over the seeds, whiskers from the lowest seed to the highest.</summary>
    /// <param name="study">The study.</param>
    /// <param name="album">The album, in words, for the title ("the sample album").</param>
    /// <returns>The chart.</returns>
    public static GenericChart PerUser(StudySummary study, string album)
    {
        ArgumentNullException.ThrowIfNull(study);
        var main = study.Users.Select(u => study.Score(u, Evaluation.Study.FixMatch)!).ToList();
        var chart = Chart.Combine(
        [
            Bars(main, precision: false, "F1", "#1f77b4"),
            Bars(main, precision: true, "precision", "#ff7f0e"),
        ]);
        return Finish(chart, $"FixMatch on {album}: F1 and precision per user, {study.Seeds} seeds", "user", "mean over the seeds (whiskers: lowest, highest)");
    }

    /// <summary>
    /// F1 (or precision) per user under FixMatch and each ablation: supervised only, random labels, the tuned threshold,
    /// and more labels by uncertainty or at random. Bars at the mean over the seeds, whiskers from the lowest seed to the
    /// highest where the study kept each seed's value.
    /// </summary>
    /// <param name="study">The study.</param>
    /// <param name="album">The album, in words, for the title.</param>
    /// <param name="precision">Precision instead of F1.</param>
    /// <returns>The chart.</returns>
    public static GenericChart Variants(StudySummary study, string album, bool precision = false)
    {
        ArgumentNullException.ThrowIfNull(study);
        var traces = study.Variants.Select(v => Bars(study.Users.Select(u => study.Score(u, v)).OfType<StudyScore>().ToList(), precision, Describe(study, v), Colours.GetValueOrDefault(v, "#17becf"))).ToList();
        string measure = precision ? "precision" : "F1";
        var chart = GenericChart.addLayout(Charts.Props(new Layout(), ("barmode", "group"), ("legend", Charts.Props(new Legend(), ("orientation", "h"), ("y", -0.2)))), Chart.Combine(traces));
        return Finish(chart, $"{char.ToUpperInvariant(measure[0])}{measure[1..]} of FixMatch and its ablations on {album}, {study.Seeds} seeds", "user", $"{measure}, mean over the seeds (whiskers: lowest, highest)");
    }

    /// <summary>
    /// The same numbers as a table, rounded to three decimals. Each row also carries its values unrounded as data
    /// attributes (<c>data-user</c>, <c>data-variant</c>, <c>data-f1-mean</c>, <c>data-precision-mean</c>,
    /// <c>data-f1-per-seed</c>, <c>data-precision-per-seed</c>), and the table the album's fingerprint
    /// (<c>data-album</c>), for a program to read.
    /// </summary>
    /// <param name="study">The study.</param>
    /// <returns>HTML.</returns>
    public static string Table(StudySummary study)
    {
        ArgumentNullException.ThrowIfNull(study);
        var sb = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"<table class=\"pp-study\" data-album=\"{Enc(study.Fingerprint)}\" data-seeds=\"{study.Seeds}\">"));
        sb.Append("<tr><th>user</th><th>variant</th><th>F1</th><th>F1, lowest to highest seed</th><th>precision</th><th>precision, lowest to highest seed</th></tr>");
        foreach (var s in study.Scores)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<tr data-user=\"{Enc(s.User)}\" data-variant=\"{Enc(s.Variant)}\" data-f1-mean=\"{s.F1Mean:R}\" data-precision-mean=\"{s.PrecisionMean:R}\" data-f1-per-seed=\"{Joined(s.F1PerSeed)}\" data-precision-per-seed=\"{Joined(s.PrecisionPerSeed)}\">");
            sb.Append(CultureInfo.InvariantCulture, $"<td>{Enc(s.User)}</td><td>{Enc(Describe(study, s.Variant))}</td><td>{s.F1Mean:F3}</td><td>{Range(s.F1PerSeed, $"sd {s.F1Std:F3}")}</td>");
            sb.Append(CultureInfo.InvariantCulture, $"<td>{s.PrecisionMean:F3}</td><td>{Range(s.PrecisionPerSeed, "mean only")}</td></tr>");
        }

        return sb.Append("</table>").ToString();
    }

    /// <summary>
    /// What the numbers say, one sentence per user and a first one for all: where FixMatch's F1 is above supervised only
    /// and random labels, and where not. With each seed's F1 kept for both, seed by seed (every seed shares its test
    /// photos among the variants): a gain where FixMatch is above on some seeds and below on none; with only the
    /// baseline's mean, by the difference of the means against the range of FixMatch's own seeds: a gain only where the
    /// difference is larger. Then the tuned threshold's precision, and active learning against as many random labels.
    /// </summary>
    /// <param name="study">The study.</param>
    /// <returns>The sentences.</returns>
    public static IReadOnlyList<string> Findings(StudySummary study)
    {
        ArgumentNullException.ThrowIfNull(study);
        var perUser = new List<string>();
        var gains = new Dictionary<string, List<string>>();
        var none = new Dictionary<string, List<string>>();
        foreach (var user in study.Users)
        {
            var fm = study.Score(user, Evaluation.Study.FixMatch)!;
            var sb = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"{user}: FixMatch F1 {fm.F1Mean:F3}"));
            sb.Append(fm.F1PerSeed.Count > 1 ? string.Create(CultureInfo.InvariantCulture, $" ({fm.F1Min:F3} to {fm.F1Max:F3} over {fm.F1PerSeed.Count} seeds)") : "");
            foreach (var baseline in new[] { Evaluation.Study.SupervisedOnly, Evaluation.Study.RandomLabels })
            {
                if (study.Score(user, baseline) is not { } b)
                {
                    continue;
                }

                var (words, gain) = Against(fm, b);
                sb.Append(CultureInfo.InvariantCulture, $"; against {Describe(study, baseline)} ({b.F1Mean:F3}) {words}");
                (gain ? gains : none).TryAdd(baseline, []);
                (gain ? gains : none)[baseline].Add(user);
            }

            if (study.Score(user, Evaluation.Study.TunedThreshold) is { } tuned)
            {
                string moves = Math.Abs(tuned.PrecisionMean - fm.PrecisionMean) <= Level
                    ? string.Create(CultureInfo.InvariantCulture, $"keeps precision at {fm.PrecisionMean:F3}")
                    : string.Create(CultureInfo.InvariantCulture, $"takes precision from {fm.PrecisionMean:F3} to {tuned.PrecisionMean:F3}");
                sb.Append(CultureInfo.InvariantCulture, $". The tuned threshold {moves}, F1 to {tuned.F1Mean:F3}");
            }

            if (study.Score(user, Evaluation.Study.ActiveUncertainty) is { } byUncertainty && study.Score(user, Evaluation.Study.ActiveRandom) is { } atRandom)
            {
                string which = byUncertainty.F1Mean > atRandom.F1Mean + Level ? "uncertainty ahead" : atRandom.F1Mean > byUncertainty.F1Mean + Level ? "random ahead" : "level";
                sb.Append(CultureInfo.InvariantCulture, $"; {study.ActiveLabels} more labels give F1 {byUncertainty.F1Mean:F3} by uncertainty and {atRandom.F1Mean:F3} at random ({which})");
            }

            perUser.Add(sb.Append('.').ToString());
        }

        var head = new List<string>();
        foreach (var baseline in new[] { Evaluation.Study.SupervisedOnly, Evaluation.Study.RandomLabels })
        {
            if (gains.ContainsKey(baseline) || none.ContainsKey(baseline))
            {
                var (yes, no) = (gains.GetValueOrDefault(baseline) ?? [], none.GetValueOrDefault(baseline) ?? []);
                string who = no.Count == 0 ? "for every user" : yes.Count == 0 ? "for no user" : $"for {string.Join(", ", yes)}, not for {string.Join(", ", no)}";
                head.Add($"over {Describe(study, baseline)} {who}");
            }
        }

        return head.Count == 0 ? perUser : [$"FixMatch gains {string.Join("; ", head)}.", .. perUser];
    }

    // FixMatch against a baseline, in words, and whether it is a gain.
    private static (string Words, bool Gain) Against(StudyScore fm, StudyScore b)
    {
        int n = fm.F1PerSeed.Count;
        if (n > 0 && n == b.F1PerSeed.Count)
        {
            int above = fm.F1PerSeed.Zip(b.F1PerSeed).Count(p => p.First - p.Second > Level);
            int below = fm.F1PerSeed.Zip(b.F1PerSeed).Count(p => p.Second - p.First > Level);
            int level = n - above - below;
            return (above, below) switch
            {
                _ when above == n => ($"above on every seed: a gain", true),
                _ when below == n => ($"below on every seed: no gain", false),
                ( > 0, 0) => ($"above on {above} of {n} seeds, level on {level}: a gain", true),
                (0, > 0) => ($"below on {below} of {n} seeds, level on {level}: no gain", false),
                (0, 0) => ("level on every seed: no gain", false),
                _ => ($"above on {above} and below on {below} of {n} seeds: no clear gain", false),
            };
        }

        double d = fm.F1Mean - b.F1Mean, range = fm.F1Max - fm.F1Min;
        string by = string.Create(CultureInfo.InvariantCulture, $"{(d >= 0 ? "above" : "below")} by {Math.Abs(d):F3}");
        string spread = string.Create(CultureInfo.InvariantCulture, $"the range of FixMatch's own seeds ({range:F3})");
        return Math.Abs(d) <= range ? ($"{by}, within {spread}: no clear gain", false)
            : d > 0 ? ($"{by}, more than {spread}: a gain", true)
            : ($"{by}, more than {spread}: no gain", false);
    }

    private static string Describe(StudySummary study, string variant) => StudyScore.Describe(variant, added: study.ActiveLabels);

    // One trace of bars at the means, with whiskers to the lowest and highest seed where each seed's value is kept.
    private static GenericChart Bars(IReadOnlyList<StudyScore> scores, bool precision, string name, string colour)
    {
        var mean = scores.Select(s => precision ? s.PrecisionMean : s.F1Mean).ToArray();
        var seeds = scores.Select(s => precision ? s.PrecisionPerSeed : s.F1PerSeed).ToList();
        var bars = Chart.Column<double, string, string>(values: mean, Keys: scores.Select(s => s.User).ToArray(), Name: name,
            MarkerColor: Color.fromHex(colour), MultiText: mean.Select(m => m.ToString("F2", CultureInfo.InvariantCulture)).ToArray(), UseDefaults: false);
        var error = Charts.Props(new Plotly.NET.TraceObjects.Error(), ("type", "data"), ("symmetric", false), ("thickness", 1.5), ("width", 3),
            ("array", seeds.Select((v, i) => v.Count > 0 ? (object)(v.Max() - mean[i]) : null).ToArray()),
            ("arrayminus", seeds.Select((v, i) => v.Count > 0 ? (object)(mean[i] - v.Min()) : null).ToArray()));
        var hover = scores.Select((s, i) => string.Create(CultureInfo.InvariantCulture, $"{s.User}, {name}: {mean[i]:F3}") +
            (seeds[i].Count > 0 ? "; seeds " + string.Join(", ", seeds[i].Select(v => v.ToString("F3", CultureInfo.InvariantCulture))) : "; each seed's value not stored")).ToArray();
        // the value at the bar's foot, level, clear of the whiskers at its top
        foreach (var (attribute, value) in new (string, object)[] { ("error_y", error), ("hovertext", hover), ("hoverinfo", "text"), ("textposition", "inside"), ("insidetextanchor", "start"), ("textangle", 0) })
        {
            bars = Charts.Set(bars, attribute, value);
        }

        return bars;
    }

    private static string Joined(IReadOnlyList<double> values) => string.Join(",", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));

    private static string Range(IReadOnlyList<double> values, string otherwise) => values.Count > 0
        ? string.Create(CultureInfo.InvariantCulture, $"{values.Min():F3} to {values.Max():F3}")
        : Enc(otherwise);

    private static string Enc(string s) => WebUtility.HtmlEncode(s);

    // Title, axis titles, a fixed height and the y range 0 to 1.05; a responsive width and no plotly logo.
    private static GenericChart Finish(GenericChart chart, string title, string xTitle, string yTitle)
    {
        var y = Charts.Props(new LinearAxis(), ("title", Charts.Props(new Title(), ("text", yTitle))), ("range", new[] { 0, 1.05 }));
        var layout = Charts.Props(new Layout(), ("title", Charts.Props(new Title(), ("text", title))), ("height", 420),
            ("xaxis", Charts.Props(new LinearAxis(), ("title", Charts.Props(new Title(), ("text", xTitle))))), ("yaxis", y));
        chart = GenericChart.addLayout(layout, chart);
        return GenericChart.addConfig(Charts.Props(new Config(), ("responsive", true), ("displaylogo", false)), chart);
    }
}
