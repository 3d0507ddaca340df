using PhotoPrefs.Neural.Kernels;

namespace PhotoPrefs.Neural.Optim;

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
