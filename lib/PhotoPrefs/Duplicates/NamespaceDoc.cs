namespace PhotoPrefs.Duplicates;

/// <summary>
/// Stage 7 of the pipeline, beside the suggestions: near-duplicate groups of the album (copies of one picture,
/// shots of one burst, similar shots), each with the photo to keep and why. In: per photo its embedding, pHash,
/// content hash, capture time, burst group and quality signals, and the thumbnails of the pairs that may be
/// copies (<see cref="PictureMatch"/> lines them up). Out: <see cref="DuplicateGroup"/> records.
/// <see cref="DuplicateFinder"/> is the algorithm on arrays; <see cref="AlbumDuplicates"/> runs it on a workspace
/// and keeps the groups there. Album files are never read, moved or changed.
/// </summary>
internal static class NamespaceDoc
{
}
