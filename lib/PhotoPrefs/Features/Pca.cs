using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using MathNet.Numerics.LinearAlgebra;

namespace PhotoPrefs.Features;

/// <summary>How many components to keep.</summary>
/// <param name="Components">A fixed number of components, or null to choose by <paramref name="VarianceFraction"/>.</param>
/// <param name="VarianceFraction">Keep the fewest components whose explained-variance ratios sum to more than this (scikit-learn's rule for a float <c>n_components</c>).</param>
/// <param name="MaxComponents">Never more than this many (bounds the randomized method's work).</param>
/// <param name="ExactLimit">Use an exact eigendecomposition when <c>min(n, d)</c> is at most this; a randomized SVD above it.</param>
/// <param name="Seed">Seed of the randomized method's test matrix.</param>
public sealed record PcaOptions(int? Components = null, double VarianceFraction = 0.95, int MaxComponents = 256, int ExactLimit = 4096, int Seed = 0);

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
            (eigen, vectors, method) = d <= n ? Covariance(xc, n, d) : Gram(xc, n, d);
        }
        else
        {
            (eigen, vectors, method) = Randomized(xc, n, d, Math.Min(options.Components ?? options.MaxComponents, options.MaxComponents), options.Seed);
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

    private static (double[] Eigen, double[][] Vectors, string Method) Covariance(float[] xc, int n, int d)
    {
        var product = CrossProduct(xc, n, d);
        var c = new double[d, d];
        for (int a = 0; a < d; a++)
        {
            for (int b = a; b < d; b++)
            {
                c[a, b] = c[b, a] = product[(a * d) + b];
            }
        }

        var evd = Matrix<double>.Build.DenseOfArray(c).Evd(MathNet.Numerics.LinearAlgebra.Symmetricity.Symmetric);
        var order = Enumerable.Range(0, d).OrderByDescending(k => evd.EigenValues[k].Real).ToArray();
        var eigen = order.Select(k => Math.Max(0, evd.EigenValues[k].Real)).ToArray();
        var vectors = order.Select(k => evd.EigenVectors.Column(k).ToArray()).ToArray();
        return (eigen, vectors, "covariance");
    }

    // The upper triangle (b >= a) of Xc^T Xc in double precision: four rows at a time, each row of the
    // product updated with one vectorised pass, so the d x d accumulator stays in the first-level cache.
    internal static double[] CrossProduct(ReadOnlySpan<float> xc, int n, int d)
    {
        var product = new double[d * d];
        var rows = new double[4 * d];
        for (int i = 0; i < n; i += 4)
        {
            int count = Math.Min(4, n - i);
            Array.Clear(rows);
            for (int r = 0; r < count; r++)
            {
                var src = xc.Slice((i + r) * d, d);
                for (int j = 0; j < d; j++)
                {
                    rows[(r * d) + j] = src[j];
                }
            }

            var r0 = rows.AsSpan(0, d);
            var r1 = rows.AsSpan(d, d);
            var r2 = rows.AsSpan(2 * d, d);
            var r3 = rows.AsSpan(3 * d, d);
            for (int a = 0; a < d; a++)
            {
                double s0 = r0[a], s1 = r1[a], s2 = r2[a], s3 = r3[a];
                var dst = product.AsSpan(a * d, d);
                int b = a;
                if (Vector256.IsHardwareAccelerated)
                {
                    b = a / 4 * 4;
                    var v0 = Vector256.Create(s0);
                    var v1 = Vector256.Create(s1);
                    var v2 = Vector256.Create(s2);
                    var v3 = Vector256.Create(s3);
                    for (; b + 4 <= d; b += 4)
                    {
                        var acc = Vector256.Create(dst.Slice(b, 4));
                        acc = Vector256.FusedMultiplyAdd(v0, Vector256.Create(r0.Slice(b, 4)), acc);
                        acc = Vector256.FusedMultiplyAdd(v1, Vector256.Create(r1.Slice(b, 4)), acc);
                        acc = Vector256.FusedMultiplyAdd(v2, Vector256.Create(r2.Slice(b, 4)), acc);
                        acc = Vector256.FusedMultiplyAdd(v3, Vector256.Create(r3.Slice(b, 4)), acc);
                        acc.CopyTo(dst.Slice(b, 4));
                    }
                }

                for (; b < d; b++)
                {
                    dst[b] += (s0 * r0[b]) + (s1 * r1[b]) + (s2 * r2[b]) + (s3 * r3[b]);
                }
            }
        }

        return product;
    }

    private static (double[] Eigen, double[][] Vectors, string Method) Gram(float[] xc, int n, int d)
    {
        var g = new double[n, n];
        Parallel.For(0, n, i =>
        {
            var ri = xc.AsSpan(i * d, d);
            for (int j = i; j < n; j++)
            {
                g[i, j] = Dot(ri, xc.AsSpan(j * d, d));
            }
        });
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < i; j++)
            {
                g[i, j] = g[j, i];
            }
        }

        var evd = Matrix<double>.Build.DenseOfArray(g).Evd(MathNet.Numerics.LinearAlgebra.Symmetricity.Symmetric);
        var order = Enumerable.Range(0, n).OrderByDescending(k => evd.EigenValues[k].Real).ToArray();
        int rank = Math.Min(n - 1, d);
        var eigen = new List<double>();
        var vectors = new List<double[]>();
        foreach (var k in order.Take(rank))
        {
            double lambda = evd.EigenValues[k].Real;
            if (lambda <= 1e-12 * Math.Max(1, evd.EigenValues[order[0]].Real))
            {
                break;
            }

            var u = evd.EigenVectors.Column(k);
            var v = new double[d];
            for (int i = 0; i < n; i++)
            {
                double ui = u[i];
                var ri = xc.AsSpan(i * d, d);
                for (int j = 0; j < d; j++)
                {
                    v[j] += ui * ri[j];
                }
            }

            double s = Math.Sqrt(lambda);
            for (int j = 0; j < d; j++)
            {
                v[j] /= s;
            }

            eigen.Add(lambda);
            vectors.Add(v);
        }

        return (eigen.ToArray(), vectors.ToArray(), "gram");
    }

    private static double Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += (double)a[i] * b[i];
        }

        return s;
    }

    private static (double[] Eigen, double[][] Vectors, string Method) Randomized(float[] xc, int n, int d, int k, int seed)
    {
        int l = Math.Min(Math.Min(n, d), k + 10);
        var rng = new Random(seed);
        // Q spans the range of Xc: start from Xc * Omega, then power iterations Q <- orth(Xc Xc^T Q).
        var omega = new float[l * d];
        for (int i = 0; i < omega.Length; i++)
        {
            omega[i] = (float)Gaussian(rng);
        }

        var q = MultiplyRowsByRowsT(xc, n, d, omega, l); // n x l
        Orthonormalize(q, n, l);
        for (int it = 0; it < 4; it++)
        {
            var z = MultiplyTransposed(xc, n, d, q, l); // l x d = Q^T Xc
            Orthonormalize(z, d, l, rowsAreVectors: true);
            q = MultiplyRowsByRowsT(xc, n, d, z, l);
            Orthonormalize(q, n, l);
        }

        var b = MultiplyTransposed(xc, n, d, q, l); // l x d
        var bbt = new double[l, l];
        for (int i = 0; i < l; i++)
        {
            for (int j = i; j < l; j++)
            {
                bbt[i, j] = bbt[j, i] = Dot(b.AsSpan(i * d, d), b.AsSpan(j * d, d));
            }
        }

        var evd = Matrix<double>.Build.DenseOfArray(bbt).Evd(MathNet.Numerics.LinearAlgebra.Symmetricity.Symmetric);
        var order = Enumerable.Range(0, l).OrderByDescending(i => evd.EigenValues[i].Real).Take(k).ToArray();
        var eigen = new List<double>();
        var vectors = new List<double[]>();
        foreach (var o in order)
        {
            double lambda = evd.EigenValues[o].Real;
            if (lambda <= 0)
            {
                break;
            }

            var u = evd.EigenVectors.Column(o);
            var v = new double[d];
            for (int i = 0; i < l; i++)
            {
                var bi = b.AsSpan(i * d, d);
                for (int j = 0; j < d; j++)
                {
                    v[j] += u[i] * bi[j];
                }
            }

            double s = Math.Sqrt(lambda);
            for (int j = 0; j < d; j++)
            {
                v[j] /= s;
            }

            eigen.Add(lambda);
            vectors.Add(v);
        }

        return (eigen.ToArray(), vectors.ToArray(), "randomized");
    }

    // out[i, j] = dot(a row i, b row j): (n x d) times (l x d)^T = n x l.
    private static float[] MultiplyRowsByRowsT(float[] a, int n, int d, float[] b, int l)
    {
        var result = new float[n * l];
        Parallel.For(0, n, i =>
        {
            var ai = a.AsSpan(i * d, d);
            for (int j = 0; j < l; j++)
            {
                result[(i * l) + j] = TensorPrimitives.Dot(ai, b.AsSpan(j * d, d));
            }
        });
        return result;
    }

    // out = q^T a: (n x l)^T times (n x d) = l x d, row-major.
    private static float[] MultiplyTransposed(float[] a, int n, int d, float[] q, int l)
    {
        var result = new float[l * d];
        Parallel.For(0, l, j =>
        {
            var dst = result.AsSpan(j * d, d);
            for (int i = 0; i < n; i++)
            {
                TensorPrimitives.MultiplyAdd(a.AsSpan(i * d, d), q[(i * l) + j], dst, dst);
            }
        });
        return result;
    }

    // Modified Gram-Schmidt over l vectors, stored as columns of an m x l matrix or as rows of an l x m one.
    private static void Orthonormalize(float[] m, int length, int l, bool rowsAreVectors = false)
    {
        var vecs = new double[l][];
        for (int j = 0; j < l; j++)
        {
            vecs[j] = new double[length];
            for (int i = 0; i < length; i++)
            {
                vecs[j][i] = rowsAreVectors ? m[(j * length) + i] : m[(i * l) + j];
            }
        }

        for (int j = 0; j < l; j++)
        {
            for (int p = 0; p < j; p++)
            {
                double proj = 0;
                for (int i = 0; i < length; i++)
                {
                    proj += vecs[j][i] * vecs[p][i];
                }

                for (int i = 0; i < length; i++)
                {
                    vecs[j][i] -= proj * vecs[p][i];
                }
            }

            double norm = Math.Sqrt(vecs[j].Sum(v => v * v));
            for (int i = 0; i < length; i++)
            {
                vecs[j][i] = norm > 0 ? vecs[j][i] / norm : 0;
            }
        }

        for (int j = 0; j < l; j++)
        {
            for (int i = 0; i < length; i++)
            {
                m[rowsAreVectors ? (j * length) + i : (i * l) + j] = (float)vecs[j][i];
            }
        }
    }

    private static double Gaussian(Random rng)
    {
        double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
