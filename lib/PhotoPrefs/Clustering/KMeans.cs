using System.Numerics.Tensors;

namespace PhotoPrefs.Clustering;

/// <summary>K-means settings.</summary>
/// <param name="K">Number of clusters.</param>
/// <param name="Restarts">Independent k-means++ starts; the lowest inertia wins.</param>
/// <param name="MaxIterations">Lloyd iterations per start.</param>
/// <param name="Tolerance">Stop when the summed squared centre shift is at most this times the mean feature variance (scikit-learn's relative <c>tol</c>).</param>
/// <param name="Seed">Seed of every random choice (initialisation of each start).</param>
public sealed record KMeansOptions(int K, int Restarts = 3, int MaxIterations = 300, double Tolerance = 1e-4, int Seed = 0);

/// <summary>The outcome of K-means.</summary>
/// <param name="K">Number of clusters.</param>
/// <param name="Dimension">Feature dimension d.</param>
/// <param name="Centers">Row-major k x d centres.</param>
/// <param name="Labels">Cluster of each row, 0..k-1.</param>
/// <param name="Inertia">Sum of squared distances of the rows to their centres.</param>
/// <param name="Iterations">Lloyd iterations of the winning start.</param>
public sealed record KMeansResult(int K, int Dimension, float[] Centers, int[] Labels, double Inertia, int Iterations)
{
    /// <summary>Centre <paramref name="c"/>.</summary>
    /// <param name="c">Cluster index.</param>
    /// <returns>Its d values.</returns>
    public ReadOnlySpan<float> Center(int c) => Centers.AsSpan(c * Dimension, Dimension);
}

/// <summary>
/// K-means by Lloyd's algorithm, as scikit-learn's <c>KMeans(algorithm='lloyd')</c> runs it: assign each
/// row to its nearest centre (squared Euclidean), move each centre to the mean of its rows, relocate an
/// emptied cluster to the rows farthest from their centres, and stop when no label changes or the centres
/// move less than the tolerance; a final assignment then matches labels to centres. Initialisation is
/// greedy k-means++ (Arthur and Vassilvitskii 2007; <c>2 + ln k</c> candidates per step), from a seeded
/// source, so the same seed gives the same result. Assignment computes all squared distances as
/// <c>|x|^2 - 2 x.c + |c|^2</c>, the dot products with every centre built up in vector registers four rows
/// at a time (<see cref="NearestCenters"/>); k-means++ scores its candidates with the same kernel.
/// </summary>
public static class KMeans
{

    /// <summary>Clusters <paramref name="n"/> rows of <paramref name="d"/> features.</summary>
    /// <param name="x">Row-major data, n x d.</param>
    /// <param name="n">Rows.</param>
    /// <param name="d">Columns.</param>
    /// <param name="options">Settings.</param>
    /// <returns>The best of the restarts by inertia.</returns>
    /// <exception cref="ArgumentException">k outside 1..n, or the buffer is not n x d.</exception>
    public static KMeansResult Fit(ReadOnlySpan<float> x, int n, int d, KMeansOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Check(x, n, d, options.K);
        var data = x.ToArray();
        var rng = new Random(options.Seed);
        double tol = RelativeTolerance(data, n, d, options.Tolerance);
        KMeansResult? best = null;
        for (int r = 0; r < Math.Max(1, options.Restarts); r++)
        {
            var init = PlusPlus(data, n, d, options.K, new Random(rng.Next()));
            var result = Lloyd(data, n, d, init, options.K, options.MaxIterations, tol);
            if (best is null || result.Inertia < best.Inertia)
            {
                best = result;
            }
        }

        return best!;
    }

    /// <summary>Runs Lloyd's iterations from given centres (no restarts), as scikit-learn does with an explicit <c>init</c>.</summary>
    /// <param name="x">Row-major data, n x d.</param>
    /// <param name="n">Rows.</param>
    /// <param name="d">Columns.</param>
    /// <param name="initialCenters">Row-major k x d starting centres.</param>
    /// <param name="k">Number of clusters.</param>
    /// <param name="maxIterations">Iteration limit.</param>
    /// <param name="tolerance">Relative tolerance as in <see cref="KMeansOptions.Tolerance"/>; 0 runs until no label changes.</param>
    /// <returns>The result.</returns>
    public static KMeansResult FitFrom(ReadOnlySpan<float> x, int n, int d, ReadOnlySpan<float> initialCenters, int k, int maxIterations = 300, double tolerance = 0)
    {
        Check(x, n, d, k);
        if (initialCenters.Length != k * d)
        {
            throw new ArgumentException($"initial centres must be k x d = {k * d} values", nameof(initialCenters));
        }

        var data = x.ToArray();
        return Lloyd(data, n, d, initialCenters.ToArray(), k, maxIterations, RelativeTolerance(data, n, d, tolerance));
    }

    /// <summary>The index of the nearest centre to <paramref name="row"/> (squared Euclidean; ties go to the lower index).</summary>
    /// <param name="row">One row.</param>
    /// <param name="centers">Row-major k x d centres.</param>
    /// <param name="k">Number of centres.</param>
    /// <param name="distance">The squared distance to it.</param>
    /// <returns>The centre index.</returns>
    public static int Nearest(ReadOnlySpan<float> row, ReadOnlySpan<float> centers, int k, out float distance)
    {
        int d = row.Length, best = 0;
        float bestD = float.PositiveInfinity;
        for (int c = 0; c < k; c++)
        {
            float dist = SquaredDistance(row, centers.Slice(c * d, d));
            if (dist < bestD)
            {
                bestD = dist;
                best = c;
            }
        }

        distance = bestD;
        return best;
    }

    internal static float SquaredDistance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.IsEmpty)
        {
            return 0;
        }

        float dist = TensorPrimitives.Distance(a, b);
        return dist * dist;
    }

    private static void Check(ReadOnlySpan<float> x, int n, int d, int k)
    {
        if (n < 1 || d < 1 || x.Length != (long)n * d)
        {
            throw new ArgumentException($"data must be n x d values (n={n}, d={d}, got {x.Length})", nameof(x));
        }

        if (k < 1 || k > n)
        {
            throw new ArgumentException($"k must be between 1 and the number of rows ({n}); got {k}", nameof(k));
        }
    }

    private static double RelativeTolerance(float[] x, int n, int d, double tol)
    {
        if (tol == 0)
        {
            return 0;
        }

        double total = 0;
        for (int j = 0; j < d; j++)
        {
            double s = 0, s2 = 0;
            for (int i = 0; i < n; i++)
            {
                double v = x[(i * d) + j];
                s += v;
                s2 += v * v;
            }

            double mean = s / n;
            total += (s2 / n) - (mean * mean);
        }

        return total / d * tol;
    }

    private static float[] PlusPlus(float[] x, int n, int d, int k, Random rng)
    {
        var centers = new float[k * d];
        int trials = 2 + (int)Math.Log(k);
        int first = rng.Next(n);
        x.AsSpan(first * d, d).CopyTo(centers);
        var rowNorms = new float[n];
        for (int i = 0; i < n; i++)
        {
            rowNorms[i] = TensorPrimitives.Dot(x.AsSpan(i * d, d), x.AsSpan(i * d, d));
        }

        var closest = new float[n];
        for (int i = 0; i < n; i++)
        {
            closest[i] = SquaredDistance(x.AsSpan(i * d, d), centers.AsSpan(0, d));
        }

        var prefix = new double[n];
        var candidates = new float[trials * d];
        var candidateIdx = new int[trials];
        int chunks = (n + AssignChunk - 1) / AssignChunk;
        var potentials = new double[chunks * trials];
        float[]? dots = null;
        for (int c = 1; c < k; c++)
        {
            // Sample the candidates with probability proportional to the squared distance to the chosen centres.
            double run = 0;
            for (int i = 0; i < n; i++)
            {
                run += closest[i];
                prefix[i] = run;
            }

            for (int t = 0; t < trials; t++)
            {
                double target = rng.NextDouble() * run;
                int cand = Array.BinarySearch(prefix, target);
                cand = cand < 0 ? ~cand : cand + 1;
                candidateIdx[t] = Math.Min(n - 1, cand);
                x.AsSpan(candidateIdx[t] * d, d).CopyTo(candidates.AsSpan(t * d, d));
            }

            // Every candidate's potential at once: the dot products with all candidates, then per chunk of rows
            // the summed distances to the nearest chosen centre, added up in chunk order.
            var table = NearestCenters.Prepare(candidates, trials, d);
            dots ??= new float[n * table.Stride];
            table.DotRows(x, 0, n, dots);
            for (int chunk = 0; chunk < chunks; chunk++)
            {
                int start = chunk * AssignChunk, end = Math.Min(n, start + AssignChunk), stride = table.Stride;
                for (int t = 0; t < trials; t++)
                {
                    float cn = rowNorms[candidateIdx[t]];
                    double pot = 0;
                    for (int i = start; i < end; i++)
                    {
                        pot += Math.Min(closest[i], Math.Max(0, rowNorms[i] - (2 * dots[(i * stride) + t]) + cn));
                    }

                    potentials[(chunk * trials) + t] = pot;
                }
            }
            int best = 0;
            double bestPot = double.PositiveInfinity;
            for (int t = 0; t < trials; t++)
            {
                double pot = 0;
                for (int chunk = 0; chunk < chunks; chunk++)
                {
                    pot += potentials[(chunk * trials) + t];
                }

                if (pot < bestPot)
                {
                    bestPot = pot;
                    best = t;
                }
            }

            candidates.AsSpan(best * d, d).CopyTo(centers.AsSpan(c * d, d));
            float bn = rowNorms[candidateIdx[best]];
            int strideBest = table.Stride;
            for (int i = 0; i < n; i++)
            {
                closest[i] = Math.Min(closest[i], Math.Max(0, rowNorms[i] - (2 * dots[(i * strideBest) + best]) + bn));
            }
        }

        return centers;
    }

    private static double Sum(float[] v)
    {
        double s = 0;
        foreach (var f in v)
        {
            s += f;
        }

        return s;
    }

    private static KMeansResult Lloyd(float[] x, int n, int d, float[] centers, int k, int maxIterations, double tol)
    {
        var labels = new int[n];
        var old = new int[n];
        Array.Fill(old, -1);
        var distances = new float[n];
        var rowNorms = new float[n];
        for (int i = 0; i < n; i++)
        {
            rowNorms[i] = TensorPrimitives.Dot(x.AsSpan(i * d, d), x.AsSpan(i * d, d));
        }

        int iterations = 0;
        bool strict = false;
        for (int it = 0; it < maxIterations; it++)
        {
            iterations++;
            Assign(x, n, d, centers, k, labels, distances, rowNorms);
            var updated = Update(x, n, d, centers, k, labels, distances);
            double shift = 0;
            for (int j = 0; j < centers.Length; j++)
            {
                double diff = updated[j] - centers[j];
                shift += diff * diff;
            }

            centers = updated;
            if (labels.AsSpan().SequenceEqual(old))
            {
                strict = true;
                break;
            }

            if (shift <= tol)
            {
                break;
            }

            Array.Copy(labels, old, n);
        }

        if (!strict)
        {
            Assign(x, n, d, centers, k, labels, distances, rowNorms);
        }

        double inertia = 0;
        for (int i = 0; i < n; i++)
        {
            inertia += SquaredDistanceDouble(x.AsSpan(i * d, d), centers.AsSpan(labels[i] * d, d));
        }

        return new KMeansResult(k, d, centers, labels, inertia, iterations);
    }

    private static double SquaredDistanceDouble(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double diff = (double)a[i] - b[i];
            s += diff * diff;
        }

        return s;
    }

    // Nearest centres for all rows: |x - c|^2 = |x|^2 - 2 x.c + |c|^2, with |x|^2 added only to the winner.
    private static void Assign(float[] x, int n, int d, float[] centers, int k, int[] labels, float[] distances, float[] rowNorms) =>
        NearestCenters.Prepare(centers, k, d).Assign(x, 0, n, labels, distances, rowNorms);

    private const int AssignChunk = 512;

    private static float[] Update(float[] x, int n, int d, float[] centers, int k, int[] labels, float[] distances)
    {
        // Per-cluster sums, one vectorised row add per sample.
        var sums = new float[k * d];
        var counts = new int[k];
        for (int i = 0; i < n; i++)
        {
            int c = labels[i];
            counts[c]++;
            var s = sums.AsSpan(c * d, d);
            TensorPrimitives.Add(s, x.AsSpan(i * d, d), s);
        }

        var empty = Enumerable.Range(0, k).Where(c => counts[c] == 0).ToList();
        if (empty.Count > 0)
        {
            // As scikit-learn: each empty cluster takes one of the rows farthest from their own centre.
            var far = Enumerable.Range(0, n).OrderByDescending(i => distances[i]).ThenBy(i => i).Take(empty.Count).ToList();
            for (int e = 0; e < empty.Count; e++)
            {
                int i = far[e], from = labels[i], to = empty[e];
                var row = x.AsSpan(i * d, d);
                for (int j = 0; j < d; j++)
                {
                    sums[(from * d) + j] -= row[j];
                    sums[(to * d) + j] = row[j];
                }

                counts[from]--;
                counts[to] = 1;
            }
        }

        var result = new float[k * d];
        for (int c = 0; c < k; c++)
        {
            for (int j = 0; j < d; j++)
            {
                result[(c * d) + j] = counts[c] > 0 ? sums[(c * d) + j] / counts[c] : centers[(c * d) + j];
            }
        }

        return result;
    }
}
