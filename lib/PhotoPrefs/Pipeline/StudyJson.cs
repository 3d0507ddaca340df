using PhotoPrefs.Evaluation;
using PhotoPrefs.SemiSupervised;

namespace PhotoPrefs.Pipeline;

/// <summary>A study as JSON (snake_case names): per user, the main protocol, its ablations and the settings that made it.
/// Values are rounded to 4 decimals.</summary>
/// <param name="Users">Per user.</param>
/// <param name="Seeds">Seeds per user.</param>
/// <param name="FirstSeed">The first seed.</param>
/// <param name="Steps">FixMatch steps per training.</param>
/// <param name="ImageDropout">Chance a labeled example is seen by its signals alone.</param>
/// <param name="Threshold">FixMatch's confidence threshold.</param>
/// <param name="LambdaU">Weight of the unlabeled loss.</param>
/// <param name="DistributionAlignment">Whether pseudo-labels were aligned.</param>
/// <param name="CoveragePicks">Whether half the labeled photos covered the conditions.</param>
/// <param name="Members">Models averaged per training.</param>
/// <param name="Input">What the network saw: views or pixels.</param>
/// <param name="LabelFeatures">Features the labeled photos were clustered on.</param>
/// <param name="Clusters">Clusters they were drawn from.</param>
/// <param name="Seconds">Wall time.</param>
/// <param name="Album">The album's size and fingerprint.</param>
public sealed record StudyJson(
    IReadOnlyDictionary<string, StudyUserJson> Users, int Seeds, int FirstSeed, int Steps, double ImageDropout, double Threshold, double LambdaU,
    bool DistributionAlignment, bool CoveragePicks, int Members, string Input, string LabelFeatures, int? Clusters, double Seconds, StudyAlbumJson? Album)
{
    /// <summary>The JSON record of a finished study.</summary>
    /// <param name="run">The study.</param>
    /// <returns>The record.</returns>
    public static StudyJson From(StudyRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var result = run.Result;
        string FileOf(long id) => run.Paths.TryGetValue(id, out var path) ? path : id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var training = result.Options.Training ?? AlbumTraining.Defaults;
        return new StudyJson(
            result.Users.ToDictionary(u => u.User, u => StudyUserJson.From(u, FileOf)),
            result.Options.Seeds, result.Options.FirstSeed, training.Steps, R(training.ImageDropout), R(training.Threshold), R(training.LambdaU),
            training.DistributionAlignment, result.Options.Coverage, result.Options.Members, training.Input.ToString().ToLowerInvariant(),
            result.Options.LabelFeatures, run.Clusters, Math.Round(result.Seconds, 1), new StudyAlbumJson(run.Photos, run.Fingerprint));
    }

    internal static double R(double x, int digits = 4) => Math.Round(x, digits);
}

/// <summary>One user's study.</summary>
/// <param name="F1Mean">Mean F1 over the seeds.</param>
/// <param name="F1Std">Its standard deviation.</param>
/// <param name="PrecisionMean">Mean precision.</param>
/// <param name="RecallMean">Mean recall.</param>
/// <param name="AccuracyMean">Mean accuracy.</param>
/// <param name="F1PerSeed">F1 of each seed.</param>
/// <param name="Mistakes">Test photos the model got wrong.</param>
/// <param name="Ablations">Each ablation by name.</param>
/// <param name="ActiveLearning">Labels added by uncertainty against at random, or null without the comparison.</param>
/// <param name="TrainingSeconds">Seconds per training, per seed.</param>
/// <param name="Labeled">The photos labeled for training, per seed.</param>
/// <param name="Calibration">Reliability before and after calibration and the operating point for the target precision, or null without the ablations.</param>
public sealed record StudyUserJson(
    double F1Mean, double F1Std, double PrecisionMean, double RecallMean, double AccuracyMean, double[] F1PerSeed, StudyMistakeJson[] Mistakes,
    IReadOnlyDictionary<string, StudyAblationJson> Ablations, ActiveLearningJson? ActiveLearning, double[] TrainingSeconds, string[][] Labeled,
    StudyCalibrationJson? Calibration = null)
{
    internal static StudyUserJson From(StudyUser u, Func<long, string> fileOf) => new(
        StudyJson.R(u.Main.F1Mean), StudyJson.R(u.Main.F1Std), StudyJson.R(u.Main.PrecisionMean), StudyJson.R(u.Main.RecallMean), StudyJson.R(u.Main.AccuracyMean),
        [.. u.Main.F1.Select(x => StudyJson.R(x))],
        [.. (u.Mistakes ?? []).Select(m => new StudyMistakeJson(fileOf(m.PhotoId), m.Seed, m.Delete ? "delete" : "keep", StudyJson.R(m.Score)))],
        u.Ablations.ToDictionary(a => a.Key, a => new StudyAblationJson(StudyJson.R(a.Value.F1Mean), StudyJson.R(a.Value.F1Std), StudyJson.R(a.Value.PrecisionMean),
            StudyJson.R(a.Value.RecallMean), [.. a.Value.Thresholds.Select(x => StudyJson.R(x))])),
        ActiveLearningJson.From(u),
        [.. (u.TrainingSeconds ?? []).Select(x => StudyJson.R(x, 2))],
        [.. (u.Labeled ?? []).Select(seed => seed.Select(fileOf).ToArray())],
        StudyCalibrationJson.From(u));
}

/// <summary>A test photo the model got wrong.</summary>
/// <param name="File">Its path.</param>
/// <param name="Seed">The seed.</param>
/// <param name="Label">Its true label.</param>
/// <param name="PDelete">The model's p(delete).</param>
public sealed record StudyMistakeJson(string File, int Seed, string Label, double PDelete);

/// <summary>One ablation's means over the seeds.</summary>
/// <param name="F1Mean">Mean F1.</param>
/// <param name="F1Std">Its standard deviation.</param>
/// <param name="PrecisionMean">Mean precision.</param>
/// <param name="RecallMean">Mean recall.</param>
/// <param name="Thresholds">The cut on p(delete) of each seed.</param>
public sealed record StudyAblationJson(double F1Mean, double F1Std, double PrecisionMean, double RecallMean, double[] Thresholds);

/// <summary>After the first model: F1 with N more labels chosen by uncertainty and with N at random, the gain per added
/// label, and the deletions found among the added photos.</summary>
/// <param name="LabelsAdded">Labels added (N).</param>
/// <param name="F1FirstModel">F1 of the first model.</param>
/// <param name="F1Uncertainty">F1 with N by uncertainty.</param>
/// <param name="F1Random">F1 with N at random.</param>
/// <param name="F1GainPerLabelUncertainty">F1 gained per label by uncertainty.</param>
/// <param name="F1GainPerLabelRandom">F1 gained per label at random.</param>
/// <param name="DeletesFoundUncertainty">Deletions among the photos added by uncertainty, per seed.</param>
/// <param name="DeletesFoundRandom">Deletions among the photos added at random, per seed.</param>
public sealed record ActiveLearningJson(int LabelsAdded, double F1FirstModel, double F1Uncertainty, double F1Random, double F1GainPerLabelUncertainty,
    double F1GainPerLabelRandom, int[] DeletesFoundUncertainty, int[] DeletesFoundRandom)
{
    internal static ActiveLearningJson? From(StudyUser u)
    {
        if (u.ActiveLearning is not { Count: > 0 } runs
            || !u.Ablations.TryGetValue(Study.ActiveUncertainty, out var byUncertainty) || !u.Ablations.TryGetValue(Study.ActiveRandom, out var atRandom))
        {
            return null;
        }

        int added = runs[0].Added;
        return new ActiveLearningJson(added, StudyJson.R(u.Main.F1Mean), StudyJson.R(byUncertainty.F1Mean), StudyJson.R(atRandom.F1Mean),
            StudyJson.R((byUncertainty.F1Mean - u.Main.F1Mean) / added, 5), StudyJson.R((atRandom.F1Mean - u.Main.F1Mean) / added, 5),
            [.. runs.Select(r => r.DeletesByUncertainty)], [.. runs.Select(r => r.DeletesAtRandom)]);
    }
}

/// <summary>The album a study ran on.</summary>
/// <param name="Photos">Photos in it.</param>
/// <param name="Fingerprint">Its fingerprint.</param>
public sealed record StudyAlbumJson(int Photos, string Fingerprint);

/// <summary>A user's calibration in the study (<see cref="StudyCalibration"/>): the main model's p(delete) on the test
/// photos of every seed, in 5 bins, against the observed deletion rate, before and after Platt scaling; and per seed the
/// scaling and the operating point for the target precision.</summary>
/// <param name="TargetPrecision">The precision the operating point aims at.</param>
/// <param name="ReliabilityBefore">The raw p(delete)'s bins.</param>
/// <param name="ReliabilityAfter">The calibrated p(delete)'s bins.</param>
/// <param name="EceBefore">Expected calibration error before.</param>
/// <param name="EceAfter">Expected calibration error after.</param>
/// <param name="Seeds">Per seed.</param>
public sealed record StudyCalibrationJson(double TargetPrecision, ReliabilityBinJson[] ReliabilityBefore, ReliabilityBinJson[] ReliabilityAfter, double EceBefore, double EceAfter, StudyCalibrationSeedJson[] Seeds)
{
    internal static StudyCalibrationJson? From(StudyUser u)
    {
        if (u.Calibration is not { } c)
        {
            return null;
        }

        static ReliabilityBinJson[] Bins(IReadOnlyList<ReliabilityBin> bins) =>
            [.. bins.Select(b => new ReliabilityBinJson(StudyJson.R(b.Low), StudyJson.R(b.High), b.Count, N(b.MeanPredicted), N(b.ObservedRate)))];
        var target = c.Runs.Count > 0 ? c.Runs[0].Point.Target : double.NaN;
        return new StudyCalibrationJson(StudyJson.R(target), Bins(c.Before), Bins(c.After), StudyJson.R(c.ErrorBefore), StudyJson.R(c.ErrorAfter),
            [.. c.Runs.Select(r => new StudyCalibrationSeedJson(r.Seed, StudyJson.R(r.Calibration.Slope), StudyJson.R(r.Calibration.Intercept), r.Calibration.Fallback,
                StudyJson.R(r.Point.Threshold), StudyJson.R(r.Point.Precision), StudyJson.R(r.Point.Recall), r.Point.Met, r.Listed, N(r.ExpectedPrecision), N(r.ObservedPrecision), N(r.ExpectedPrecisionRaw)))]);
    }

    // JSON has no NaN: an empty bin or list has no mean
    private static double? N(double x) => double.IsNaN(x) ? null : StudyJson.R(x);
}

/// <summary>One bin of a reliability table.</summary>
/// <param name="Low">Lower edge of p(delete).</param>
/// <param name="High">Upper edge.</param>
/// <param name="Count">Test photos in it, all seeds.</param>
/// <param name="MeanPredicted">Their mean p(delete), or null when empty.</param>
/// <param name="ObservedRate">The share of deletions among them, or null when empty.</param>
public sealed record ReliabilityBinJson(double Low, double High, int Count, double? MeanPredicted, double? ObservedRate);

/// <summary>One seed's calibration and operating point.</summary>
/// <param name="Seed">The seed.</param>
/// <param name="Slope">Platt scaling's a.</param>
/// <param name="Intercept">Its b.</param>
/// <param name="Fallback">Why the identity was kept, or null for a fit.</param>
/// <param name="Threshold">The cut on the raw p(delete) for the target precision.</param>
/// <param name="CrossFitPrecision">Precision of the cut on the cross-fitted labels.</param>
/// <param name="CrossFitRecall">Recall of the cut on them.</param>
/// <param name="Met">Whether the cross-fitted precision reached the target.</param>
/// <param name="Listed">Test photos at or above the cut.</param>
/// <param name="ExpectedPrecision">Their mean calibrated p(delete), or null when none.</param>
/// <param name="ObservedPrecision">The share of deletions among them, or null when none.</param>
/// <param name="ExpectedPrecisionRaw">Their mean raw p(delete), or null when none.</param>
public sealed record StudyCalibrationSeedJson(int Seed, double Slope, double Intercept, string? Fallback, double Threshold, double CrossFitPrecision, double CrossFitRecall,
    bool Met, int Listed, double? ExpectedPrecision, double? ObservedPrecision, double? ExpectedPrecisionRaw);
