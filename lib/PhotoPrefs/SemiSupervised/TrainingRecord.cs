namespace PhotoPrefs.SemiSupervised;

/// <summary>One step of training history.</summary>
/// <param name="Step">Step number (1-based).</param>
/// <param name="LabeledLoss">Cross-entropy on the labeled batch.</param>
/// <param name="UnlabeledLoss">Masked cross-entropy of the strong views against the pseudo-labels.</param>
/// <param name="MaskRate">Fraction of unlabeled images whose pseudo-label passed the threshold.</param>
/// <param name="PseudoLabelAccuracy">Accuracy of the kept pseudo-labels when the truth is known, else null.</param>
/// <param name="LearningRate">Learning rate used.</param>
/// <param name="Member">Which model of an ensemble took the step (<see cref="StoredModels.TrainAndStore(PhotoPrefs.Store.Workspace, string, int, FixMatchOptions?, IProgress{TrainingRecord}?, CancellationToken)"/>), from 0; 0 for a single model.</param>
public sealed record TrainingRecord(int Step, double LabeledLoss, double UnlabeledLoss, double MaskRate, double? PseudoLabelAccuracy, double LearningRate, int Member = 0);
