using PhotoPrefs.Neural.Layers;
using PhotoPrefs.Neural.Optim;

namespace PhotoPrefs.Neural.Tests;

public sealed class GradientClippingTests
{
    [Fact]
    public void Clipping_scales_all_gradients_to_the_global_norm_only_when_over_it()
    {
        // Gradients (3, 0) and (0, 4): global norm 5.
        var a = new Parameter("a", new float[2], [3f, 0f], [2], false);
        var b = new Parameter("b", new float[2], [0f, 4f], [2], false);
        Assert.Equal(5, GradientClipping.ClipGlobalNorm([a, b], 10), 5);
        Assert.Equal([3f, 0f], a.Grad);
        Assert.Equal(5, GradientClipping.ClipGlobalNorm([a, b], 1), 5);
        Assert.Equal(0.6f, a.Grad[0], 4);
        Assert.Equal(0.8f, b.Grad[1], 4);
    }

    [Fact]
    public void Side_input_layer_passes_the_gradient_of_its_main_input_only()
    {
        var layer = new SideInputLinear(2, 1, 1);
        var w = layer.Parameters().First().Value;
        w[0] = 1f;
        w[1] = 2f;
        w[2] = 3f;
        layer.Side = new Tensor([10f], 1, 1);
        var y = layer.Forward(new Tensor([1f, 1f], 1, 2));
        Assert.Equal(1f + 2f + 30f, y.Data[0]);
        var g = layer.Backward(new Tensor([1f], 1, 1));
        Assert.Equal([1f, 2f], g.Span.ToArray());
        Assert.Throws<InvalidOperationException>(() => { layer.Side = null; layer.Forward(new Tensor([1f, 1f], 1, 2)); });
    }
}

public sealed class RowDropTests
{
    [Fact]
    public void Marked_rows_lose_their_features_and_gradients_only_in_training()
    {
        var layer = new RowDrop { Dropped = [false, true] };
        var x = new Tensor([1f, 2f, 3f, 4f, 5f, 6f], 3, 2);
        var y = layer.Forward(x);
        Assert.Equal([1f, 2f, 0f, 0f, 5f, 6f], y.Span.ToArray()); // the third row is past the marks: kept
        Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f], x.Span.ToArray()); // the input is not changed
        var g = layer.Backward(new Tensor([1f, 1f, 1f, 1f, 1f, 1f], 3, 2));
        Assert.Equal([1f, 1f, 0f, 0f, 1f, 1f], g.Span.ToArray());

        layer.SetTraining(false);
        Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f], layer.Forward(x).Span.ToArray());
        layer.SetTraining(true);
        layer.Dropped = null;
        Assert.Same(x, layer.Forward(x));
    }

    [Fact]
    public void A_network_with_side_inputs_predicts_from_them_alone_when_the_image_is_dropped()
    {
        var net = Networks.Reference(2, 3, 4, sideInputs: 1);
        Initialization.Kaiming(net, 1);
        var side = new Tensor([0.5f, -2f], 2, 1);
        foreach (var l in net.Descendants().OfType<SideInputLinear>())
        {
            l.Side = side;
        }

        var drop = net.Descendants().OfType<RowDrop>().Single();
        drop.Dropped = [true, true];
        net.SetTraining(true);
        var rng = new Random(3);
        var a = new Tensor(2, 3, 8, 8);
        var b = new Tensor(2, 3, 8, 8);
        for (int i = 0; i < a.Length; i++)
        {
            a.Data[i] = (float)rng.NextDouble();
            b.Data[i] = (float)rng.NextDouble();
        }

        var ya = net.Forward(a).Span.ToArray();
        var yb = net.Forward(b).Span.ToArray();
        Assert.Equal(ya, yb); // other pixels, same side values: same output
        Assert.NotEqual(ya[0], ya[2]); // other side values: another output
    }
}
