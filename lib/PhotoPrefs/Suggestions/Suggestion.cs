namespace PhotoPrefs.Suggestions;

/// <summary>One photo suggested for deletion.</summary>
/// <param name="Rank">1 for the most likely deletion.</param>
/// <param name="PhotoId">The photo.</param>
/// <param name="File">Its path relative to the album.</param>
/// <param name="PDelete">The model's p(delete).</param>
/// <param name="Reasons">Signals behind it, in words (blurred, dark, burst duplicate of …, copy of …, cluster …).</param>
/// <param name="Cluster">Its cluster in the latest clustering, or null.</param>
/// <param name="Confidence">The chance the person deletes it: p(delete), or with <see cref="SuggestOptions.Calibrate"/> p(delete)
/// calibrated on the model's cross-fitted predictions (<see cref="DeletionSuggestions.Cut"/>); the mean over a list is its
/// expected precision. NaN when not given.</param>
public sealed record Suggestion(int Rank, long PhotoId, string File, double PDelete, IReadOnlyList<string> Reasons, int? Cluster, double Confidence = double.NaN);
