using PhotoPrefs.Neural.Kernels;

namespace PhotoPrefs.Neural.Layers;

/// <summary>
/// Batch normalisation over NCHW (Ioffe and Szegedy 2015), as PyTorch's <c>BatchNorm2d</c>. Training:
/// per channel <c>mean</c> and biased <c>var</c> over N, H, W; <c>y = gamma (x - mean) / sqrt(var + eps) + beta</c>;
/// running statistics move by <c>r = (1 - momentum) r + momentum s</c>, the variance with the unbiased
/// <c>var n / (n - 1)</c>. Evaluation uses the running statistics. Channels run in parallel.
/// </summary>
public sealed class BatchNorm2d : Layer
{
    private readonly float[] _gamma, _beta, _gGamma, _gBeta;
    private readonly double[] _mean, _invStd;
    private Tensor? _input, _output;

    /// <summary>Creates the layer: scale 1, shift 0, running mean 0 and variance 1.</summary>
    /// <param name="channels">Channels.</param>
    /// <param name="eps">Added to the variance.</param>
    /// <param name="momentum">Running-statistics momentum.</param>
    public BatchNorm2d(int channels, float eps = 1e-5f, float momentum = 0.1f)
    {
        Channels = channels;
        Eps = eps;
        Momentum = momentum;
        _gamma = Enumerable.Repeat(1f, channels).ToArray();
        _beta = new float[channels];
        _gGamma = new float[channels];
        _gBeta = new float[channels];
        RunningMean = new float[channels];
        RunningVar = Enumerable.Repeat(1f, channels).ToArray();
        _mean = new double[channels];
        _invStd = new double[channels];
    }

    /// <summary>Channels.</summary>
    public int Channels { get; }

    /// <summary>Variance epsilon.</summary>
    public float Eps { get; }

    /// <summary>Running-statistics momentum.</summary>
    public float Momentum { get; }

    private int _recalibrationBatches = -1;

    /// <summary>
    /// Starts re-estimating the running statistics: they are reset, and each training-mode forward from now on
    /// folds its batch statistics into a plain average instead of the momentum update. Needed after weights are
    /// replaced by an average (EMA), whose activations no longer match the statistics gathered by the live weights.
    /// </summary>
    public void BeginRecalibration()
    {
        Array.Clear(RunningMean);
        Array.Clear(RunningVar);
        _recalibrationBatches = 0;
    }

    /// <summary>Ends the re-estimation begun by <see cref="BeginRecalibration"/>: momentum updates resume.</summary>
    public void EndRecalibration() => _recalibrationBatches = -1;

    /// <summary>Running mean per channel.</summary>
    public float[] RunningMean { get; }

    /// <summary>Running (unbiased) variance per channel.</summary>
    public float[] RunningVar { get; }

    /// <summary>Scale (gamma).</summary>
    public float[] Gamma => _gamma;

    /// <summary>Shift (beta).</summary>
    public float[] Beta => _beta;

    /// <inheritdoc />
    public override IEnumerable<Parameter> Parameters(string prefix = "")
    {
        yield return new Parameter(prefix + "weight", _gamma, _gGamma, [Channels], true);
        yield return new Parameter(prefix + "bias", _beta, _gBeta, [Channels], true);
    }

    /// <inheritdoc />
    public override IEnumerable<(string Name, float[] Values)> Buffers(string prefix = "")
    {
        yield return (prefix + "running_mean", RunningMean);
        yield return (prefix + "running_var", RunningVar);
    }

    /// <inheritdoc />
    public override string Describe() => $"BatchNorm2d({Channels})";

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        int n = input.Dim(0), c = input.Dim(1), hw = input.Dim(2) * input.Dim(3);
        if (c != Channels)
        {
            throw new ArgumentException($"BatchNorm2d expects {Channels} channels, got {c}", nameof(input));
        }

        _input = input;
        var y = Output(ref _output, input.Shape);
        var x = input.Data;
        var yd = y.Data;
        WorkerPool.For(c, (Layer: this, X: x, Y: yd, N: n, C: c, Hw: hw), static (s, ch) => s.Layer.ForwardChannel(ch, s.X, s.Y, s.N, s.C, s.Hw));
        if (Training && _recalibrationBatches >= 0)
        {
            _recalibrationBatches++;
        }

        return y;
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor gradOutput)
    {
        ArgumentNullException.ThrowIfNull(gradOutput);
        var input = _input ?? throw new InvalidOperationException("Backward before Forward");
        int n = input.Dim(0), c = input.Dim(1), hw = input.Dim(2) * input.Dim(3);
        var gx = TensorPool.Rent(input.Shape);
        var x = input.Data;
        var gy = gradOutput.Data;
        var gxd = gx.Data;
        WorkerPool.For(c, (Layer: this, X: x, Gy: gy, Gx: gxd, N: n, C: c, Hw: hw), static (s, ch) => s.Layer.BackwardChannel(ch, s.X, s.Gy, s.Gx, s.N, s.C, s.Hw));
        return gx;
    }

    private void ForwardChannel(int ch, float[] x, float[] yd, int n, int c, int hw)
    {
        int m = n * hw;
        double mean, invStd;
        if (Training)
        {
            double s = 0;
            for (int i = 0; i < n; i++)
            {
                s += System.Numerics.Tensors.TensorPrimitives.Sum(x.AsSpan(((i * c) + ch) * hw, hw));
            }

            mean = s / m;
            double v = 0;
            for (int i = 0; i < n; i++)
            {
                foreach (var xv in x.AsSpan(((i * c) + ch) * hw, hw))
                {
                    double d = xv - mean;
                    v += d * d;
                }
            }

            double variance = v / m;
            invStd = 1 / Math.Sqrt(variance + Eps);
            // Momentum update, or during recalibration the running average of the batches seen.
            double rate = _recalibrationBatches >= 0 ? 1.0 / (_recalibrationBatches + 1) : Momentum;
            RunningMean[ch] = (float)(((1 - rate) * RunningMean[ch]) + (rate * mean));
            RunningVar[ch] = (float)(((1 - rate) * RunningVar[ch]) + (rate * variance * m / Math.Max(1, m - 1)));
        }
        else
        {
            mean = RunningMean[ch];
            invStd = 1 / Math.Sqrt(RunningVar[ch] + Eps);
        }

        _mean[ch] = mean;
        _invStd[ch] = invStd;
        float scale = (float)(_gamma[ch] * invStd), shift = (float)(_beta[ch] - (mean * _gamma[ch] * invStd));
        for (int i = 0; i < n; i++)
        {
            var src = x.AsSpan(((i * c) + ch) * hw, hw);
            var dst = yd.AsSpan(((i * c) + ch) * hw, hw);
            System.Numerics.Tensors.TensorPrimitives.Multiply(src, scale, dst);
            System.Numerics.Tensors.TensorPrimitives.Add(dst, shift, dst);
        }
    }

    private void BackwardChannel(int ch, float[] x, float[] gy, float[] gxd, int n, int c, int hw)
    {
        int m = n * hw;
        double mean = _mean[ch], invStd = _invStd[ch];
        double sumG = 0, sumGx = 0;
        for (int i = 0; i < n; i++)
        {
            var g = gy.AsSpan(((i * c) + ch) * hw, hw);
            var xs = x.AsSpan(((i * c) + ch) * hw, hw);
            for (int j = 0; j < hw; j++)
            {
                sumG += g[j];
                sumGx += g[j] * (xs[j] - mean);
            }
        }

        double sumGxhat = sumGx * invStd;
        _gGamma[ch] += (float)sumGxhat;
        _gBeta[ch] += (float)sumG;
        double gamma = _gamma[ch];
        for (int i = 0; i < n; i++)
        {
            var g = gy.AsSpan(((i * c) + ch) * hw, hw);
            var xs = x.AsSpan(((i * c) + ch) * hw, hw);
            var dst = gxd.AsSpan(((i * c) + ch) * hw, hw);
            if (Training)
            {
                // dx = gamma invStd / m (m dy - sum dy - xhat sum(dy xhat))
                double k = gamma * invStd / m;
                float a = (float)(k * m), b = (float)(-k * sumG), cx = (float)(-k * sumGxhat * invStd), mu = (float)mean;
                for (int j = 0; j < hw; j++)
                {
                    dst[j] = (a * g[j]) + b + (cx * (xs[j] - mu));
                }
            }
            else
            {
                System.Numerics.Tensors.TensorPrimitives.Multiply(g, (float)(gamma * invStd), dst);
            }
        }
    }
}
