namespace PhotoPrefs.Labeling;

/// <summary>
/// Stage 4 of the pipeline: which photo a user labels next. In: the latest clustering's representatives, the user's
/// labels and latest model (through the store layer). Out: the labeling queue the labeling page walks, and the photo as
/// the page shows it (<see cref="PhotoViews"/>: the original from the album, read-only, fitted to the window).
/// The labels themselves are kept by <see cref="Store.LabelStore"/>, one durable write per click.
/// </summary>
internal static class NamespaceDoc
{
}
