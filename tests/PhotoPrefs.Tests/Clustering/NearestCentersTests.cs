using PhotoPrefs.Clustering;
using PhotoPrefs.Features;

namespace PhotoPrefs.Tests.Clustering;

public sealed class NearestCentersTests
{
    // Feature dimensions 0..256 (sampled), with numbers of centres around the kernel's blocks of 8 and 16.
    public static TheoryData<int, int, int> Shapes()
    {
        var data = new TheoryData<int, int, int>();
        int[] dims = [1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 33, 64, 65, 127, 128, 255, 256];
        int[] ks = [1, 2, 7, 8, 9, 15, 16, 17, 25, 33, 40];
        int i = 0;
        foreach (var d in dims)
        {
            foreach (var k in ks)
            {
                if ((i++ % 3) == 0 || d == 64)
                {
                    data.Add(d, k, 1 + (i % 11));
                }
            }
        }

        return data;
    }

    private static float[] Random(int count, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => (float)((rng.NextDouble() * 4) - 2)).ToArray();
    }

    [Theory]
    [Trait("Category", "Simd")]
    [MemberData(nameof(Shapes))]
    public void Nearest_centre_and_distance_match_a_double_loop(int d, int k, int n)
    {
        var x = Random(n * d, (d * 1000) + k);
        var centers = Random(k * d, (d * 7) + k);
        var rowNorms = Enumerable.Range(0, n).Select(i => x.AsSpan(i * d, d).ToArray().Sum(v => v * v)).ToArray();
        var labels = new int[n];
        var distances = new float[n];
        var table = NearestCenters.Prepare(centers, k, d);
        table.Assign(x, 0, n, labels, distances, rowNorms);
        var dots = new float[n * table.Stride];
        table.DotRows(x, 0, n, dots);
        for (int i = 0; i < n; i++)
        {
            var exact = new double[k];
            for (int c = 0; c < k; c++)
            {
                double s = 0, dot = 0;
                for (int j = 0; j < d; j++)
                {
                    double diff = (double)x[(i * d) + j] - centers[(c * d) + j];
                    s += diff * diff;
                    dot += (double)x[(i * d) + j] * centers[(c * d) + j];
                }

                exact[c] = s;
                Assert.Equal(dot, dots[(i * table.Stride) + c], 1e-4 * Math.Max(1, d));
            }

            double min = exact.Min();
            Assert.Equal(min, distances[i], 1e-4 * Math.Max(1, d));

            // The chosen centre is the nearest, or tied with it within rounding.
            Assert.True(exact[labels[i]] - min <= 1e-4 * Math.Max(1, d), $"row {i}: centre {labels[i]} at {exact[labels[i]]}, nearest at {min}");
        }
    }

    [Fact]
    [Trait("Category", "Simd")]
    public void Ties_go_to_the_lower_index_and_ranges_cover_only_their_rows()
    {
        const int d = 5;
        float[] centers = [.. Enumerable.Repeat(1f, d), .. Enumerable.Repeat(3f, d), .. Enumerable.Repeat(1f, d)];
        var x = new float[7 * d];
        x.AsSpan(3 * d, d).Fill(3f);
        var rowNorms = Enumerable.Range(0, 7).Select(i => x.AsSpan(i * d, d).ToArray().Sum(v => v * v)).ToArray();
        var labels = Enumerable.Repeat(-1, 7).ToArray();
        var distances = new float[7];
        NearestCenters.Prepare(centers, 3, d).Assign(x, 2, 6, labels, distances, rowNorms);
        Assert.Equal([-1, -1, 0, 1, 0, 0, -1], labels);
        Assert.Equal(d, distances[2], 1e-5);
        Assert.Equal(0, distances[3], 1e-5);
    }

    [Theory]
    [Trait("Category", "Simd")]
    [InlineData(1, 1)]
    [InlineData(2, 3)]
    [InlineData(5, 4)]
    [InlineData(9, 7)]
    [InlineData(33, 17)]
    [InlineData(130, 64)]
    [InlineData(7, 256)]
    public void Cross_product_matches_a_double_loop(int n, int d)
    {
        var x = Random(n * d, n + d);
        var product = PcaDecomposition.CrossProduct(x, n, d);
        for (int a = 0; a < d; a++)
        {
            for (int b = a; b < d; b++)
            {
                double s = 0;
                for (int i = 0; i < n; i++)
                {
                    s += (double)x[(i * d) + a] * x[(i * d) + b];
                }

                Assert.Equal(s, product[(a * d) + b], 1e-9 * Math.Max(1, n));
            }
        }
    }
}
