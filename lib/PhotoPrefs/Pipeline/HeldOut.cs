namespace PhotoPrefs.Pipeline;

/// <summary>Photos a model was not trained on, with their true labels and the model's p(delete), in the same order.</summary>
/// <param name="PhotoIds">The photos.</param>
/// <param name="Truth">True when the person would delete the photo.</param>
/// <param name="Scores">The model's p(delete).</param>
public sealed record HeldOut(IReadOnlyList<long> PhotoIds, IReadOnlyList<bool> Truth, IReadOnlyList<double> Scores);
