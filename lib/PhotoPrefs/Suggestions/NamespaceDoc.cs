namespace PhotoPrefs.Suggestions;

/// <summary>
/// Stage 7 of the pipeline: a user's model scores the whole album and the likeliest deletions become a ranked
/// list to review. In: the user's latest predictions, the photo signals, the latest clustering and the
/// near-duplicate groups (<see cref="PhotoPrefs.Duplicates.DuplicateGroup"/>). Out: <see cref="Suggestion"/> records, each with the signals
/// behind it (blurred, dark, burst duplicate, copy, cluster), exported as CSV, JSON or a page of thumbnails
/// (<see cref="SuggestionExport"/>). PhotoPrefs never deletes, moves or modifies album files.
/// </summary>
internal static class NamespaceDoc
{
}
