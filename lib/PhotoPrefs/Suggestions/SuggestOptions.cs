using PhotoPrefs.Evaluation;

namespace PhotoPrefs.Suggestions;

/// <summary>Settings of the suggestion stage (<see cref="DeletionSuggestions.For(Store.Workspace, string, SuggestOptions, IReadOnlyList{Duplicates.DuplicateGroup}?)"/>):
/// where the list is cut (with neither set, at <see cref="OperatingPoint.PlainThreshold"/>) and how each photo's confidence is given.</summary>
/// <param name="Threshold">List the photos whose raw p(delete) is at or above this (0 to 1); wins over <paramref name="Precision"/>.</param>
/// <param name="Precision">List the photos above the cut whose precision on the model's cross-fitted predictions reaches this
/// (above 0, at most 1; <see cref="OperatingPoint.ForPrecision"/>, never below <see cref="OperatingPoint.PlainThreshold"/>).</param>
/// <param name="Calibrate">Show each suggestion's p(delete) after Platt scaling on the model's cross-fitted predictions
/// (<see cref="PlattScaling.Fit"/>) as its confidence; when false, the confidence is the model's own p(delete), which the
/// study measured the better calibrated of the two on random photos (notebooks/results/README.md#calibration-and-operating-point).</param>
public sealed record SuggestOptions(double? Threshold = null, double? Precision = null, bool Calibrate = false)
{
    /// <summary>Throws when a value is out of range.</summary>
    /// <exception cref="PhotoPrefsException">A threshold outside [0, 1] or a precision outside (0, 1].</exception>
    public void Validate()
    {
        if (Threshold is { } t && !(t >= 0 && t <= 1))
        {
            throw new PhotoPrefsException($"the threshold must be between 0 and 1, not {t}");
        }

        if (Precision is { } p && !(p > 0 && p <= 1))
        {
            throw new PhotoPrefsException($"the target precision must be above 0 and at most 1, not {p}");
        }
    }
}
