using PhotoPrefs.Neural.Layers;

namespace PhotoPrefs.Neural.Tests;

/// <summary>
/// Finite-difference checks: for L = sum(y * r) with a fixed random r, the analytic gradients of every
/// layer (input and parameters) agree with central differences <c>(L(v + h) - L(v - h)) / 2h</c> at sampled coordinates.
/// Float32 layers, so h = 1e-2 and a tolerance of 2e-2 relative to the largest gradient.
/// </summary>
public sealed class GradientCheckTests
{
    private static double Loss(Layer layer, Tensor x, float[] r)
    {
        var y = layer.Forward(x);
        double s = 0;
        for (int i = 0; i < y.Length; i++)
        {
            s += (double)y.Data[i] * r[i];
        }

        return s;
    }

    private static void Check(Layer layer, int[] inputShape, int seed)
    {
        var rng = new Random(seed);
        var x = new Tensor(inputShape);
        for (int i = 0; i < x.Length; i++)
        {
            x.Data[i] = (float)((rng.NextDouble() * 2) - 1);
        }

        foreach (var p in layer.Parameters())
        {
            for (int i = 0; i < p.Value.Length; i++)
            {
                p.Value[i] = p.NoDecay && p.Name.EndsWith("weight", StringComparison.Ordinal) ? 1f + (0.5f * (float)rng.NextDouble()) : (float)((rng.NextDouble() * 2) - 1) * 0.5f;
            }
        }

        var y0 = layer.Forward(x);
        var r = Enumerable.Range(0, y0.Length).Select(_ => (float)((rng.NextDouble() * 2) - 1)).ToArray();
        layer.ZeroGrad();
        var gy = new Tensor(r, y0.Shape);
        var gx = (float[])layer.Backward(gy).Span.ToArray();
        const float h = 1e-2f;

        void Compare(float[] values, float[] analytic, string what)
        {
            double scale = Math.Max(1e-3, analytic.Max(Math.Abs));
            foreach (var i in Enumerable.Range(0, values.Length).OrderBy(_ => rng.Next()).Take(12))
            {
                float keep = values[i];
                values[i] = keep + h;
                double plus = Loss(layer, x, r);
                values[i] = keep - h;
                double minus = Loss(layer, x, r);
                values[i] = keep;
                double numeric = (plus - minus) / (2 * h);
                Assert.True(Math.Abs(numeric - analytic[i]) <= 2e-2 * scale, $"{layer.Describe()} {what}[{i}]: analytic {analytic[i]}, numeric {numeric}");
            }
        }

        Compare(x.Data, gx, "input");
        foreach (var p in layer.Parameters())
        {
            Compare(p.Value, (float[])p.Grad.Clone(), p.Name);
        }
    }

    public static TheoryData<string> Layers() => new() { "conv3", "conv3s2", "conv1s2", "bn", "bn-eval", "leaky", "relu", "maxpool", "avgpool", "gap", "linear", "residual", "dropout-eval" };

    [Theory]
    [MemberData(nameof(Layers))]
    public void Analytic_gradients_match_finite_differences(string name)
    {
        (Layer layer, int[] shape) = name switch
        {
            "conv3" => ((Layer)new Conv2d(3, 4, 3, 1, 1), new[] { 2, 3, 7, 6 }),
            "conv3s2" => (new Conv2d(2, 3, 3, 2, 1, bias: false), new[] { 2, 2, 7, 7 }),
            "conv1s2" => (new Conv2d(3, 2, 1, 2, 0), new[] { 2, 3, 6, 5 }),
            "bn" => (new BatchNorm2d(3), new[] { 3, 3, 4, 4 }),
            "bn-eval" => (EvalMode(new BatchNorm2d(3)), new[] { 2, 3, 4, 4 }),
            "leaky" => (Activations.LeakyRelu(0.1f), new[] { 2, 3, 5, 5 }),
            "relu" => (Activations.Relu(), new[] { 2, 3, 5, 5 }),
            "maxpool" => (new MaxPool2d(2, 2), new[] { 2, 2, 6, 6 }),
            "avgpool" => (new AvgPool2d(2, 2), new[] { 2, 2, 6, 6 }),
            "gap" => (new GlobalAvgPool(), new[] { 2, 3, 4, 4 }),
            "linear" => (new Linear(7, 3), new[] { 4, 7 }),
            "residual" => (Networks.Block(3, 4, 2), new[] { 4, 3, 6, 6 }),
            _ => (EvalMode(new Dropout(0.5f, 1)), new[] { 2, 5 }),
        };
        Check(layer, shape, name.Length * 31);
    }

    private static Layer EvalMode(Layer layer)
    {
        layer.SetTraining(false);
        return layer;
    }
}
