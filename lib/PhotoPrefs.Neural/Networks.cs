using PhotoPrefs.Neural.Layers;

namespace PhotoPrefs.Neural;

/// <summary>Ready-made networks.</summary>
public static class Networks
{
    /// <summary>Convolution (no bias), BatchNorm, leaky ReLU 0.1.</summary>
    /// <param name="cin">Input channels.</param>
    /// <param name="cout">Output channels.</param>
    /// <param name="stride">Stride of the 3 x 3 convolution.</param>
    /// <returns>The block.</returns>
    public static Sequential ConvBn(int cin, int cout, int stride = 1) =>
        new(("conv", new Conv2d(cin, cout, 3, stride, 1, bias: false)), ("bn", new BatchNorm2d(cout)), ("act", Activations.LeakyRelu(0.1f)));

    /// <summary>
    /// A residual block <c>y = b(a(x)) + shortcut(x)</c>, where a and b are <see cref="ConvBn"/> and the shortcut is the
    /// identity, or a 1 x 1 convolution (no bias) when the channels or the stride change.
    /// </summary>
    /// <param name="cin">Input channels.</param>
    /// <param name="cout">Output channels.</param>
    /// <param name="stride">Stride of the first convolution.</param>
    /// <returns>The block.</returns>
    public static Residual Block(int cin, int cout, int stride) =>
        new(new Sequential(("a", ConvBn(cin, cout, stride)), ("b", ConvBn(cout, cout))),
            cin == cout && stride == 1 ? null : new Conv2d(cin, cout, 1, stride, 0, bias: false));

    /// <summary>
    /// The reference network of PhotoPrefs' benchmark and of the FixMatch trainer (input 3 x 64 x 64):
    /// stem ConvBn 3-&gt;32; residual stages 32-&gt;32, 32-&gt;64 (stride 2), 64-&gt;128 (stride 2); global average pool; linear to the classes.
    /// </summary>
    /// <param name="classes">Output classes.</param>
    /// <param name="inChannels">Input channels (3 for RGB, 1 for grayscale).</param>
    /// <param name="width">Channels of the first stage (32; the later stages double it).</param>
    /// <param name="sideInputs">Per-example values joined to the pooled features (a <see cref="RowDrop"/>, a <see cref="SideInputLinear"/> to a hidden layer of 4 width units, leaky ReLU, then a <see cref="SideInputLinear"/> to the classes); 0 for none.</param>
    /// <returns>The network, with zero weights: call <see cref="Initialization.Kaiming"/>.</returns>
    public static Sequential Reference(int classes, int inChannels = 3, int width = 32, int sideInputs = 0)
    {
        var net = new Sequential(("stem", ConvBn(inChannels, width)),
            ("s1", Block(width, width, 1)),
            ("s2", Block(width, 2 * width, 2)),
            ("s3", Block(2 * width, 4 * width, 2)),
            ("pool", new GlobalAvgPool()));
        if (sideInputs == 0)
        {
            return new Sequential([.. net.Children, ("fc", new Linear(4 * width, classes))]);
        }

        // With side inputs a hidden layer lets them interact with what the image shows
        // (a sharpness that is low for a document is high for a night sky); the side inputs also reach the
        // output directly, and a RowDrop can hide the image features of chosen training examples.
        return new Sequential([.. net.Children, ("drop", new RowDrop()), ("fc", new SideInputLinear(4 * width, sideInputs, 4 * width)), ("fc_act", Activations.LeakyRelu(0.1f)), ("head", new SideInputLinear(4 * width, sideInputs, classes))]);
    }

    /// <summary>
    /// A small head on vectors (an embedding): a <see cref="RowDrop"/>, a <see cref="SideInputLinear"/> from the vector
    /// and the side values to <paramref name="hidden"/> units, leaky ReLU 0.1, and a <see cref="SideInputLinear"/> to the
    /// classes, so that the side values reach the output directly too. Input: [N, <paramref name="inputs"/>].
    /// </summary>
    /// <param name="classes">Output classes.</param>
    /// <param name="inputs">Length of an input vector.</param>
    /// <param name="hidden">Hidden units.</param>
    /// <param name="sideInputs">Per-example side values (0 for none).</param>
    /// <returns>The network, with zero weights: call <see cref="Initialization.Kaiming"/>.</returns>
    public static Sequential Head(int classes, int inputs, int hidden, int sideInputs = 0) =>
        new(("drop", new RowDrop()), ("fc", new SideInputLinear(inputs, sideInputs, hidden)), ("fc_act", Activations.LeakyRelu(0.1f)), ("head", new SideInputLinear(hidden, sideInputs, classes)));
}
