namespace PhotoPrefs.Albums;

/// <summary>
/// Stage 1 of the pipeline: the incremental, resumable album import. In: an album folder, read only.
/// Out: rows in the workspace (photos, skipped files with reasons, thumbnails), written through
/// <see cref="Store"/>, that every later stage reads. PhotoPrefs never modifies, moves or deletes album files.
/// </summary>
internal static class NamespaceDoc
{
}
