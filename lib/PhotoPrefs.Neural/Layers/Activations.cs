using System.Runtime.Intrinsics;

namespace PhotoPrefs.Neural.Layers;

/// <summary>An element-wise function and its derivative, for the shared loop driver of <see cref="Activation{TOp}"/>.</summary>
public interface IActivationOperator
{
    /// <summary>The function on one value.</summary>
    /// <param name="x">Input.</param>
    /// <returns>Output.</returns>
    float Invoke(float x);

    /// <summary>The function on a vector of values.</summary>
    /// <param name="x">Inputs.</param>
    /// <returns>Outputs.</returns>
    Vector256<float> Invoke(Vector256<float> x);

    /// <summary>The derivative at <paramref name="x"/> times <paramref name="g"/>.</summary>
    /// <param name="x">Input of the forward pass.</param>
    /// <param name="g">Incoming gradient.</param>
    /// <returns>Outgoing gradient.</returns>
    float Gradient(float x, float g);

    /// <summary>The vector form of <see cref="Gradient(float, float)"/>.</summary>
    /// <param name="x">Inputs of the forward pass.</param>
    /// <param name="g">Incoming gradients.</param>
    /// <returns>Outgoing gradients.</returns>
    Vector256<float> Gradient(Vector256<float> x, Vector256<float> g);

    /// <summary>Name for <see cref="Layer.Describe"/>.</summary>
    string Name { get; }
}

/// <summary>Leaky ReLU: <c>y = x &gt; 0 ? x : slope * x</c> (ReLU when slope is 0).</summary>
/// <param name="Slope">Slope for negative inputs.</param>
public readonly record struct LeakyReluOp(float Slope) : IActivationOperator
{
    /// <inheritdoc />
    public float Invoke(float x) => x > 0 ? x : Slope * x;

    /// <inheritdoc />
    public Vector256<float> Invoke(Vector256<float> x) => Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero), x, x * Slope);

    /// <inheritdoc />
    public float Gradient(float x, float g) => x > 0 ? g : Slope * g;

    /// <inheritdoc />
    public Vector256<float> Gradient(Vector256<float> x, Vector256<float> g) => Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero), g, g * Slope);

    /// <inheritdoc />
    public string Name => Slope == 0 ? "ReLU" : $"LeakyReLU({Slope})";
}

/// <summary>An element-wise activation layer driven by one operator struct (vector loop plus scalar tail).</summary>
/// <typeparam name="TOp">The operator.</typeparam>
/// <param name="op">The operator value.</param>
public sealed class Activation<TOp>(TOp op) : Layer
    where TOp : struct, IActivationOperator
{
    private Tensor? _input, _output;

    /// <inheritdoc />
    public override string Describe() => op.Name;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        _input = input;
        var y = Output(ref _output, input.Shape);
        Map(input.Data, y.Data, input.Length);
        return y;
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor gradOutput)
    {
        ArgumentNullException.ThrowIfNull(gradOutput);
        var input = _input ?? throw new InvalidOperationException("Backward before Forward");
        var gx = TensorPool.Rent(input.Shape);
        MapGradient(input.Data, gradOutput.Data, gx.Data, input.Length);
        return gx;
    }

    private void Map(float[] x, float[] y, int n)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= n - 8; i += 8)
            {
                op.Invoke(Vector256.LoadUnsafe(ref x[i])).StoreUnsafe(ref y[i]);
            }
        }

        for (; i < n; i++)
        {
            y[i] = op.Invoke(x[i]);
        }
    }

    private void MapGradient(float[] x, float[] g, float[] gx, int n)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= n - 8; i += 8)
            {
                op.Gradient(Vector256.LoadUnsafe(ref x[i]), Vector256.LoadUnsafe(ref g[i])).StoreUnsafe(ref gx[i]);
            }
        }

        for (; i < n; i++)
        {
            gx[i] = op.Gradient(x[i], g[i]);
        }
    }
}

/// <summary>Factories for the activations.</summary>
public static class Activations
{
    /// <summary>Leaky ReLU with the given negative slope.</summary>
    /// <param name="slope">Slope (0.1 in FixMatch's networks).</param>
    /// <returns>The layer.</returns>
    public static Activation<LeakyReluOp> LeakyRelu(float slope = 0.1f) => new(new LeakyReluOp(slope));

    /// <summary>ReLU.</summary>
    /// <returns>The layer.</returns>
    public static Activation<LeakyReluOp> Relu() => new(new LeakyReluOp(0));
}
