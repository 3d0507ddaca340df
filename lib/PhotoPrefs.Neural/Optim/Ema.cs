namespace PhotoPrefs.Neural.Optim;

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
