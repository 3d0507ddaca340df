namespace PhotoPrefs.Neural.Optim;

/// <summary>
/// AdamW (Loshchilov and Hutter 2019) as PyTorch's: <c>p = p - lr wd p</c>; <c>m = b1 m + (1 - b1) g</c>;
/// <c>v = b2 v + (1 - b2) g^2</c>; <c>p = p - lr (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)</c>.
/// BatchNorm and bias parameters get no weight decay.
/// </summary>
public sealed class AdamW
{
    private readonly Parameter[] _parameters;
    private readonly float[][] _m, _v;
    private int _t;

    /// <summary>Creates the optimiser.</summary>
    /// <param name="parameters">The parameters it updates.</param>
    /// <param name="options">Settings.</param>
    public AdamW(IEnumerable<Parameter> parameters, AdamWOptions options)
    {
        _parameters = parameters.ToArray();
        Options = options;
        LearningRate = options.LearningRate;
        _m = _parameters.Select(p => new float[p.Value.Length]).ToArray();
        _v = _parameters.Select(p => new float[p.Value.Length]).ToArray();
    }

    /// <summary>The settings.</summary>
    public AdamWOptions Options { get; }

    /// <summary>The current step size.</summary>
    public float LearningRate { get; set; }

    /// <summary>Applies one update.</summary>
    public void Step()
    {
        _t++;
        float b1 = Options.Beta1, b2 = Options.Beta2, lr = LearningRate;
        double c1 = 1 - Math.Pow(b1, _t), c2 = 1 - Math.Pow(b2, _t);
        for (int k = 0; k < _parameters.Length; k++)
        {
            var p = _parameters[k];
            float wd = p.NoDecay ? 0 : Options.WeightDecay;
            for (int i = 0; i < p.Value.Length; i++)
            {
                float g = p.Grad[i];
                p.Value[i] -= lr * wd * p.Value[i];
                _m[k][i] = (b1 * _m[k][i]) + ((1 - b1) * g);
                _v[k][i] = (b2 * _v[k][i]) + ((1 - b2) * g * g);
                p.Value[i] -= (float)(lr * (_m[k][i] / c1) / (Math.Sqrt(_v[k][i] / c2) + Options.Eps));
            }
        }
    }
}
