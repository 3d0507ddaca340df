namespace PhotoPrefs.Pipeline;

/// <summary>Progress of one stage of the pipeline, as <see cref="Album"/> reports it.</summary>
/// <param name="Stage">The stage's short name: <c>import</c>, <c>features</c>, <c>embeddings</c>, <c>train</c> and so on.</param>
/// <param name="Done">Items done so far (photos, steps).</param>
/// <param name="Total">Items in all; 0 when there is nothing to do.</param>
/// <param name="Status">A short status to show beside the count (losses, the current file), or null.</param>
public readonly record struct StageProgress(string Stage, int Done, int Total, string? Status = null);
