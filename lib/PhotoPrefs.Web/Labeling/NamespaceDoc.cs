namespace PhotoPrefs.Web.Labeling;

/// <summary>
/// Stage 4's page: the labeling server on 127.0.0.1 (a per-session token, keyboard, undo) that walks
/// <see cref="PhotoPrefs.Labeling.LabelingOrder"/> and saves every click through <see cref="Store.LabelStore"/> before
/// it answers; and the review page on the same server, which walks a <see cref="Pipeline.ReviewSession"/> (the suggestions in
/// p(delete) order, answers stored as labels, the model retrained in the background). In: a workspace and a user. Out:
/// labels, durable at once.
/// </summary>
internal static class NamespaceDoc
{
}
