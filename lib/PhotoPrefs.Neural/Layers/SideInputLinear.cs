namespace PhotoPrefs.Neural.Layers;

/// <summary>
/// A fully connected layer over the concatenation of its input (<c>[N, features]</c>, for example pooled
/// convolution features) and a side input (<c>[N, side]</c>, per-example values that do not come from the
/// image, such as capture time). Set <see cref="Side"/> before each <see cref="Forward"/>; the backward pass
/// returns the gradient of the main input only (the side input is data, not learned).
/// </summary>
public sealed class SideInputLinear : Layer
{
    private readonly Linear _linear;
    private Tensor? _joined;

    /// <summary>Creates the layer with zero weights.</summary>
    /// <param name="features">Main input features.</param>
    /// <param name="side">Side input values per example.</param>
    /// <param name="outFeatures">Outputs.</param>
    public SideInputLinear(int features, int side, int outFeatures)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(side);
        Features = features;
        SideCount = side;
        _linear = new Linear(features + side, outFeatures);
    }

    /// <summary>Main input features.</summary>
    public int Features { get; }

    /// <summary>Side values per example.</summary>
    public int SideCount { get; }

    /// <summary>The side input for the next forward pass, <c>[N, side]</c>.</summary>
    public Tensor? Side { get; set; }

    /// <inheritdoc />
    public override IEnumerable<Parameter> Parameters(string prefix = "") => _linear.Parameters(prefix);

    /// <inheritdoc />
    public override string Describe() => $"SideInputLinear({Features}+{SideCount},{_linear.Out})";

    /// <inheritdoc />
    public override void SetTraining(bool training)
    {
        base.SetTraining(training);
        _linear.SetTraining(training);
    }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        int n = input.Dim(0);
        if (input.Length != n * Features)
        {
            throw new ArgumentException($"SideInputLinear expects {Features} features per row", nameof(input));
        }

        var side = Side;
        if (side is null || side.Length != n * SideCount)
        {
            throw new InvalidOperationException($"set Side to a [{n}, {SideCount}] tensor before Forward");
        }

        int width = Features + SideCount;
        var joined = Tensor.Ensure(ref _joined, n, width);
        for (int i = 0; i < n; i++)
        {
            input.Data.AsSpan(i * Features, Features).CopyTo(joined.Data.AsSpan(i * width, Features));
            side.Data.AsSpan(i * SideCount, SideCount).CopyTo(joined.Data.AsSpan((i * width) + Features, SideCount));
        }

        return _linear.Forward(joined);
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor gradOutput)
    {
        var g = _linear.Backward(gradOutput);
        int n = g.Dim(0), width = Features + SideCount;
        var gx = TensorPool.Rent(n, Features);
        for (int i = 0; i < n; i++)
        {
            g.Data.AsSpan(i * width, Features).CopyTo(gx.Data.AsSpan(i * Features, Features));
        }

        TensorPool.Return(g);
        return gx;
    }
}
