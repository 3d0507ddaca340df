namespace PhotoPrefs.SemiSupervised;

/// <summary>
/// Stage 5 of the pipeline: FixMatch (Sohn et al., NeurIPS 2020) on the <see cref="Neural"/> engine. A few
/// labeled images and many unlabeled ones; each unlabeled image is seen in a weak view (flip, shift) and
/// a strong view (RandAugment and Cutout); the weak view's confident predictions become pseudo-labels for
/// the strong view. In: CHW float images in [0, 1], labels for some (<see cref="FixMatchTrainer"/>), or a
/// workspace's album and a user's labels (<see cref="AlbumLoader"/>, <see cref="AlbumTraining"/>). Out: a trained model
/// (EMA weights), a per-step history, class probabilities; for an album, the user's model and p(delete) of every photo
/// stored in the workspace (<see cref="StoredModels"/>).
/// </summary>
internal static class NamespaceDoc
{
}
