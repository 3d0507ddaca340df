namespace PhotoPrefs.Neural.Layers;

/// <summary>
/// Kaiming (He et al. 2015) initialisation from a seeded source: weights of convolutions and linear
/// layers drawn from <c>N(0, gain^2 / fan_out)</c> with <c>gain = sqrt(2 / (1 + slope^2))</c> for a leaky
/// ReLU of the given slope (FixMatch's choice); biases zero; BatchNorm scale 1 and shift 0.
/// </summary>
public static class Initialization
{
    /// <summary>Initialises every convolution and linear layer reachable from <paramref name="root"/>.</summary>
    /// <param name="root">The network.</param>
    /// <param name="seed">Seed: the same seed gives the same weights.</param>
    /// <param name="slope">Negative slope of the activation (0.1 for FixMatch's leaky ReLU).</param>
    public static void Kaiming(Layer root, int seed, float slope = 0.1f)
    {
        ArgumentNullException.ThrowIfNull(root);
        var rng = new Random(seed);
        double gain = Math.Sqrt(2.0 / (1 + (slope * slope)));
        foreach (var p in root.Parameters())
        {
            if (p.NoDecay)
            {
                // BatchNorm weights start at 1; biases and shifts at 0.
                Array.Fill(p.Value, p.Name.EndsWith(".weight", StringComparison.Ordinal) || p.Name == "weight" ? 1f : 0f);
                continue;
            }

            int fanOut = p.Shape[0] * (p.Shape.Length == 4 ? p.Shape[2] * p.Shape[3] : 1);
            double std = gain / Math.Sqrt(fanOut);
            for (int i = 0; i < p.Value.Length; i++)
            {
                double u1 = 1 - rng.NextDouble(), u2 = rng.NextDouble();
                p.Value[i] = (float)(std * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
            }
        }
    }
}
