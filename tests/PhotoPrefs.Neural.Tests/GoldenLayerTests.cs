using System.Text.Json;
using PhotoPrefs.Neural.Layers;
using PhotoPrefs.Neural.Optim;
using PhotoPrefs.Testing;

namespace PhotoPrefs.Neural.Tests;

/// <summary>Every layer, loss and optimiser case of torch_layers.json, within 1e-4 relative (float32 against float64).</summary>
[Trait("Category", "Golden")]
public sealed class GoldenLayerTests
{
    // fp32 arithmetic against an fp64 reference: 1e-4 relative, plus 1e-5 absolute for values near zero.
    private const double Rel = 1e-4, Abs = 1e-5;

    private static JsonElement Case(JsonDocument doc, string name) => doc.RootElement.GetProperty("layers").GetProperty(name);

    private static Tensor T(JsonElement c, string values, string shape) => new(c.GetProperty(values).FlatFloats(), c.GetProperty(shape).Ints());

    [Theory]
    [InlineData("conv3x3_s1_p1")]
    [InlineData("conv3x3_s2_p1")]
    [InlineData("conv1x1_s2_p0")]
    public void Conv2d_matches_pytorch(string name)
    {
        using var doc = Reference.Load("torch_layers.json");
        var c = Case(doc, name);
        var ws = c.GetProperty("w_shape").Ints();
        var conv = new Conv2d(ws[1], ws[0], ws[2], c.GetProperty("stride").GetInt32(), c.GetProperty("padding").GetInt32(), bias: true);
        c.GetProperty("w").FlatFloats().CopyTo(conv.Weight, 0);
        c.GetProperty("b").FlatFloats().CopyTo(conv.Bias!, 0);
        var y = conv.Forward(T(c, "x", "x_shape"));
        Assert.Equal(c.GetProperty("y_shape").Ints(), y.Shape);
        Tolerance.Close(c.GetProperty("y").Flat(), y.Span, Abs, Rel, name + " y");
        var gx = conv.Backward(T(c, "grad_y", "y_shape"));
        Tolerance.Close(c.GetProperty("grad_x").Flat(), gx.Span, Abs, Rel, name + " grad_x");
        var ps = conv.Parameters().ToList();
        Tolerance.Close(c.GetProperty("grad_w").Flat(), ps[0].Grad, Abs, Rel, name + " grad_w");
        Tolerance.Close(c.GetProperty("grad_b").Flat(), ps[1].Grad, Abs, Rel, name + " grad_b");
    }

    [Fact]
    public void BatchNorm2d_matches_pytorch_in_training_and_evaluation()
    {
        using var doc = Reference.Load("torch_layers.json");
        var c = Case(doc, "batchnorm2d_train");
        var x = T(c, "x", "x_shape");
        var bn = new BatchNorm2d(x.Dim(1), (float)c.GetProperty("eps").GetDouble(), (float)c.GetProperty("momentum").GetDouble());
        c.GetProperty("gamma").FlatFloats().CopyTo(bn.Gamma, 0);
        c.GetProperty("beta").FlatFloats().CopyTo(bn.Beta, 0);
        var y = bn.Forward(x);
        Tolerance.Close(c.GetProperty("y").Flat(), y.Span, Abs, Rel, "bn y");
        var gx = bn.Backward(T(c, "grad_y", "x_shape"));
        Tolerance.Close(c.GetProperty("grad_x").Flat(), gx.Span, Abs, Rel, "bn grad_x");
        var ps = bn.Parameters().ToList();
        Tolerance.Close(c.GetProperty("grad_gamma").Flat(), ps[0].Grad, Abs, Rel, "bn grad_gamma");
        Tolerance.Close(c.GetProperty("grad_beta").Flat(), ps[1].Grad, Abs, Rel, "bn grad_beta");
        Tolerance.Close(c.GetProperty("running_mean_after").Flat(), bn.RunningMean, Abs, Rel, "running mean");
        Tolerance.Close(c.GetProperty("running_var_after").Flat(), bn.RunningVar, Abs, Rel, "running var");
        bn.SetTraining(false);
        Tolerance.Close(c.GetProperty("y_eval_with_running_stats").Flat(), bn.Forward(x).Span, Abs, Rel, "bn eval y");
    }

    [Theory]
    [InlineData("leaky_relu_0.1")]
    [InlineData("max_pool2d_k2_s2")]
    [InlineData("avg_pool2d_k2_s2")]
    [InlineData("global_avg_pool")]
    public void Parameterless_layers_match_pytorch(string name)
    {
        using var doc = Reference.Load("torch_layers.json");
        var c = Case(doc, name);
        Layer layer = name switch
        {
            "leaky_relu_0.1" => Activations.LeakyRelu(0.1f),
            "max_pool2d_k2_s2" => new MaxPool2d(2, 2),
            "avg_pool2d_k2_s2" => new AvgPool2d(2, 2),
            _ => new GlobalAvgPool(),
        };
        var y = layer.Forward(T(c, "x", "x_shape"));
        Assert.Equal(c.GetProperty("y_shape").Ints(), y.Shape);
        Tolerance.Close(c.GetProperty("y").Flat(), y.Span, Abs, Rel, name + " y");
        var gx = layer.Backward(T(c, "grad_y", "y_shape"));
        Tolerance.Close(c.GetProperty("grad_x").Flat(), gx.Span, Abs, Rel, name + " grad_x");
    }

    [Fact]
    public void Linear_matches_pytorch()
    {
        using var doc = Reference.Load("torch_layers.json");
        var c = Case(doc, "linear");
        var ws = c.GetProperty("w_shape").Ints();
        var fc = new Linear(ws[1], ws[0]);
        c.GetProperty("w").FlatFloats().CopyTo(fc.Weight, 0);
        c.GetProperty("b").FlatFloats().CopyTo(fc.Bias!, 0);
        Tolerance.Close(c.GetProperty("y").Flat(), fc.Forward(T(c, "x", "x_shape")).Span, Abs, Rel, "linear y");
        Tolerance.Close(c.GetProperty("grad_x").Flat(), fc.Backward(T(c, "grad_y", "y_shape")).Span, Abs, Rel, "linear grad_x");
        var ps = fc.Parameters().ToList();
        Tolerance.Close(c.GetProperty("grad_w").Flat(), ps[0].Grad, Abs, Rel, "linear grad_w");
        Tolerance.Close(c.GetProperty("grad_b").Flat(), ps[1].Grad, Abs, Rel, "linear grad_b");
    }

    [Fact]
    public void Cross_entropy_plain_and_masked_match_pytorch()
    {
        using var doc = Reference.Load("torch_layers.json");
        var c = Case(doc, "cross_entropy");
        var shape = c.GetProperty("shape").Ints();
        int n = shape[0], k = shape[1];
        var logits = c.GetProperty("logits").FlatFloats();
        var target = c.GetProperty("target").Ints();
        var grad = new float[n * k];
        Tolerance.Close(c.GetProperty("mean_loss").GetDouble(), CrossEntropy.Hard(logits, n, k, target, grad), Abs, Rel, "mean loss");
        Tolerance.Close(c.GetProperty("grad_logits").Flat(), grad, Abs, Rel, "grad logits");
        var mask = c.GetProperty("mask").FlatFloats();
        Tolerance.Close(c.GetProperty("masked_mean_loss").GetDouble(), CrossEntropy.Hard(logits, n, k, target, grad, mask), Abs, Rel, "masked loss");
        Tolerance.Close(c.GetProperty("masked_grad_logits").Flat(), grad, Abs, Rel, "masked grad");
        var p = new float[k];
        var softmax = c.GetProperty("softmax").Flat();
        for (int i = 0; i < n; i++)
        {
            CrossEntropy.Softmax(logits.AsSpan(i * k, k), p);
            Tolerance.Close(softmax.AsSpan(i * k, k), p, Abs, Rel, $"softmax row {i}");
        }

        // Soft targets equal to one-hot rows give the hard-label loss.
        var onehot = new float[n * k];
        for (int i = 0; i < n; i++)
        {
            onehot[(i * k) + target[i]] = 1;
        }

        Tolerance.Close(c.GetProperty("mean_loss").GetDouble(), CrossEntropy.Soft(logits, n, k, onehot, grad), Abs, Rel, "soft loss");
        Tolerance.Close(c.GetProperty("grad_logits").Flat(), grad, Abs, Rel, "soft grad");
    }

    [Fact]
    public void Sgd_nesterov_with_weight_decay_matches_pytorch()
    {
        using var doc = Reference.Load("torch_layers.json");
        var c = Case(doc, "sgd_nesterov");
        var value = c.GetProperty("param_before").FlatFloats();
        var param = new Parameter("w", value, new float[value.Length], [value.Length], false);
        var sgd = new Sgd([param], new SgdOptions((float)c.GetProperty("lr").GetDouble(), (float)c.GetProperty("momentum").GetDouble(), true, (float)c.GetProperty("weight_decay").GetDouble()));
        int step = 0;
        foreach (var s in c.GetProperty("steps").EnumerateArray())
        {
            s.GetProperty("grad").FlatFloats().CopyTo(param.Grad, 0);
            sgd.Step();
            Tolerance.Close(s.GetProperty("param_after").Flat(), param.Value, Abs, Rel, $"step {step++}");
        }

        Assert.True(step >= 2);
    }
}
