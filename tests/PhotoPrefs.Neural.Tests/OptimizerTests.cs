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
