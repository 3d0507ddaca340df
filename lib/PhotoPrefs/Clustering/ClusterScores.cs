using System.Numerics.Tensors;

namespace PhotoPrefs.Clustering;

/// <summary>Silhouette of a labelling.</summary>
/// <param name="Mean">Mean silhouette over the rows it was computed on.</param>
/// <param name="Samples">Per-row silhouettes, or null when the score was computed on a sample.</param>
/// <param name="SampledRows">Rows used: all of them when exact, else the sample size.</param>
/// <param name="Exact">True when every row was used.</param>
public sealed record Silhouette(double Mean, double[]? Samples, int SampledRows, bool Exact);

/// <summary>
/// Cluster quality scores that agree with scikit-learn's <c>sklearn.metrics</c> on the same labels.
/// Distances are Euclidean. All take row-major n x d data and labels 0..k-1.
/// </summary>
public static class ClusterScores
{
    /// <summary>Rows up to which the silhouette is exact (an n x n pass); above it a seeded sample is scored.</summary>
    public const int SilhouetteExactLimit = 12_000;

    /// <summary>Rows scored when the data is larger than <see cref="SilhouetteExactLimit"/>.</summary>
    public const int SilhouetteSampleSize = 6_000;

    /// <summary>
    /// Silhouette (Rousseeuw 1987): for row i with mean distance <c>a</c> to the other rows of its cluster and
    /// smallest mean distance <c>b</c> to the rows of another cluster, <c>s = (b - a) / max(a, b)</c>, and 0 for
    /// a row alone in its cluster. Exact up to <see cref="SilhouetteExactLimit"/> rows; above, the mean over
    /// a seeded sample of <see cref="SilhouetteSampleSize"/> rows (distances still to every row), as
    /// <see cref="Silhouette.Exact"/> says.
    /// </summary>
    /// <param name="x">Row-major data.</param>
    /// <param name="n">Rows.</param>
    /// <param name="d">Columns.</param>
    /// <param name="labels">Cluster of each row.</param>
    /// <param name="seed">Seed of the sample, when one is taken.</param>
    /// <returns>The score.</returns>
    /// <exception cref="ArgumentException">Fewer than 2 or more than n - 1 clusters (undefined, as in scikit-learn).</exception>
    public static Silhouette SilhouetteScore(ReadOnlySpan<float> x, int n, int d, ReadOnlySpan<int> labels, int seed = 0)
    {
        int k = CountClusters(labels, n);
        if (k < 2 || k > n - 1)
        {
            throw new ArgumentException($"silhouette needs 2 to n-1 clusters; got {k} for {n} rows", nameof(labels));
        }

        var data = x.ToArray();
        var lab = labels.ToArray();
        var sizes = new int[k];
        foreach (var l in lab)
        {
            sizes[l]++;
        }

        var rows = Enumerable.Range(0, n).ToArray();
        if (n > SilhouetteExactLimit)
        {
            new Random(seed).Shuffle(rows);
            rows = rows[..SilhouetteSampleSize];
            Array.Sort(rows);
        }

        var s = new double[rows.Length];
        Parallel.For(0, rows.Length, () => new double[k], (r, _, sums) =>
        {
            int i = rows[r];
            Array.Clear(sums);
            var xi = data.AsSpan(i * d, d);
            for (int j = 0; j < n; j++)
            {
                sums[lab[j]] += TensorPrimitives.Distance(xi, data.AsSpan(j * d, d));
            }

            int own = lab[i];
            if (sizes[own] <= 1)
            {
                s[r] = 0;
                return sums;
            }

            double a = sums[own] / (sizes[own] - 1);
            double b = double.PositiveInfinity;
            for (int c = 0; c < k; c++)
            {
                if (c != own && sizes[c] > 0)
                {
                    b = Math.Min(b, sums[c] / sizes[c]);
                }
            }

            s[r] = (b - a) / Math.Max(a, b);
            return sums;
        }, _ => { });
        return new Silhouette(s.Average(), rows.Length == n ? s : null, rows.Length, rows.Length == n);
    }

    /// <summary>
    /// Davies-Bouldin index (1979): with <c>S_i</c> the mean distance of cluster i's rows to its centroid and
    /// <c>M_ij</c> the distance between centroids, <c>DB = mean_i max_{j != i} (S_i + S_j) / M_ij</c>. Lower is better;
    /// a pair of coincident centroids contributes 0, as in scikit-learn.
    /// </summary>
    /// <param name="x">Row-major data.</param>
    /// <param name="n">Rows.</param>
    /// <param name="d">Columns.</param>
    /// <param name="labels">Cluster of each row.</param>
    /// <returns>The index.</returns>
    public static double DaviesBouldin(ReadOnlySpan<float> x, int n, int d, ReadOnlySpan<int> labels)
    {
        int k = CountClusters(labels, n);
        var centroids = Centroids(x, n, d, labels, k, out var sizes);
        var spread = new double[k];
        for (int i = 0; i < n; i++)
        {
            spread[labels[i]] += Distance(x.Slice(i * d, d), centroids.AsSpan(labels[i] * d, d));
        }

        for (int c = 0; c < k; c++)
        {
            spread[c] = sizes[c] > 0 ? spread[c] / sizes[c] : 0;
        }

        double total = 0;
        for (int i = 0; i < k; i++)
        {
            double worst = 0;
            for (int j = 0; j < k; j++)
            {
                if (i == j)
                {
                    continue;
                }

                double m = TensorPrimitives.Distance<double>(centroids.AsSpan(i * d, d), centroids.AsSpan(j * d, d));
                if (m > 0)
                {
                    worst = Math.Max(worst, (spread[i] + spread[j]) / m);
                }
            }

            total += worst;
        }

        return total / k;
    }

    /// <summary>
    /// Calinski-Harabasz index (1974): <c>[tr(B) / (k - 1)] / [tr(W) / (n - k)]</c>, with <c>tr(B) = sum_c n_c |c_c - mean|^2</c>
    /// and <c>tr(W) = sum_i |x_i - c_label(i)|^2</c>. Higher is better; 1 when <c>tr(W)</c> is 0, as in scikit-learn.
    /// </summary>
    /// <param name="x">Row-major data.</param>
    /// <param name="n">Rows.</param>
    /// <param name="d">Columns.</param>
    /// <param name="labels">Cluster of each row.</param>
    /// <returns>The index.</returns>
    public static double CalinskiHarabasz(ReadOnlySpan<float> x, int n, int d, ReadOnlySpan<int> labels)
    {
        int k = CountClusters(labels, n);
        var centroids = Centroids(x, n, d, labels, k, out var sizes);
        var mean = new double[d];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < d; j++)
            {
                mean[j] += x[(i * d) + j];
            }
        }

        for (int j = 0; j < d; j++)
        {
            mean[j] /= n;
        }

        double between = 0, within = 0;
        for (int c = 0; c < k; c++)
        {
            double s = 0;
            for (int j = 0; j < d; j++)
            {
                double diff = centroids[(c * d) + j] - mean[j];
                s += diff * diff;
            }

            between += sizes[c] * s;
        }

        for (int i = 0; i < n; i++)
        {
            int c = labels[i];
            for (int j = 0; j < d; j++)
            {
                double diff = x[(i * d) + j] - centroids[(c * d) + j];
                within += diff * diff;
            }
        }

        return within == 0 ? 1 : between * (n - k) / (within * (k - 1));
    }

    internal static int CountClusters(ReadOnlySpan<int> labels, int n)
    {
        if (labels.Length != n)
        {
            throw new ArgumentException($"{labels.Length} labels for {n} rows", nameof(labels));
        }

        int max = -1;
        foreach (var l in labels)
        {
            if (l < 0)
            {
                throw new ArgumentException("labels must be 0..k-1", nameof(labels));
            }

            max = Math.Max(max, l);
        }

        return max + 1;
    }

    internal static double[] Centroids(ReadOnlySpan<float> x, int n, int d, ReadOnlySpan<int> labels, int k, out int[] sizes)
    {
        var c = new double[k * d];
        sizes = new int[k];
        for (int i = 0; i < n; i++)
        {
            int l = labels[i];
            sizes[l]++;
            for (int j = 0; j < d; j++)
            {
                c[(l * d) + j] += x[(i * d) + j];
            }
        }

        for (int l = 0; l < k; l++)
        {
            for (int j = 0; j < d; j++)
            {
                c[(l * d) + j] = sizes[l] > 0 ? c[(l * d) + j] / sizes[l] : 0;
            }
        }

        return c;
    }

    private static double Distance(ReadOnlySpan<float> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double diff = a[i] - b[i];
            s += diff * diff;
        }

        return Math.Sqrt(s);
    }
}
