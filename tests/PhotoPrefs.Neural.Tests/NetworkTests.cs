using PhotoPrefs.Neural.Layers;
using PhotoPrefs.Neural.Optim;
using PhotoPrefs.Testing;

namespace PhotoPrefs.Neural.Tests;

public sealed class NetworkTests
{
    internal static Sequential TinyCnn() =>
        new(("c1", new Conv2d(3, 8, 3, 1, 1, bias: false)), ("b1", new BatchNorm2d(8)), ("a1", Activations.LeakyRelu(0.1f)),
            ("c2", new Conv2d(8, 16, 3, 2, 1, bias: false)), ("b2", new BatchNorm2d(16)), ("a2", Activations.LeakyRelu(0.1f)),
            ("pool", new GlobalAvgPool()), ("fc", new Linear(16, 2)));

    [Fact]
    [Trait("Category", "Golden")]
    public void Tiny_cnn_loss_and_every_gradient_match_pytorch()
    {
        using var doc = Reference.Load("tiny_cnn.json");
        var root = doc.RootElement;
        var net = TinyCnn();
        var parameters = net.Parameters().ToDictionary(p => p.Name);
        foreach (var p in root.GetProperty("parameters").EnumerateObject())
        {
            var name = p.Name;
            Assert.True(parameters.ContainsKey(name), name);
            p.Value.GetProperty("value").FlatFloats().CopyTo(parameters[name].Value, 0);
        }

        Assert.Equal(parameters.Count, root.GetProperty("parameters").EnumerateObject().Count());
        var x = new Tensor(root.GetProperty("x").FlatFloats(), root.GetProperty("x_shape").Ints());
        var target = root.GetProperty("target").Ints();
        var logits = net.Forward(x);
        var grad = new Tensor(logits.Shape);
        double loss = CrossEntropy.Hard(logits.Span, target.Length, 2, target, grad.Span);
        Tolerance.Close(root.GetProperty("loss").GetDouble(), loss, 1e-6, 1e-4, "loss");
        net.Backward(grad);
        foreach (var p in root.GetProperty("parameters").EnumerateObject())
        {
            Tolerance.Close(p.Value.GetProperty("grad").Flat(), parameters[p.Name].Grad, 1e-6, 1e-4, p.Name + ".grad");
        }
    }

    [Fact]
    public void Save_and_load_round_trip_and_refuse_a_different_architecture()
    {
        var a = Networks.Reference(2, width: 8);
        Initialization.Kaiming(a, seed: 1);
        using var ms = new MemoryStream();
        ModelFile.Save(a, ms, new Dictionary<string, string> { ["user"] = "J" });
        var b = Networks.Reference(2, width: 8);
        ms.Position = 0;
        var meta = ModelFile.Load(b, ms);
        Assert.Equal("J", meta["user"]);
        Assert.Equal(a.Parameters().SelectMany(p => p.Value), b.Parameters().SelectMany(p => p.Value));

        ms.Position = 0;
        var other = Networks.Reference(3, width: 8);
        var e = Assert.Throws<InvalidDataException>(() => ModelFile.Load(other, ms));
        Assert.Contains("different architecture", e.Message);

        var truncated = new MemoryStream(ms.ToArray()[..(int)(ms.Length / 2)]);
        var c = Networks.Reference(2, width: 8);
        var before = c.Parameters().SelectMany(p => p.Value).ToArray();
        Assert.Throws<InvalidDataException>(() => ModelFile.Load(c, truncated));
        Assert.Equal(before, c.Parameters().SelectMany(p => p.Value));
        Assert.Throws<InvalidDataException>(() => ModelFile.Load(c, new MemoryStream("not a model"u8.ToArray())));
    }

    [Fact]
    public void Kaiming_initialisation_is_seeded()
    {
        var a = Networks.Reference(2, width: 8);
        var b = Networks.Reference(2, width: 8);
        Initialization.Kaiming(a, 7);
        Initialization.Kaiming(b, 7);
        Assert.Equal(a.Parameters().SelectMany(p => p.Value), b.Parameters().SelectMany(p => p.Value));
        var conv = a.Parameters().First(p => p.Shape.Length == 4);
        double std = Math.Sqrt(conv.Value.Select(v => (double)v * v).Average());
        double expected = Math.Sqrt(2 / 1.01) / Math.Sqrt(conv.Shape[0] * 9);
        Assert.InRange(std, expected * 0.8, expected * 1.2);
        Assert.All(a.Parameters().Where(p => p.Name.EndsWith("bn.weight", StringComparison.Ordinal)), p => Assert.All(p.Value, v => Assert.Equal(1f, v)));
    }

    [Fact]
    public void A_small_cnn_learns_a_synthetic_task()
    {
        // Bright blob on the left half vs on the right half of a noisy 16 x 16 image: seeded, 4 classes of position.
        var rng = new Random(11);
        const int n = 256, side = 16, classes = 4;
        Tensor Make(int count, out int[] labels)
        {
            var t = new Tensor(count, 1, side, side);
            labels = new int[count];
            for (int i = 0; i < count; i++)
            {
                int c = i % classes;
                labels[i] = c;
                int cy = c / 2 == 0 ? 4 : 11, cx = c % 2 == 0 ? 4 : 11;
                for (int y = 0; y < side; y++)
                {
                    for (int x = 0; x < side; x++)
                    {
                        double d2 = ((y - cy) * (y - cy)) + ((x - cx) * (x - cx));
                        t.Data[(i * side * side) + (y * side) + x] = (float)(Math.Exp(-d2 / 6) + (0.3 * (rng.NextDouble() - 0.5)));
                    }
                }
            }

            return t;
        }

        var train = Make(n, out var trainLabels);
        var test = Make(128, out var testLabels);
        var net = Networks.Reference(classes, inChannels: 1, width: 8);
        Initialization.Kaiming(net, seed: 3);
        var sgd = new Sgd(net.Parameters(), new SgdOptions(0.05f));
        var grad = new Tensor(32, classes);
        for (int step = 0; step < 60; step++)
        {
            int start = (step * 32) % n;
            var batch = new Tensor(train.Data.AsSpan(start * side * side, 32 * side * side).ToArray(), 32, 1, side, side);
            net.ZeroGrad();
            var logits = net.Forward(batch);
            CrossEntropy.Hard(logits.Span, 32, classes, trainLabels.AsSpan(start, 32), grad.Span);
            net.BackwardToParameters(grad);
            sgd.Step();
        }

        net.SetTraining(false);
        var outLogits = net.Forward(test);
        int correct = 0;
        for (int i = 0; i < 128; i++)
        {
            var row = outLogits.Span.Slice(i * classes, classes);
            int arg = 0;
            for (int j = 1; j < classes; j++)
            {
                arg = row[j] > row[arg] ? j : arg;
            }

            correct += arg == testLabels[i] ? 1 : 0;
        }

        Assert.True(correct / 128.0 >= 0.95, $"accuracy {correct / 128.0}");
    }

    [Fact]
    public void Ema_averages_weights_and_copies_buffers()
    {
        var net = Networks.Reference(2, width: 8);
        Initialization.Kaiming(net, 1);
        var ema = new Ema(net, 0.05f);
        var p = net.Parameters().First();
        float before = p.Value[0];
        p.Value[0] = before + 2;
        var bn = net.Buffers().First();
        bn.Values[0] = 42;
        ema.Update();
        var copy = Networks.Reference(2, width: 8);
        ema.CopyTo(copy);
        // First update: d = min(0.05, 1/10) = 0.05, so the average moves 95% of the way.
        Assert.Equal(before + (0.95f * 2), copy.Parameters().First().Value[0], 4);
        Assert.Equal(42f, copy.Buffers().First().Values[0]);
        Assert.Equal(0.03f * (float)Math.Cos(7 * Math.PI * 5 / (16.0 * 10)), Schedules.FixMatchCosine(0.03f, 5, 10), 6);
        Assert.Equal(0.03f, Schedules.FixMatchCosine(0.03f, 0, 10));
    }
}

public sealed class BatchNormRecalibrationTests
{
    [Fact]
    public void Recalibration_averages_the_batches_seen()
    {
        var bn = new BatchNorm2d(1);
        var a = new Tensor([1f, 3f], 2, 1, 1, 1);   // mean 2, unbiased variance 2
        var b = new Tensor([5f, 9f], 2, 1, 1, 1);   // mean 7, unbiased variance 8
        bn.Forward(a);
        Assert.NotEqual(0f, bn.RunningMean[0]);
        bn.BeginRecalibration();
        bn.Forward(a);
        bn.Forward(b);
        bn.EndRecalibration();
        Assert.Equal(4.5f, bn.RunningMean[0], 5);
        Assert.Equal(5f, bn.RunningVar[0], 5);
        bn.Forward(a);
        Assert.Equal((0.9f * 4.5f) + (0.1f * 2f), bn.RunningMean[0], 5);
    }

    [Fact]
    public void Descendants_reach_every_batch_norm_of_the_reference_network()
    {
        var net = Networks.Reference(2, width: 8);
        Assert.Equal(7, net.Descendants().OfType<BatchNorm2d>().Count());
        Assert.Equal(9, net.Descendants().OfType<Conv2d>().Count());
    }
}
