using PhotoPrefs.Neural.Kernels;

namespace PhotoPrefs.Neural.Optim;

/// <summary>Settings of <see cref="Sgd"/>.</summary>
/// <param name="LearningRate">Step size.</param>
/// <param name="Momentum">Momentum (0 for plain SGD).</param>
/// <param name="Nesterov">Nesterov momentum.</param>
/// <param name="WeightDecay">L2 weight decay added to the gradient.</param>
/// <param name="DecayNoDecayParameters">False (default) exempts BatchNorm and bias parameters from weight decay, as FixMatch does.</param>
public sealed record SgdOptions(float LearningRate = 0.03f, float Momentum = 0.9f, bool Nesterov = true, float WeightDecay = 5e-4f, bool DecayNoDecayParameters = false);

/// <summary>
/// Stochastic gradient descent as PyTorch's <c>torch.optim.SGD</c> (dampening 0): <c>g = grad + wd p</c>;
/// <c>b = g</c> on the first step, else <c>b = momentum b + g</c>; <c>g = g + momentum b</c> with Nesterov,
/// else <c>g = b</c>; <c>p = p - lr g</c>.
/// </summary>
public sealed class Sgd
{
    private readonly Parameter[] _parameters;
    private readonly float[][] _buffers;
    private bool _started;

    /// <summary>Creates the optimiser.</summary>
    /// <param name="parameters">The parameters it updates.</param>
    /// <param name="options">Settings.</param>
    public Sgd(IEnumerable<Parameter> parameters, SgdOptions options)
    {
        _parameters = parameters.ToArray();
        Options = options;
        LearningRate = options.LearningRate;
        _buffers = _parameters.Select(p => new float[p.Value.Length]).ToArray();
    }

    /// <summary>The settings.</summary>
    public SgdOptions Options { get; }

    /// <summary>The current step size (a schedule changes it between steps).</summary>
    public float LearningRate { get; set; }

    /// <summary>Momentum buffers, one per parameter (for checkpoints).</summary>
    public IReadOnlyList<float[]> State => _buffers;

    /// <summary>Whether a step has been taken (the first step starts the momentum buffers).</summary>
    public bool Started => _started;

    /// <summary>Restores the momentum buffers from a checkpoint.</summary>
    /// <param name="state">One buffer per parameter, as <see cref="State"/> gave them.</param>
    /// <param name="started">Whether a step had been taken.</param>
    /// <exception cref="ArgumentException">Buffers of other sizes.</exception>
    public void Restore(IReadOnlyList<float[]> state, bool started)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Count != _buffers.Length || state.Where((b, i) => b.Length != _buffers[i].Length).Any())
        {
            throw new ArgumentException("the checkpoint's optimiser state does not fit these parameters", nameof(state));
        }

        for (int i = 0; i < _buffers.Length; i++)
        {
            state[i].CopyTo(_buffers[i], 0);
        }

        _started = started;
    }

    /// <summary>Applies one update from the accumulated gradients.</summary>
    public void Step()
    {
        float lr = LearningRate, mom = Options.Momentum;
        WorkerPool.For(_parameters.Length, (Optimizer: this, Lr: lr, Momentum: mom), static (s, k) => s.Optimizer.Update(k, s.Lr, s.Momentum));
        _started = true;
    }

    private void Update(int k, float lr, float mom)
    {
        var p = _parameters[k];
        var buf = _buffers[k];
        float wd = p.NoDecay && !Options.DecayNoDecayParameters ? 0 : Options.WeightDecay;
        var v = p.Value;
        var grad = p.Grad;
        for (int i = 0; i < v.Length; i++)
        {
            float g = grad[i] + (wd * v[i]);
            if (mom != 0)
            {
                buf[i] = _started ? (mom * buf[i]) + g : g;
                g = Options.Nesterov ? g + (mom * buf[i]) : buf[i];
            }

            v[i] -= lr * g;
        }
    }
}

/// <summary>Settings of <see cref="AdamW"/>.</summary>
/// <param name="LearningRate">Step size.</param>
/// <param name="Beta1">First-moment decay.</param>
/// <param name="Beta2">Second-moment decay.</param>
/// <param name="Eps">Denominator epsilon.</param>
/// <param name="WeightDecay">Decoupled weight decay.</param>
public sealed record AdamWOptions(float LearningRate = 1e-3f, float Beta1 = 0.9f, float Beta2 = 0.999f, float Eps = 1e-8f, float WeightDecay = 1e-2f);

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

/// <summary>Learning-rate schedules.</summary>
public static class Schedules
{
    /// <summary>FixMatch's cosine decay: <c>lr_k = lr cos(7 pi k / (16 K))</c> at step k of K.</summary>
    /// <param name="baseRate">The initial rate.</param>
    /// <param name="step">Step k (0-based).</param>
    /// <param name="totalSteps">Total steps K.</param>
    /// <returns>The rate at step k.</returns>
    public static float FixMatchCosine(float baseRate, int step, int totalSteps) =>
        (float)(baseRate * Math.Cos(7 * Math.PI * step / (16.0 * Math.Max(1, totalSteps))));
}

/// <summary>
/// An exponential moving average of a model's weights, <c>e = d e + (1 - d) p</c> after each step, used for
/// evaluation (FixMatch: decay 0.999). The effective decay warms up as <c>d = min(decay, (1 + t) / (10 + t))</c> at
/// update t, so short trainings are not dominated by the initial weights. Buffers (BatchNorm running
/// statistics) are copied, not averaged.
/// </summary>
public sealed class Ema
{
    private readonly (Parameter Source, float[] Average)[] _params;
    private readonly (float[] Source, float[] Copy)[] _buffers;

    /// <summary>Starts the average at the model's current weights.</summary>
    /// <param name="model">The model being trained.</param>
    /// <param name="decay">The decay.</param>
    public Ema(Layers.Layer model, float decay = 0.999f)
    {
        ArgumentNullException.ThrowIfNull(model);
        Decay = decay;
        _params = model.Parameters().Select(p => (p, (float[])p.Value.Clone())).ToArray();
        _buffers = model.Buffers().Select(b => (b.Values, (float[])b.Values.Clone())).ToArray();
    }

    /// <summary>The decay.</summary>
    public float Decay { get; }

    /// <summary>Updates applied so far.</summary>
    public int Updates { get; private set; }


    /// <summary>The averaged weights, one array per parameter (for checkpoints).</summary>
    public IReadOnlyList<float[]> Averages => _params.Select(p => p.Average).ToArray();

    /// <summary>The copied buffers (for checkpoints).</summary>
    public IReadOnlyList<float[]> BufferCopies => _buffers.Select(b => b.Copy).ToArray();

    /// <summary>Restores the average from a checkpoint.</summary>
    /// <param name="averages">As <see cref="Averages"/> gave them.</param>
    /// <param name="buffers">As <see cref="BufferCopies"/> gave them.</param>
    /// <param name="updates">Updates applied so far.</param>
    /// <exception cref="ArgumentException">Arrays of other sizes.</exception>
    public void Restore(IReadOnlyList<float[]> averages, IReadOnlyList<float[]> buffers, int updates)
    {
        ArgumentNullException.ThrowIfNull(averages);
        ArgumentNullException.ThrowIfNull(buffers);
        if (averages.Count != _params.Length || buffers.Count != _buffers.Length
            || averages.Where((a, i) => a.Length != _params[i].Average.Length).Any() || buffers.Where((b, i) => b.Length != _buffers[i].Copy.Length).Any())
        {
            throw new ArgumentException("the checkpoint's average does not fit this model", nameof(averages));
        }

        for (int i = 0; i < _params.Length; i++)
        {
            averages[i].CopyTo(_params[i].Average, 0);
        }

        for (int i = 0; i < _buffers.Length; i++)
        {
            buffers[i].CopyTo(_buffers[i].Copy, 0);
        }

        Updates = updates;
    }

    /// <summary>Folds the model's current weights into the average.</summary>
    public void Update()
    {
        float d = Math.Min(Decay, (1f + Updates) / (10f + Updates));
        Updates++;
        foreach (var (p, avg) in _params)
        {
            for (int i = 0; i < avg.Length; i++)
            {
                avg[i] = (d * avg[i]) + ((1 - d) * p.Value[i]);
            }
        }

        foreach (var (src, copy) in _buffers)
        {
            src.CopyTo(copy, 0);
        }
    }

    /// <summary>Writes the averaged weights and copied buffers into <paramref name="target"/> (a model of the same architecture).</summary>
    /// <param name="target">The model to evaluate with.</param>
    public void CopyTo(Layers.Layer target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var ps = target.Parameters().ToList();
        var bs = target.Buffers().ToList();
        for (int i = 0; i < _params.Length; i++)
        {
            _params[i].Average.CopyTo(ps[i].Value, 0);
        }

        for (int i = 0; i < _buffers.Length; i++)
        {
            _buffers[i].Copy.CopyTo(bs[i].Values, 0);
        }
    }
}
