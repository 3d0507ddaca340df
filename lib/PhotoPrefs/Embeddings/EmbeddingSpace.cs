using System.Numerics.Tensors;

namespace PhotoPrefs.Embeddings;

/// <summary>Arithmetic on an album's embeddings as a whole.</summary>
public static class EmbeddingSpace
{
    /// <summary>
    /// The embeddings centred on the album: each row minus the mean row, divided by its L2 norm again. ResNet's
    /// pooled features are all non-negative, so any two photos have a high raw cosine (0.9 and more between
    /// unrelated photos of one album); centring makes the cosine measure what sets two photos apart from the rest of the album.
    /// <c>y[i] = (x[i] - m) / |x[i] - m|</c> with <c>m</c> the mean row; a row equal to the mean becomes zeros.
    /// </summary>
    /// <param name="vectors">Row-major rows of <paramref name="dimension"/> values.</param>
    /// <param name="dimension">Length of a row.</param>
    /// <returns>New rows; empty input gives an empty result.</returns>
    /// <exception cref="ArgumentException">The length is not a multiple of <paramref name="dimension"/>.</exception>
    public static float[] Centre(ReadOnlySpan<float> vectors, int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        if (vectors.Length % dimension != 0)
        {
            throw new ArgumentException($"not a whole number of rows of {dimension}", nameof(vectors));
        }

        int n = vectors.Length / dimension;
        var result = vectors.ToArray();
        if (n == 0)
        {
            return result;
        }

        var mean = new float[dimension];
        for (int i = 0; i < n; i++)
        {
            TensorPrimitives.Add(mean, vectors.Slice(i * dimension, dimension), mean);
        }

        TensorPrimitives.Divide(mean, n, mean);
        for (int i = 0; i < n; i++)
        {
            var row = result.AsSpan(i * dimension, dimension);
            TensorPrimitives.Subtract(row, mean, row);
            float norm = TensorPrimitives.Norm(row);
            if (norm > 0)
            {
                TensorPrimitives.Divide(row, norm, row);
            }
        }

        return result;
    }

    /// <summary>
    /// Each row's <paramref name="k"/> most similar other rows by dot product (the cosine, for rows of unit length such
    /// as <see cref="Centre"/>'s), most similar first, ties by row index. Computed in blocks of rows with one matrix
    /// product each, so memory stays at a block times the album while time grows with the square of the album
    /// (20,000 photos of 512 values: 2 x 10^11 multiply-adds).
    /// </summary>
    /// <param name="rows">Row-major rows of <paramref name="dimension"/> values.</param>
    /// <param name="dimension">Length of a row.</param>
    /// <param name="k">Neighbours per row; fewer when the album has no more than k rows (then every other row).</param>
    /// <returns>Row count x min(k, rows - 1) row indices, row-major.</returns>
    /// <exception cref="ArgumentException">The length is not a multiple of <paramref name="dimension"/>.</exception>
    public static int[] Nearest(ReadOnlySpan<float> rows, int dimension, int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (rows.Length % dimension != 0)
        {
            throw new ArgumentException($"not a whole number of rows of {dimension}", nameof(rows));
        }

        int n = rows.Length / dimension;
        int kk = Math.Min(k, Math.Max(0, n - 1));
        var result = new int[n * kk];
        if (kk == 0)
        {
            return result;
        }

        var all = rows.ToArray();
        const int Block = 256;
        var scores = new float[Math.Min(Block, n) * n];
        for (int start = 0; start < n; start += Block)
        {
            int count = Math.Min(Block, n - start);
            PhotoPrefs.Neural.Kernels.Sgemm.Multiply(false, true, count, n, dimension, 1f, all.AsSpan(start * dimension, count * dimension), dimension, all, dimension, 0f, scores.AsSpan(0, count * n), n, parallel: true);
            Parallel.For(0, count, r =>
            {
                int self = start + r;
                var row = scores.AsSpan(r * n, n);
                var best = result.AsSpan(self * kk, kk);
                var bestScore = new float[kk];
                int filled = 0;
                for (int j = 0; j < n; j++)
                {
                    if (j == self)
                    {
                        continue;
                    }

                    float s = row[j];
                    if (filled == kk && !(s > bestScore[kk - 1]))
                    {
                        continue; // not better than the last kept (ties keep the lower index, seen first)
                    }

                    int at = filled < kk ? filled++ : kk - 1;
                    while (at > 0 && s > bestScore[at - 1])
                    {
                        bestScore[at] = bestScore[at - 1];
                        best[at] = best[at - 1];
                        at--;
                    }

                    bestScore[at] = s;
                    best[at] = j;
                }
            });
        }

        return result;
    }
}
