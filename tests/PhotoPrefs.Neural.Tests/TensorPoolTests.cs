using PhotoPrefs.Neural.Layers;

namespace PhotoPrefs.Neural.Tests;

/// <summary>Runs the pool's tests alone, so that what other tests give back does not count in its sizes.</summary>
[CollectionDefinition(nameof(TensorPoolTests), DisableParallelization = true)]
public sealed class TensorPoolRunsAlone;

/// <summary>The pool that lends gradients, and evaluation-mode outputs, to layers.</summary>
[Collection(nameof(TensorPoolTests))]
public sealed class TensorPoolTests
{
    [Fact]
    public void A_returned_tensor_is_lent_again_and_only_lent_tensors_go_back()
    {
        var a = TensorPool.Rent(3, 4, 5);
        Assert.Equal([3, 4, 5], a.Shape);
        Assert.True(a.Data.Length >= 60);
        TensorPool.Return(a);
        TensorPool.Return(a); // given back twice: the second is ignored
        var b = TensorPool.Rent(5, 12);
        var c = TensorPool.Rent(5, 12);
        Assert.NotSame(b, c); // one tensor was given back, so the second loan is a new one
        Assert.Equal([5, 12], b.Shape);

        var own = new Tensor(2, 2);
        TensorPool.Return(own); // not lent: left alone
        TensorPool.Return(null);
        var d = TensorPool.Rent(2, 2);
        Assert.NotSame(own, d);
        foreach (var t in new[] { b, c, d })
        {
            TensorPool.Return(t);
        }
    }

    [Fact]
    public void Inference_holds_a_few_activations_and_gives_the_same_logits_as_the_layers_own_buffers()
    {
        var net = Networks.Reference(3, width: 8);
        Initialization.Kaiming(net, 4);
        var rng = new Random(9);
        var x = new Tensor(5, 3, 32, 32);
        for (int i = 0; i < x.Length; i++)
        {
            x.Data[i] = (float)((rng.NextDouble() * 2) - 1);
        }

        // Training mode computes with the layers' own buffers; with no dropout there, and BatchNorm's running statistics
        // set from that batch, evaluation on the same batch gives the same logits through lent buffers.
        foreach (var bn in net.Descendants().OfType<BatchNorm2d>())
        {
            bn.BeginRecalibration();
        }

        var trained = net.Forward(x).Span.ToArray();
        foreach (var bn in net.Descendants().OfType<BatchNorm2d>())
        {
            bn.EndRecalibration();
        }

        net.SetTraining(false);
        TensorPool.Clear();
        var first = net.Forward(x);
        var firstValues = first.Span.ToArray();
        var second = net.Forward(x);
        Assert.NotSame(first, second); // lent, not the layer's own: the first result stays valid
        Assert.Equal(firstValues, first.Span.ToArray());
        Assert.Equal(firstValues, second.Span.ToArray());
        for (int i = 0; i < trained.Length; i++)
        {
            // the running variance is the unbiased one, so evaluation differs from the batch's own statistics by ~0.3%
            Assert.InRange(Math.Abs(trained[i] - firstValues[i]), 0, 1e-2 * (1 + Math.Abs(trained[i])));
        }

        // The largest activation is 5 x 8 x 32 x 32 values; a forward pass keeps a few of them, not its 20 layers'.
        long largest = 5L * 8 * 32 * 32 * sizeof(float);
        Assert.InRange(TensorPool.HeldBytes, largest, 8 * largest); // and it gave back what the next layer had read
    }
}
