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
}
