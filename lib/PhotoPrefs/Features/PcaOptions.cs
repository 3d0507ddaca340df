namespace PhotoPrefs.Features;

/// <summary>How many components to keep.</summary>
/// <param name="Components">A fixed number of components, or null to choose by <paramref name="VarianceFraction"/>.</param>
/// <param name="VarianceFraction">Keep the fewest components whose explained-variance ratios sum to more than this (scikit-learn's rule for a float <c>n_components</c>).</param>
/// <param name="MaxComponents">Never more than this many (bounds the randomized method's work).</param>
/// <param name="ExactLimit">Use an exact eigendecomposition when <c>min(n, d)</c> is at most this; a randomized SVD above it.</param>
/// <param name="Seed">Seed of the randomized method's test matrix.</param>
public sealed record PcaOptions(int? Components = null, double VarianceFraction = 0.95, int MaxComponents = 256, int ExactLimit = 4096, int Seed = 0);
