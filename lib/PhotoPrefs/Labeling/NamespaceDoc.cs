namespace PhotoPrefs.Labeling;

/// <summary>
/// Stage 4 of the pipeline: which photo a user labels next. In: the latest clustering's representatives, the user's
/// labels and latest model (through the store layer). Out: the labeling queue the labeling page walks.
/// The labels themselves are kept by <see cref="Store.LabelStore"/>, one durable write per click.
/// </summary>
internal static class NamespaceDoc
{
}
