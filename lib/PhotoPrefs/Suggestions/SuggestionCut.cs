using PhotoPrefs.Evaluation;

namespace PhotoPrefs.Suggestions;

/// <summary>Where a user's suggestions are cut and how their p(delete) is calibrated (<see cref="DeletionSuggestions.Cut"/>).</summary>
/// <param name="Threshold">Photos whose raw p(delete) is at or above it are listed.</param>
/// <param name="Calibration">The model's calibration, fitted on its cross-fitted predictions (the identity, with the reason, when it could not be).</param>
/// <param name="Point">The operating point chosen for a target precision, with its cross-fitted precision and recall; null for a
/// threshold given or the plain cut.</param>
/// <param name="Rule">How the cut was chosen, in words.</param>
public sealed record SuggestionCut(double Threshold, Calibration Calibration, OperatingPoint? Point, string Rule);
