namespace PhotoPrefs.Labeling;

/// <summary>One photo in the labeling queue.</summary>
/// <param name="Id">Photo id.</param>
/// <param name="File">Path relative to the album.</param>
/// <param name="Label">Current label, or null.</param>
/// <param name="Why">Why it is in this place: <c>representative</c>, <c>uncertain</c> (the model is least sure) or <c>album</c>.</param>
public sealed record QueueItem(long Id, string File, string? Label, string Why);
