using System.Numerics.Tensors;

namespace PhotoPrefs.Features;

/// <summary>
/// Principal component analysis that agrees with scikit-learn's <c>PCA(svd_solver='full')</c>: the same
/// mean, components (up to sign), explained variance <c>s_i^2 / (n - 1)</c> and ratio, and transform
/// <c>(X - mean) W^T</c>. Each component's sign is fixed so that its largest-magnitude entry is positive.
/// <para>The decomposition works on the smaller side of the data: for <c>d &lt;= n</c> the covariance
/// <c>Xc^T Xc</c> (d x d), for <c>n &lt; d</c> the Gram matrix <c>Xc Xc^T</c> (n x n) whose eigenvectors map to
/// the components through <c>v = Xc^T u / s</c>; both exact, in double precision, with MathNet.Numerics'
/// symmetric eigensolver. Above <see cref="PcaOptions.ExactLimit"/> on both sides (10 000 photos of
/// 128 x 128 pixels, say) it uses a randomized SVD (Halko, Martinsson and Tropp 2011: a Gaussian test
/// matrix, oversampling 10, four power iterations with re-orthonormalisation) for at most
/// <see cref="PcaOptions.MaxComponents"/> components, never forming an n x n or d x d matrix;
/// ratios are still relative to the exact total variance.</para>
/// </summary>
public sealed class PcaModel
{
    private PcaModel(float[] mean, float[] components, int count, double[] variance, double totalVariance, string method)
    {
        Mean = mean;
        Components = components;
        Count = count;
        ExplainedVariance = variance;
        TotalVariance = totalVariance;
        Method = method;
    }

    /// <summary>Feature dimension d.</summary>
    public int Dimension => Mean.Length;

    /// <summary>Number of components kept.</summary>
    public int Count { get; }

    /// <summary>The column means subtracted before projecting (length d).</summary>
    public float[] Mean { get; }

    /// <summary>The components, row-major <c>Count x d</c>, each of unit length.</summary>
    public float[] Components { get; }

    /// <summary>Variance along each component, <c>s_i^2 / (n - 1)</c>.</summary>
    public double[] ExplainedVariance { get; }

    /// <summary>Total variance of the data, the sum over all d directions.</summary>
    public double TotalVariance { get; }

    /// <summary><see cref="ExplainedVariance"/> divided by <see cref="TotalVariance"/>.</summary>
    public double[] ExplainedVarianceRatio => ExplainedVariance.Select(v => TotalVariance > 0 ? v / TotalVariance : 0).ToArray();

    /// <summary>Which decomposition was used: <c>covariance</c>, <c>gram</c> or <c>randomized</c>.</summary>
    public string Method { get; }

    /// <summary>Component <paramref name="i"/> as a span of length d.</summary>
    /// <param name="i">Component index.</param>
    /// <returns>The component.</returns>
    public ReadOnlySpan<float> Component(int i) => Components.AsSpan(i * Dimension, Dimension);

    /// <summary>Fits the model to <paramref name="n"/> rows of <paramref name="d"/> features.</summary>
    /// <param name="x">Row-major data, n x d.</param>
    /// <param name="n">Rows (samples), at least 2.</param>
    /// <param name="d">Columns (features), at least 1.</param>
    /// <param name="options">How many components; 0.95 of the variance when null.</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="ArgumentException">Fewer than two rows, or a buffer of the wrong size.</exception>
    public static PcaModel Fit(ReadOnlySpan<float> x, int n, int d, PcaOptions? options = null)
    {
        options ??= new PcaOptions();
        if (n < 2 || d < 1 || x.Length != (long)n * d)
        {
            throw new ArgumentException($"PCA needs at least 2 rows and a buffer of n x d values (got n={n}, d={d}, {x.Length} values)", nameof(x));
        }

        var mean = new float[d];
        var acc = new double[d];
        for (int i = 0; i < n; i++)
        {
            var row = x.Slice(i * d, d);
            for (int j = 0; j < d; j++)
            {
                acc[j] += row[j];
            }
        }

        for (int j = 0; j < d; j++)
        {
            mean[j] = (float)(acc[j] / n);
        }

        var xc = new float[(long)n * d];
        for (int i = 0; i < n; i++)
        {
            TensorPrimitives.Subtract(x.Slice(i * d, d), mean, xc.AsSpan(i * d, d));
        }

        double total = 0;
        for (int i = 0; i < n; i++)
        {
            var row = xc.AsSpan(i * d, d);
            foreach (var v in row)
            {
                total += (double)v * v;
            }
        }

        total /= n - 1;
        int rank = Math.Min(n, d);
        double[] eigen;
        double[][] vectors;
        string method;
        if (rank <= options.ExactLimit)
        {
            (eigen, vectors, method) = d <= n ? PcaDecomposition.Covariance(xc, n, d) : PcaDecomposition.Gram(xc, n, d);
        }
        else
        {
            (eigen, vectors, method) = PcaDecomposition.Randomized(xc, n, d, Math.Min(options.Components ?? options.MaxComponents, options.MaxComponents), options.Seed);
        }

        int keep = Choose(eigen.Select(e => e / (n - 1)).ToArray(), total, options, vectors.Length);
        var components = new float[keep * d];
        for (int k = 0; k < keep; k++)
        {
            var v = vectors[k];
            int arg = 0;
            for (int j = 1; j < d; j++)
            {
                if (Math.Abs(v[j]) > Math.Abs(v[arg]))
                {
                    arg = j;
                }
            }

            double sign = v[arg] < 0 ? -1 : 1;
            for (int j = 0; j < d; j++)
            {
                components[(k * d) + j] = (float)(sign * v[j]);
            }
        }

        return new PcaModel(mean, components, keep, eigen.Take(keep).Select(e => e / (n - 1)).ToArray(), total, method);
    }

    /// <summary>Projects rows onto the components: <c>y = (x - mean) W^T</c>.</summary>
    /// <param name="x">Row-major data, n x d.</param>
    /// <param name="n">Rows.</param>
    /// <param name="output">n x <see cref="Count"/> values, row-major.</param>
    /// <exception cref="ArgumentException">Buffer sizes do not match.</exception>
    public void Transform(ReadOnlySpan<float> x, int n, Span<float> output)
    {
        int d = Dimension;
        if (x.Length != (long)n * d || output.Length != (long)n * Count)
        {
            throw new ArgumentException($"Transform needs {n} x {d} inputs and {n} x {Count} outputs");
        }

        // Blocks of rows, centred into a scratch buffer, then projected with one GEMM per block.
        const int Block = 512;
        var centred = new float[Math.Min(n, Block) * d];
        for (int start = 0; start < n; start += Block)
        {
            int rows = Math.Min(Block, n - start);
            for (int i = 0; i < rows; i++)
            {
                TensorPrimitives.Subtract(x.Slice((start + i) * d, d), Mean, centred.AsSpan(i * d, d));
            }

            PhotoPrefs.Neural.Kernels.Sgemm.Multiply(false, true, rows, Count, d, 1f, centred, d, Components, d, 0f, output.Slice(start * Count, rows * Count), Count);
        }
    }

    /// <summary>Maps projected rows back: <c>x = y W + mean</c>.</summary>
    /// <param name="y">One projected row, length <see cref="Count"/> (or fewer: the rest count as zero).</param>
    /// <returns>The reconstruction, length d.</returns>
    public float[] InverseTransform(ReadOnlySpan<float> y)
    {
        var x = (float[])Mean.Clone();
        for (int k = 0; k < Math.Min(y.Length, Count); k++)
        {
            TensorPrimitives.MultiplyAdd(Component(k), y[k], x, x);
        }

        return x;
    }

    /// <summary>A component rescaled to [0, 1] for display as an "eigen-photo" (0.5 is zero).</summary>
    /// <param name="i">Component index.</param>
    /// <returns>d values in [0, 1].</returns>
    public float[] ComponentImage(int i)
    {
        var c = Component(i);
        float m = TensorPrimitives.MaxMagnitude(c);
        var result = new float[c.Length];
        for (int j = 0; j < c.Length; j++)
        {
            result[j] = m > 0 ? 0.5f + (0.5f * c[j] / m) : 0.5f;
        }

        return result;
    }

    private static int Choose(double[] variance, double total, PcaOptions options, int available)
    {
        if (options.Components is { } fixedCount)
        {
            return Math.Clamp(fixedCount, 1, available);
        }

        // scikit-learn: searchsorted(cumsum(ratio), fraction, side='right') + 1.
        double cum = 0;
        int count = 0;
        foreach (var v in variance.Take(available))
        {
            cum += total > 0 ? v / total : 0;
            if (cum <= options.VarianceFraction)
            {
                count++;
            }
            else
            {
                break;
            }
        }

        return Math.Clamp(count + 1, 1, Math.Min(available, options.MaxComponents));
    }
}
