namespace PhotoPrefs.Pipeline;

/// <summary>One suggestion waiting in a review queue.</summary>
/// <param name="Id">The photo.</param>
/// <param name="File">Its path relative to the album.</param>
/// <param name="PDelete">The current model's p(delete).</param>
/// <param name="Reasons">The signals behind the suggestion, in words (<see cref="Suggestions.Suggestion.Reasons"/>).</param>
public sealed record ReviewItem(long Id, string File, double PDelete, IReadOnlyList<string> Reasons);

/// <summary>Where a review session stands (<see cref="ReviewSession.State"/>).</summary>
/// <param name="User">The user answering.</param>
/// <param name="Version">0 for the queue the session began with, one more after each background retrain re-ordered it.</param>
/// <param name="Queue">The suggestions not answered yet, highest p(delete) of the current model first.</param>
/// <param name="ModelId">The model the queue is ordered by.</param>
/// <param name="ModelLabels">The labels that model was trained on.</param>
/// <param name="Confirmed">Of the latest <paramref name="Reviewed"/> review answers, those that were delete.</param>
/// <param name="Reviewed">Review answers in the window (at most <paramref name="Window"/>; earlier sessions' answers count).</param>
/// <param name="Window">The window of the live precision.</param>
/// <param name="Pending">Answers since the latest training began.</param>
/// <param name="RetrainEvery">Answers that start a background retrain.</param>
/// <param name="Training">Whether a background retrain is running.</param>
/// <param name="Error">Why the latest background retrain failed, or null.</param>
public sealed record ReviewState(
    string User,
    int Version,
    IReadOnlyList<ReviewItem> Queue,
    long ModelId,
    int ModelLabels,
    int Confirmed,
    int Reviewed,
    int Window,
    int Pending,
    int RetrainEvery,
    bool Training,
    string? Error)
{
    /// <summary>The live precision: <c>Confirmed / Reviewed</c>, NaN before any answer.</summary>
    public double Precision => Reviewed == 0 ? double.NaN : (double)Confirmed / Reviewed;
}
