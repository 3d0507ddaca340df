using System.Text.Json;
using Plotly.NET;
using PhotoPrefs.Evaluation;

namespace PhotoPrefs.Interactive.Tests;

/// <summary>The study's charts, table and findings carry the numbers they are given and say what those numbers say.</summary>
public sealed class StudyChartsTests
{
    private static StudyScore Score(string user, string variant, double[] f1, double[] precision) =>
        new(user, variant, f1.Average(), 0, precision.Average(), f1, precision);

    // Two users, three seeds: A above supervised only on every seed and level with random labels on two, below on one;
    // B level with supervised only on every seed and above random labels on one seed, level on two.
    private static StudySummary Sample() => new("f00d", 10, 3, 15,
    [
        Score("A", Study.FixMatch, [0.9, 0.8, 0.7], [1.0, 0.9, 0.8]),
        Score("A", Study.SupervisedOnly, [0.8, 0.7, 0.6], [0.9, 0.8, 0.7]),
        Score("A", Study.RandomLabels, [0.9, 0.9, 0.7], [0.9, 0.9, 0.9]),
        Score("A", Study.TunedThreshold, [0.85, 0.8, 0.7], [1.0, 1.0, 1.0]),
        Score("B", Study.FixMatch, [1.0, 1.0, 1.0], [1.0, 1.0, 1.0]),
        Score("B", Study.SupervisedOnly, [1.0, 1.0, 1.0], [1.0, 1.0, 1.0]),
        Score("B", Study.RandomLabels, [1.0, 0.8, 1.0], [1.0, 1.0, 1.0]),
    ]);

    private static JsonElement Layout(GenericChart chart) => JsonDocument.Parse(GenericChart.toJson(chart)).RootElement.GetProperty("layout");

    [Fact]
    public void Findings_compare_seed_by_seed_and_name_the_users_where_fixmatch_gains()
    {
        var findings = StudyCharts.Findings(Sample());
        Assert.Equal("FixMatch gains over supervised only for A, not for B; over 45 random labels for B, not for A.", findings[0]);
        Assert.Contains("against supervised only (0.700) above on every seed: a gain", findings[1], StringComparison.Ordinal);
        Assert.Contains("against 45 random labels (0.833) below on 1 of 3 seeds, level on 2: no gain", findings[1], StringComparison.Ordinal);
        Assert.Contains("takes precision from 0.900 to 1.000, F1 to 0.783", findings[1], StringComparison.Ordinal);
        Assert.Contains("against supervised only (1.000) level on every seed: no gain", findings[2], StringComparison.Ordinal);
        Assert.Contains("against 45 random labels (0.933) above on 1 of 3 seeds, level on 2: a gain", findings[2], StringComparison.Ordinal);
    }

    [Fact]
    public void With_only_a_baselines_mean_a_gain_must_exceed_the_range_of_fixmatchs_own_seeds()
    {
        var study = new StudySummary("f", 1, 3, 0,
        [
            Score("A", Study.FixMatch, [0.9, 0.8, 0.85], [1, 1, 1]),
            new("A", Study.SupervisedOnly, 0.8, 0.05, 0.9, [], []),
            new("A", Study.RandomLabels, 0.6, 0.05, 0.9, [], []),
        ]);
        var findings = StudyCharts.Findings(study);
        Assert.Contains("against supervised only (0.800) above by 0.050, within the range of FixMatch's own seeds (0.100): no clear gain", findings[1], StringComparison.Ordinal);
        Assert.Contains("against 45 random labels (0.600) above by 0.250, more than the range of FixMatch's own seeds (0.100): a gain", findings[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Charts_have_titles_axis_titles_and_whiskers_from_the_lowest_seed_to_the_highest()
    {
        var study = Sample();
        foreach (var chart in new[] { StudyCharts.PerUser(study, "an album"), StudyCharts.Variants(study, "an album"), StudyCharts.Variants(study, "an album", precision: true) })
        {
            var layout = Layout(chart);
            Assert.Contains("an album", layout.GetProperty("title").GetProperty("text").GetString(), StringComparison.Ordinal);
            Assert.Equal("user", layout.GetProperty("xaxis").GetProperty("title").GetProperty("text").GetString());
            Assert.False(string.IsNullOrEmpty(layout.GetProperty("yaxis").GetProperty("title").GetProperty("text").GetString()));
        }

        using var doc = JsonDocument.Parse(GenericChart.toJson(StudyCharts.PerUser(study, "an album")));
        var f1 = doc.RootElement.GetProperty("data")[0];
        Assert.Equal(["A", "B"], f1.GetProperty("x").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(0.8, f1.GetProperty("y")[0].GetDouble(), 12);
        Assert.Equal(0.1, f1.GetProperty("error_y").GetProperty("array")[0].GetDouble(), 12);
        Assert.Equal(0.1, f1.GetProperty("error_y").GetProperty("arrayminus")[0].GetDouble(), 12);
        using var variants = JsonDocument.Parse(GenericChart.toJson(StudyCharts.Variants(study, "an album")));
        Assert.Equal(["FixMatch", "supervised only", "45 random labels", "tuned threshold"], variants.RootElement.GetProperty("data").EnumerateArray().Select(t => t.GetProperty("name").GetString()));

        // The static figure draws the same whiskers: one per bar, from the lowest seed's value to the highest's.
        var svg = System.Xml.Linq.XElement.Parse(ChartSvg.Render(StudyCharts.PerUser(study, "an album")));
        var bars = svg.Descendants().Where(e => (string?)e.Attribute("class") == "pp-bar").ToList();
        var whiskers = svg.Descendants().Where(e => (string?)e.Attribute("class") == "pp-error").ToList();
        Assert.Equal(bars.Count, whiskers.Count);
        double Y(System.Xml.Linq.XElement e, string a) => double.Parse((string)e.Attribute(a)!, System.Globalization.CultureInfo.InvariantCulture);
        var stem = whiskers[0].Elements().First();
        double top = Y(bars[0], "y"), span = Math.Abs(Y(stem, "y2") - Y(stem, "y1"));
        Assert.InRange(top, Math.Min(Y(stem, "y1"), Y(stem, "y2")), Math.Max(Y(stem, "y1"), Y(stem, "y2")));
        Assert.True(span > 0, "a whisker of seeds that differ has a length");
    }

    [Fact]
    public void The_table_rounds_what_it_shows_and_keeps_each_value_for_a_program()
    {
        var html = StudyCharts.Table(Sample());
        Assert.StartsWith("<table class=\"pp-study\" data-album=\"f00d\" data-seeds=\"3\">", html, StringComparison.Ordinal);
        var row = System.Text.RegularExpressions.Regex.Match(html, "<tr data-user=\"A\" data-variant=\"fixmatch\" data-f1-mean=\"([^\"]+)\" data-precision-mean=\"[^\"]+\" data-f1-per-seed=\"0.9,0.8,0.7\" data-precision-per-seed=\"1,0.9,0.8\"><td>A</td><td>FixMatch</td><td>0.800</td><td>0.700 to 0.900</td>");
        Assert.True(row.Success, html);
        Assert.Equal(new[] { 0.9, 0.8, 0.7 }.Average(), double.Parse(row.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(7, html.Split("<tr data-user=").Length - 1);
    }

    [Fact]
    public void The_stored_real_photo_study_reads_as_four_users_with_six_variants_each()
    {
        var json = File.ReadAllText(Path.Combine(NotebookPaths.Repository(), "notebooks", "results", "real-album-study.json"));
        var study = StudySummary.FromJson(json);
        Assert.Equal(["J", "F", "C", "P"], study.Users);
        Assert.Equal(StudySummary.VariantOrder.Take(6), study.Variants);
        Assert.Equal((412, 3, 15), (study.Photos, study.Seeds, study.ActiveLabels));
        using var doc = JsonDocument.Parse(json);
        foreach (var user in doc.RootElement.GetProperty("users").EnumerateObject())
        {
            var main = study.Score(user.Name, Study.FixMatch)!;
            Assert.Equal(user.Value.GetProperty("f1_per_seed").EnumerateArray().Select(e => e.GetDouble()), main.F1PerSeed);
            Assert.Equal(user.Value.GetProperty("f1_mean").GetDouble(), main.F1PerSeed.Average(), tolerance: 1e-3);  // per-seed values rounded to 4 decimals
            Assert.Empty(study.Score(user.Name, Study.SupervisedOnly)!.F1PerSeed);
        }
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("{\"users\": {}}")]
    [InlineData("{\"seeds\": 3, \"album\": {\"photos\": 1, \"fingerprint\": \"x\"}, \"users\": {\"J\": {\"f1_mean\": \"high\"}}}")]
    public void Anything_but_a_study_record_is_refused_clearly(string json)
    {
        var e = Assert.Throws<PhotoPrefsException>(() => StudySummary.FromJson(json));
        Assert.StartsWith("not a study record of 'photoprefs study --json'", e.Message, StringComparison.Ordinal);
    }
}
