namespace PhotoPrefs.Apply;

/// <summary>
/// Stage 7 of the pipeline: a user's model scores the whole album and the likeliest deletions become a
/// ranked list to review, each with the signals behind it (blurred, dark, burst duplicate, cluster), exported
/// as CSV, JSON or a page of thumbnails. PhotoPrefs never deletes, moves or modifies album files.
/// </summary>
internal static class NamespaceDoc
{
}
