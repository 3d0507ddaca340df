using PhotoPrefs.Neural.Kernels;

namespace PhotoPrefs.Neural.Tests;

public sealed class SgemmTests
{
    private static float[] Random(int n, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => (float)((rng.NextDouble() * 2) - 1)).ToArray();
    }

    private static double[] Naive(bool ta, bool tb, int m, int n, int k, float alpha, float[] a, int lda, float[] b, int ldb, float beta, float[] c, int ldc)
    {
        var r = new double[m * ldc];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int p = 0; p < k; p++)
                {
                    s += (double)(ta ? a[(p * lda) + i] : a[(i * lda) + p]) * (tb ? b[(j * ldb) + p] : b[(p * ldb) + j]);
                }

                r[(i * ldc) + j] = (alpha * s) + (beta == 0 ? 0 : beta * c[(i * ldc) + j]);
            }
        }

        return r;
    }

    public static TheoryData<int, int, int, bool, bool> Shapes()
    {
        var data = new TheoryData<int, int, int, bool, bool>();
        int[] sizes = [0, 1, 2, 3, 5, 6, 7, 13, 16, 17, 31, 32, 33, 63, 65, 127, 129, 256];
        var rng = new Random(1);
        foreach (var s in sizes)
        {
            data.Add(s, s, s, false, false);
            data.Add(s, sizes[rng.Next(sizes.Length)] + 1, sizes[rng.Next(sizes.Length)] + 1, rng.Next(2) == 1, rng.Next(2) == 1);
        }

        data.Add(7, 300, 270, true, false);
        data.Add(130, 9, 600, false, true);
        return data;
    }

    [Theory]
    [Trait("Category", "Simd")]
    [MemberData(nameof(Shapes))]
    public void Matches_a_naive_triple_loop(int m, int n, int k, bool transA, bool transB)
    {
        int lda = transA ? m + 1 : k + 2, ldb = transB ? k + 3 : n + 1, ldc = n + 2;
        var a = Random(Math.Max(1, (transA ? k : m) * lda), 1);
        var b = Random(Math.Max(1, (transB ? n : k) * ldb), 2);
        var c = Random(Math.Max(1, m * ldc), 3);
        var expected = Naive(transA, transB, m, n, k, 0.7f, a, lda, b, ldb, 0.5f, c, ldc);
        foreach (var parallel in new[] { false, true })
        {
            var actual = (float[])c.Clone();
            Sgemm.Multiply(transA, transB, m, n, k, 0.7f, a, lda, b, ldb, 0.5f, actual, ldc, parallel);
            for (int i = 0; i < m; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    double e = expected[(i * ldc) + j];
                    Assert.True(Math.Abs(actual[(i * ldc) + j] - e) <= 1e-4 * (1 + Math.Sqrt(k)), $"C[{i},{j}] = {actual[(i * ldc) + j]}, expected {e} (parallel {parallel})");
                }

                // Padding columns between n and ldc are never written.
                for (int j = n; j < ldc; j++)
                {
                    Assert.Equal(c[(i * ldc) + j], actual[(i * ldc) + j]);
                }
            }
        }
    }

    [Fact]
    public void Beta_zero_ignores_nan_in_c()
    {
        var c = Enumerable.Repeat(float.NaN, 4).ToArray();
        Sgemm.Multiply(false, false, 2, 2, 1, 1f, [1, 2], 1, [3, 4], 2, 0f, c, 2);
        Assert.Equal([3f, 4f, 6f, 8f], c);
    }
}
