using PhotoPrefs.Neural.Kernels;

namespace PhotoPrefs.Neural.Layers;

/// <summary>Max pooling with a square window, no padding: <c>y[n, c, i, j] = max_{u, v &lt; k} x[n, c, i s + u, j s + v]</c>. The gradient goes to the first maximum.</summary>
/// <param name="kernel">Window side.</param>
/// <param name="stride">Stride.</param>
public sealed class MaxPool2d(int kernel, int stride) : Layer
{
    private Tensor? _output, _input;
    private int[] _argmax = [];

    /// <inheritdoc />
    public override string Describe() => $"MaxPool2d(k{kernel},s{stride})";

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        _input = input;
        int n = input.Dim(0), c = input.Dim(1), h = input.Dim(2), w = input.Dim(3);
        int ho = ((h - kernel) / stride) + 1, wo = ((w - kernel) / stride) + 1;
        var y = Output(ref _output, n, c, ho, wo);
        if (_argmax.Length < y.Length)
        {
            _argmax = new int[y.Length];
        }

        var x = input.Data;
        var yd = y.Data;
        var arg = _argmax;
        WorkerPool.For(n * c, (X: x, Y: yd, Arg: arg, H: h, W: w, Ho: ho, Wo: wo, Kernel: kernel, Stride: stride), static (s, nc) => MaxPlane(nc, s.X, s.Y, s.Arg, s.H, s.W, s.Ho, s.Wo, s.Kernel, s.Stride));
        return y;
    }

    private static void MaxPlane(int nc, float[] x, float[] yd, int[] arg, int h, int w, int ho, int wo, int kernel, int stride)
    {
        int inBase = nc * h * w, outBase = nc * ho * wo;
        for (int i = 0; i < ho; i++)
        {
            for (int j = 0; j < wo; j++)
            {
                int best = inBase + (i * stride * w) + (j * stride);
                for (int u = 0; u < kernel; u++)
                {
                    for (int v = 0; v < kernel; v++)
                    {
                        int idx = inBase + (((i * stride) + u) * w) + (j * stride) + v;
                        if (x[idx] > x[best])
                        {
                            best = idx;
                        }
                    }
                }

                yd[outBase + (i * wo) + j] = x[best];
                arg[outBase + (i * wo) + j] = best;
            }
        }
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor gradOutput)
    {
        ArgumentNullException.ThrowIfNull(gradOutput);
        var input = _input ?? throw new InvalidOperationException("Backward before Forward");
        var gx = TensorPool.Rent(input.Shape);
        gx.Span.Clear();
        var g = gradOutput.Data;
        for (int i = 0; i < gradOutput.Length; i++)
        {
            gx.Data[_argmax[i]] += g[i];
        }

        return gx;
    }
}

/// <summary>Average pooling with a square window, no padding: <c>y = mean of the k x k window</c>.</summary>
/// <param name="kernel">Window side.</param>
/// <param name="stride">Stride.</param>
public sealed class AvgPool2d(int kernel, int stride) : Layer
{
    private Tensor? _output, _input;

    /// <inheritdoc />
    public override string Describe() => $"AvgPool2d(k{kernel},s{stride})";

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        _input = input;
        int n = input.Dim(0), c = input.Dim(1), h = input.Dim(2), w = input.Dim(3);
        int ho = ((h - kernel) / stride) + 1, wo = ((w - kernel) / stride) + 1;
        var y = Output(ref _output, n, c, ho, wo);
        float scale = 1f / (kernel * kernel);
        for (int nc = 0; nc < n * c; nc++)
        {
            for (int i = 0; i < ho; i++)
            {
                for (int j = 0; j < wo; j++)
                {
                    float s = 0;
                    for (int u = 0; u < kernel; u++)
                    {
                        for (int v = 0; v < kernel; v++)
                        {
                            s += input.Data[(nc * h * w) + ((((i * stride) + u) * w) + (j * stride) + v)];
                        }
                    }

                    y.Data[(nc * ho * wo) + (i * wo) + j] = s * scale;
                }
            }
        }

        return y;
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor gradOutput)
    {
        ArgumentNullException.ThrowIfNull(gradOutput);
        var input = _input ?? throw new InvalidOperationException("Backward before Forward");
        int n = input.Dim(0), c = input.Dim(1), h = input.Dim(2), w = input.Dim(3);
        int ho = gradOutput.Dim(2), wo = gradOutput.Dim(3);
        var gx = TensorPool.Rent(input.Shape);
        gx.Span.Clear();
        float scale = 1f / (kernel * kernel);
        for (int nc = 0; nc < n * c; nc++)
        {
            for (int i = 0; i < ho; i++)
            {
                for (int j = 0; j < wo; j++)
                {
                    float g = gradOutput.Data[(nc * ho * wo) + (i * wo) + j] * scale;
                    for (int u = 0; u < kernel; u++)
                    {
                        for (int v = 0; v < kernel; v++)
                        {
                            gx.Data[(nc * h * w) + ((((i * stride) + u) * w) + (j * stride) + v)] += g;
                        }
                    }
                }
            }
        }

        return gx;
    }
}

/// <summary>Global average pooling: <c>[N, C, H, W] -&gt; [N, C]</c>, the mean over each channel's plane.</summary>
public sealed class GlobalAvgPool : Layer
{
    private Tensor? _output, _input;

    /// <inheritdoc />
    public override string Describe() => "GlobalAvgPool";

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        _input = input;
        int n = input.Dim(0), c = input.Dim(1), hw = input.Dim(2) * input.Dim(3);
        var y = Output(ref _output, n, c);
        for (int i = 0; i < n * c; i++)
        {
            y.Data[i] = System.Numerics.Tensors.TensorPrimitives.Sum(input.Data.AsSpan(i * hw, hw)) / hw;
        }

        return y;
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor gradOutput)
    {
        ArgumentNullException.ThrowIfNull(gradOutput);
        var input = _input ?? throw new InvalidOperationException("Backward before Forward");
        int n = input.Dim(0), c = input.Dim(1), hw = input.Dim(2) * input.Dim(3);
        var gx = TensorPool.Rent(input.Shape);
        for (int i = 0; i < n * c; i++)
        {
            gx.Data.AsSpan(i * hw, hw).Fill(gradOutput.Data[i] / hw);
        }

        return gx;
    }
}
