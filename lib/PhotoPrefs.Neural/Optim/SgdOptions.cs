namespace PhotoPrefs.Neural.Optim;

/// <summary>Settings of <see cref="Sgd"/>.</summary>
/// <param name="LearningRate">Step size.</param>
/// <param name="Momentum">Momentum (0 for plain SGD).</param>
/// <param name="Nesterov">Nesterov momentum.</param>
/// <param name="WeightDecay">L2 weight decay added to the gradient.</param>
/// <param name="DecayNoDecayParameters">False (default) exempts BatchNorm and bias parameters from weight decay, as FixMatch does.</param>
public sealed record SgdOptions(float LearningRate = 0.03f, float Momentum = 0.9f, bool Nesterov = true, float WeightDecay = 5e-4f, bool DecayNoDecayParameters = false);
