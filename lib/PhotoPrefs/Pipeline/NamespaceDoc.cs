namespace PhotoPrefs.Pipeline;

/// <summary>
/// The top layer: <see cref="Album"/>, one call per stage of the pipeline (import, features, cluster, labels and
/// the labeling queue, train, suggest, duplicates, similar photos, study), each with its options record. The
/// command line, the demo, the study, the benchmarks and the notebooks all go through it. In: an album folder and
/// a workspace folder. Out: the stages' records, kept in the workspace.
/// </summary>
internal static class NamespaceDoc
{
}
