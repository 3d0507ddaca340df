using PhotoPrefs.Neural.Kernels;

namespace PhotoPrefs.Neural.Layers;

/// <summary>Fully connected layer: <c>y = x W^T + b</c>, x of shape <c>[N, in]</c>, W of shape <c>[out, in]</c>.</summary>
public sealed class Linear : Layer
{
    private readonly float[] _w, _gw;
    private readonly float[]? _b, _gb;
    private Tensor? _input, _output;

    /// <summary>Creates the layer with zero weights.</summary>
    /// <param name="inFeatures">Inputs.</param>
    /// <param name="outFeatures">Outputs.</param>
    /// <param name="bias">Whether to add a bias.</param>
    public Linear(int inFeatures, int outFeatures, bool bias = true)
    {
        In = inFeatures;
        Out = outFeatures;
        _w = new float[inFeatures * outFeatures];
        _gw = new float[_w.Length];
        if (bias)
        {
            _b = new float[outFeatures];
            _gb = new float[outFeatures];
        }
    }

    /// <summary>Input features.</summary>
    public int In { get; }

    /// <summary>Output features.</summary>
    public int Out { get; }

    /// <summary>Weights, <c>[out, in]</c>.</summary>
    public float[] Weight => _w;

    /// <summary>Bias, or null.</summary>
    public float[]? Bias => _b;

    /// <inheritdoc />
    public override IEnumerable<Parameter> Parameters(string prefix = "")
    {
        yield return new Parameter(prefix + "weight", _w, _gw, [Out, In], false);
        if (_b is not null)
        {
            yield return new Parameter(prefix + "bias", _b, _gb!, [Out], true);
        }
    }

    /// <inheritdoc />
    public override string Describe() => $"Linear({In},{Out},{(_b is null ? "nobias" : "bias")})";

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        int n = input.Dim(0);
        if (input.Length != n * In)
        {
            throw new ArgumentException($"Linear expects {In} features per row", nameof(input));
        }

        _input = input;
        var y = Output(ref _output, n, Out);
        Sgemm.Multiply(false, true, n, Out, In, 1f, input.Data, In, _w, In, 0f, y.Data, Out);
        if (_b is not null)
        {
            for (int i = 0; i < n; i++)
            {
                System.Numerics.Tensors.TensorPrimitives.Add(y.Data.AsSpan(i * Out, Out), _b, y.Data.AsSpan(i * Out, Out));
            }
        }

        return y;
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor gradOutput)
    {
        ArgumentNullException.ThrowIfNull(gradOutput);
        var input = _input ?? throw new InvalidOperationException("Backward before Forward");
        int n = input.Dim(0);
        Sgemm.Multiply(true, false, Out, In, n, 1f, gradOutput.Data, Out, input.Data, In, 1f, _gw, In);
        if (_gb is not null)
        {
            for (int i = 0; i < n; i++)
            {
                System.Numerics.Tensors.TensorPrimitives.Add(_gb, gradOutput.Data.AsSpan(i * Out, Out), _gb);
            }
        }

        var gx = TensorPool.Rent(input.Shape);
        Sgemm.Multiply(false, false, n, In, Out, 1f, gradOutput.Data, Out, _w, In, 0f, gx.Data, In);
        return gx;
    }
}

/// <summary>Dropout: in training each value is zeroed with probability p and the rest scaled by <c>1 / (1 - p)</c>; identity in evaluation.</summary>
/// <param name="p">Drop probability in [0, 1).</param>
/// <param name="seed">Seed of the masks.</param>
public sealed class Dropout(float p, int seed) : Layer
{
    private readonly Random _rng = new(seed);
    private Tensor? _output;
    private float[] _mask = [];

    /// <inheritdoc />
    public override string Describe() => $"Dropout({p})";

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var y = Output(ref _output, input.Shape);
        if (_mask.Length < input.Length)
        {
            _mask = new float[input.Length];
        }

        float keep = 1f / (1f - p);
        for (int i = 0; i < input.Length; i++)
        {
            _mask[i] = !Training ? 1f : _rng.NextSingle() < p ? 0f : keep;
            y.Data[i] = input.Data[i] * _mask[i];
        }

        return y;
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor gradOutput)
    {
        ArgumentNullException.ThrowIfNull(gradOutput);
        var gx = TensorPool.Rent(gradOutput.Shape);
        System.Numerics.Tensors.TensorPrimitives.Multiply(gradOutput.Span, _mask.AsSpan(0, gradOutput.Length), gx.Span);
        return gx;
    }
}
