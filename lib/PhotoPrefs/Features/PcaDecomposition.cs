using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using MathNet.Numerics.LinearAlgebra;

namespace PhotoPrefs.Features;

// The decompositions behind PcaModel.Fit, each on centred rows: exact on the covariance (d <= n) or on the Gram
// matrix (n < d), and the randomized SVD above PcaOptions.ExactLimit. Each returns the eigenvalues of Xc^T Xc (or
// their estimates), largest first, their unit eigenvectors in feature space, and the method's name.
internal static class PcaDecomposition
{
    internal static (double[] Eigen, double[][] Vectors, string Method) Covariance(float[] xc, int n, int d)
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

    internal static (double[] Eigen, double[][] Vectors, string Method) Gram(float[] xc, int n, int d)
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

    internal static (double[] Eigen, double[][] Vectors, string Method) Randomized(float[] xc, int n, int d, int k, int seed)
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
