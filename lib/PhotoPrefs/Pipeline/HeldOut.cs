using PhotoPrefs.Evaluation;

namespace PhotoPrefs.Pipeline;

/// <summary>Photos a model was not trained on, with their true labels and the model's p(delete), in the same order.</summary>
/// <param name="PhotoIds">The photos.</param>
/// <param name="Truth">True when the person would delete the photo.</param>
/// <param name="Scores">The model's p(delete).</param>
public sealed record HeldOut(IReadOnlyList<long> PhotoIds, IReadOnlyList<bool> Truth, IReadOnlyList<double> Scores)
{
    /// <summary>The confusion matrix when p(delete) at or above <paramref name="threshold"/> means delete (<see cref="ConfusionMatrix.At"/>).</summary>
    /// <param name="threshold">The cut.</param>
    /// <returns>Counts and the measures derived from them.</returns>
    public ConfusionMatrix At(double threshold) => ConfusionMatrix.At(Truth, Scores, threshold);

    /// <summary>The area under the ROC curve of the scores against the truth (<see cref="Metrics.RocAuc"/>).</summary>
    /// <returns>The area, 0 to 1.</returns>
    public double RocAuc() => Metrics.RocAuc(Truth, Scores);
}
