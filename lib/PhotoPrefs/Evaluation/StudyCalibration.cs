namespace PhotoPrefs.Evaluation;

/// <summary>A user's calibration in the study: the main model's p(delete) on the test photos of every seed, binned
/// against the observed deletion rate before and after each seed's Platt scaling (<see cref="PlattScaling.Fit"/>, fitted
/// on the cross-fitted predictions of that seed's labels), and each seed's operating point for the target precision.</summary>
/// <param name="Before">Reliability of the raw p(delete) (<see cref="Reliability.Table"/>, 5 bins).</param>
/// <param name="After">Reliability of the calibrated p(delete).</param>
/// <param name="Runs">Per seed: the calibration and the operating point.</param>
public sealed record StudyCalibration(IReadOnlyList<ReliabilityBin> Before, IReadOnlyList<ReliabilityBin> After, IReadOnlyList<StudyCalibrationRun> Runs)
{
    /// <summary>Expected calibration error of the raw p(delete) (<see cref="Reliability.ExpectedCalibrationError"/>).</summary>
    public double ErrorBefore => Reliability.ExpectedCalibrationError(Before);

    /// <summary>Expected calibration error of the calibrated p(delete).</summary>
    public double ErrorAfter => Reliability.ExpectedCalibrationError(After);
}

/// <summary>One seed's calibration and operating point in the study.</summary>
/// <param name="Seed">The seed.</param>
/// <param name="Calibration">Platt scaling fitted on the cross-fitted predictions of the seed's labels.</param>
/// <param name="Point">The cut for <see cref="StudyOptions.Precision"/> on the same predictions (never below 0.5).</param>
/// <param name="Listed">Test photos at or above the cut.</param>
/// <param name="ExpectedPrecision">Their mean calibrated p(delete): the precision the list promises; NaN when none is listed.</param>
/// <param name="ObservedPrecision">The share of deletions among them; NaN when none is listed.</param>
/// <param name="ExpectedPrecisionRaw">Their mean raw p(delete), the expected precision the suggestions show by default; NaN when none is listed.</param>
public sealed record StudyCalibrationRun(int Seed, Calibration Calibration, OperatingPoint Point, int Listed, double ExpectedPrecision, double ObservedPrecision, double ExpectedPrecisionRaw = double.NaN);
