namespace PhotoPrefs.Evaluation;

/// <summary>
/// Stage 6 of the pipeline: how good a person's model is. In: true keep/delete labels and the model's
/// p(delete). Out: confusion matrices, accuracy, balanced accuracy, precision, recall, F1 and F-beta,
/// ROC-AUC, the precision-recall curve, precision@k, a precision-weighted threshold, Platt scaling of p(delete)
/// on cross-fitted scores, the cut for a target precision, reliability tables, and the three-user study that puts
/// them in one table.
/// </summary>
internal static class NamespaceDoc
{
}
