namespace PhotoPrefs.Neural.Optim;

/// <summary>Settings of <see cref="AdamW"/>.</summary>
/// <param name="LearningRate">Step size.</param>
/// <param name="Beta1">First-moment decay.</param>
/// <param name="Beta2">Second-moment decay.</param>
/// <param name="Eps">Denominator epsilon.</param>
/// <param name="WeightDecay">Decoupled weight decay.</param>
public sealed record AdamWOptions(float LearningRate = 1e-3f, float Beta1 = 0.9f, float Beta2 = 0.999f, float Eps = 1e-8f, float WeightDecay = 1e-2f);
