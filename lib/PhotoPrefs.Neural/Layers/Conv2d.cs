using System.Buffers;
using PhotoPrefs.Neural.Kernels;

namespace PhotoPrefs.Neural.Layers;

/// <summary>
/// 2-D convolution (cross-correlation, as PyTorch's <c>Conv2d</c>) over NCHW input with a square kernel:
/// <c>y[n, o, i, j] = b[o] + sum_{c, u, v} w[o, c, u, v] x[n, c, i s - p + u, j s - p + v]</c>, zero padding.
/// Computed per image as one GEMM on an im2col matrix (a 1 x 1, stride-1 convolution needs none);
/// images are split into one contiguous range per core, and per-range weight gradients are summed in
/// a fixed order, so results do not depend on thread timing.
/// </summary>
public sealed class Conv2d : Layer
{
    private readonly float[] _w, _gw;
    private readonly float[]? _b, _gb;
    private Tensor? _input, _output;
    private float[][] _partials = [];

    /// <summary>Creates the layer with zero weights (see <see cref="Initialization"/> for Kaiming initialisation).</summary>
    /// <param name="inChannels">Input channels.</param>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="kernel">Kernel side.</param>
    /// <param name="stride">Stride.</param>
    /// <param name="padding">Zero padding on each side.</param>
    /// <param name="bias">Whether to add a bias.</param>
    public Conv2d(int inChannels, int outChannels, int kernel, int stride = 1, int padding = 0, bool bias = true)
    {
        InChannels = inChannels;
        OutChannels = outChannels;
        Kernel = kernel;
        Stride = stride;
        Padding = padding;
        _w = new float[outChannels * inChannels * kernel * kernel];
        _gw = new float[_w.Length];
        if (bias)
        {
            _b = new float[outChannels];
            _gb = new float[outChannels];
        }
    }

    /// <summary>Input channels.</summary>
    public int InChannels { get; }

    /// <summary>Output channels.</summary>
    public int OutChannels { get; }

    /// <summary>Kernel side.</summary>
    public int Kernel { get; }

    /// <summary>Stride.</summary>
    public int Stride { get; }

    /// <summary>Padding.</summary>
    public int Padding { get; }

    /// <summary>Weights, <c>[out, in, k, k]</c>.</summary>
    public float[] Weight => _w;

    /// <summary>Bias, or null.</summary>
    public float[]? Bias => _b;

    /// <inheritdoc />
    public override IEnumerable<Parameter> Parameters(string prefix = "")
    {
        yield return new Parameter(prefix + "weight", _w, _gw, [OutChannels, InChannels, Kernel, Kernel], false);
        if (_b is not null)
        {
            yield return new Parameter(prefix + "bias", _b, _gb!, [OutChannels], true);
        }
    }

    /// <inheritdoc />
    public override string Describe() => $"Conv2d({InChannels},{OutChannels},k{Kernel},s{Stride},p{Padding},{(_b is null ? "nobias" : "bias")})";

    private int OutSize(int size) => ((size + (2 * Padding) - Kernel) / Stride) + 1;

    private bool Direct => Kernel == 1 && Stride == 1 && Padding == 0;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        int n = input.Dim(0), c = input.Dim(1), h = input.Dim(2), w = input.Dim(3);
        if (c != InChannels)
        {
            throw new ArgumentException($"Conv2d expects {InChannels} channels, got {c}", nameof(input));
        }

        int ho = OutSize(h), wo = OutSize(w);
        _input = input;
        var y = Output(ref _output, n, OutChannels, ho, wo);
        var x = input.Data;
        var yd = y.Data;
        var job = new ImageRanges(this, x, yd, [], n, c, h, w, ho, wo);
        WorkerPool.For(job.Ranges, job, static (s, range) => s.Layer.ForwardImages(s.Start(range), s.Start(range + 1), s.X, s.Y, s.C, s.H, s.W, s.Ho, s.Wo));
        return y;
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor gradOutput)
    {
        ArgumentNullException.ThrowIfNull(gradOutput);
        var input = _input ?? throw new InvalidOperationException("Backward before Forward");
        int n = input.Dim(0), c = input.Dim(1), h = input.Dim(2), w = input.Dim(3);
        int ho = gradOutput.Dim(2), wo = gradOutput.Dim(3);
        var gx = TensorPool.Rent(n, c, h, w);
        var gxd = gx.Data;
        var x = input.Data;
        var gy = gradOutput.Data;
        int workers = ImageRanges.Count(n);
        if (_partials.Length != workers)
        {
            _partials = Enumerable.Range(0, workers).Select(_ => new float[_w.Length + (_b?.Length ?? 0)]).ToArray();
        }

        var job = new ImageRanges(this, x, gy, gxd, n, c, h, w, ho, wo);
        WorkerPool.For(job.Ranges, job, static (s, range) => s.Layer.BackwardImages(range, s.Start(range), s.Start(range + 1), s.X, s.Y, s.Gx, s.C, s.H, s.W, s.Ho, s.Wo));
        for (int r = 0; r < workers; r++)
        {
            var gw = _partials[r];
            System.Numerics.Tensors.TensorPrimitives.Add(_gw, gw.AsSpan(0, _w.Length), _gw);
            if (_gb is not null)
            {
                System.Numerics.Tensors.TensorPrimitives.Add(_gb, gw.AsSpan(_w.Length), _gb);
            }
        }

        return gx;
    }

    private void ForwardImages(int start, int end, float[] x, float[] yd, int c, int h, int w, int ho, int wo)
    {
        int kk = InChannels * Kernel * Kernel, hw = ho * wo;
        var cols = Direct ? null : ArrayPool<float>.Shared.Rent(kk * hw);
        try
        {
            for (int img = start; img < end; img++)
            {
                ReadOnlySpan<float> src = x.AsSpan(img * c * h * w, c * h * w);
                if (cols is not null)
                {
                    Im2Col(src, h, w, ho, wo, cols);
                    src = cols;
                }

                var dst = yd.AsSpan(img * OutChannels * hw, OutChannels * hw);
                Sgemm.Multiply(false, false, OutChannels, hw, kk, 1f, _w, kk, src, hw, 0f, dst, hw);
                if (_b is not null)
                {
                    for (int o = 0; o < OutChannels; o++)
                    {
                        System.Numerics.Tensors.TensorPrimitives.Add(dst.Slice(o * hw, hw), _b[o], dst.Slice(o * hw, hw));
                    }
                }
            }
        }
        finally
        {
            if (cols is not null)
            {
                ArrayPool<float>.Shared.Return(cols);
            }
        }
    }

    private void BackwardImages(int range, int start, int end, float[] x, float[] gy, float[] gxd, int c, int h, int w, int ho, int wo)
    {
        int kk = InChannels * Kernel * Kernel, hw = ho * wo;
        // One accumulator per range, reused across steps, summed below in range order.
        var gw = _partials[range];
        Array.Clear(gw);
        var cols = Direct ? null : ArrayPool<float>.Shared.Rent(kk * hw);
        var gcols = Direct ? null : ArrayPool<float>.Shared.Rent(kk * hw);
        try
        {
            for (int img = start; img < end; img++)
            {
                ReadOnlySpan<float> src = x.AsSpan(img * c * h * w, c * h * w);
                var g = gy.AsSpan(img * OutChannels * hw, OutChannels * hw);
                var gxi = gxd.AsSpan(img * c * h * w, c * h * w);
                if (cols is not null)
                {
                    Im2Col(src, h, w, ho, wo, cols);
                    src = cols;
                }

                // dW += dY . cols^T ; dcols = W^T . dY
                Sgemm.Multiply(false, true, OutChannels, kk, hw, 1f, g, hw, src, hw, 1f, gw, kk);
                if (gcols is null)
                {
                    Sgemm.Multiply(true, false, kk, hw, OutChannels, 1f, _w, kk, g, hw, 0f, gxi, hw);
                }
                else
                {
                    Sgemm.Multiply(true, false, kk, hw, OutChannels, 1f, _w, kk, g, hw, 0f, gcols, hw);
                    Col2Im(gcols, h, w, ho, wo, gxi);
                }

                if (_b is not null)
                {
                    for (int o = 0; o < OutChannels; o++)
                    {
                        gw[_w.Length + o] += System.Numerics.Tensors.TensorPrimitives.Sum(g.Slice(o * hw, hw));
                    }
                }
            }
        }
        finally
        {
            if (cols is not null)
            {
                ArrayPool<float>.Shared.Return(cols);
                ArrayPool<float>.Shared.Return(gcols!);
            }
        }
    }

    // cols[(ch k + u) k + v, i wo + j] = x[ch, i s - p + u, j s - p + v], zero outside.
    private void Im2Col(ReadOnlySpan<float> x, int h, int w, int ho, int wo, float[] cols)
    {
        int k = Kernel, s = Stride, p = Padding, hw = ho * wo;
        for (int ch = 0; ch < InChannels; ch++)
        {
            var plane = x.Slice(ch * h * w, h * w);
            for (int u = 0; u < k; u++)
            {
                for (int v = 0; v < k; v++)
                {
                    var row = cols.AsSpan((((ch * k) + u) * k + v) * hw, hw);
                    for (int i = 0; i < ho; i++)
                    {
                        int yy = (i * s) - p + u;
                        var dst = row.Slice(i * wo, wo);
                        if ((uint)yy >= (uint)h)
                        {
                            dst.Clear();
                            continue;
                        }

                        var srcRow = plane.Slice(yy * w, w);
                        if (s == 1)
                        {
                            int x0 = v - p;
                            int jStart = Math.Max(0, -x0), jEnd = Math.Min(wo, w - x0);
                            dst[..Math.Max(0, jStart)].Clear();
                            if (jEnd > jStart)
                            {
                                srcRow.Slice(x0 + jStart, jEnd - jStart).CopyTo(dst[jStart..]);
                            }

                            dst[Math.Max(jStart, jEnd)..].Clear();
                        }
                        else
                        {
                            for (int j = 0; j < wo; j++)
                            {
                                int xx = (j * s) - p + v;
                                dst[j] = (uint)xx < (uint)w ? srcRow[xx] : 0f;
                            }
                        }
                    }
                }
            }
        }
    }

    // The adjoint of Im2Col: every column entry is added back to the pixel it came from.
    private void Col2Im(float[] cols, int h, int w, int ho, int wo, Span<float> gx)
    {
        int k = Kernel, s = Stride, p = Padding, hw = ho * wo;
        gx.Clear();
        for (int ch = 0; ch < InChannels; ch++)
        {
            var plane = gx.Slice(ch * h * w, h * w);
            for (int u = 0; u < k; u++)
            {
                for (int v = 0; v < k; v++)
                {
                    var row = cols.AsSpan((((ch * k) + u) * k + v) * hw, hw);
                    for (int i = 0; i < ho; i++)
                    {
                        int yy = (i * s) - p + u;
                        if ((uint)yy >= (uint)h)
                        {
                            continue;
                        }

                        var dstRow = plane.Slice(yy * w, w);
                        var src = row.Slice(i * wo, wo);
                        if (s == 1)
                        {
                            int x0 = v - p;
                            int jStart = Math.Max(0, -x0), jEnd = Math.Min(wo, w - x0);
                            if (jEnd > jStart)
                            {
                                var d = dstRow.Slice(x0 + jStart, jEnd - jStart);
                                System.Numerics.Tensors.TensorPrimitives.Add(d, src.Slice(jStart, jEnd - jStart), d);
                            }
                        }
                        else
                        {
                            for (int j = 0; j < wo; j++)
                            {
                                int xx = (j * s) - p + v;
                                if ((uint)xx < (uint)w)
                                {
                                    dstRow[xx] += src[j];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    // The images split into one contiguous range per worker; Y is the output (forward) or the output's gradient (backward).
    private readonly record struct ImageRanges(Conv2d Layer, float[] X, float[] Y, float[] Gx, int N, int C, int H, int W, int Ho, int Wo)
    {
        public int Ranges => Count(N);

        public static int Count(int n) => Math.Max(1, Math.Min(WorkerPool.Workers, n));

        public int Start(int range) => range * N / Ranges;
    }
}
