using System.Numerics.Tensors;
using ImageMagick;

namespace PhotoPrefs.Duplicates;

/// <summary>The square luma grids of <see cref="PictureMatch"/> and the arithmetic on them: sampling a crop, standardising, comparing.</summary>
internal static class LumaGrid
{
    /// <summary>Cells left out of the line-up score: those that differ most (a caption band).</summary>
    private const double TrimmedShare = 0.15;

    /// <summary>
    /// The grid sampled bilinearly at every (<paramref name="xs"/>[c], <paramref name="ys"/>[r]), as shares of its side,
    /// into <paramref name="target"/> row by row. Each column's and each row's neighbours and weights are found once.
    /// </summary>
    internal static void Resample(float[] grid, int side, ReadOnlySpan<float> xs, ReadOnlySpan<float> ys, Span<float> target)
    {
        int columns = xs.Length;
        Span<int> x0 = stackalloc int[columns], x1 = stackalloc int[columns];
        Span<float> wx = stackalloc float[columns];
        for (int x = 0; x < columns; x++)
        {
            (x0[x], x1[x], wx[x]) = Neighbours(xs[x], side);
        }

        for (int y = 0; y < ys.Length; y++)
        {
            var (y0, y1, wy) = Neighbours(ys[y], side);
            var upperRow = grid.AsSpan(y0 * side, side);
            var lowerRow = grid.AsSpan(y1 * side, side);
            var row = target.Slice(y * columns, columns);
            for (int x = 0; x < columns; x++)
            {
                float upper = (upperRow[x0[x]] * (1 - wx[x])) + (upperRow[x1[x]] * wx[x]);
                float lower = (lowerRow[x0[x]] * (1 - wx[x])) + (lowerRow[x1[x]] * wx[x]);
                row[x] = (upper * (1 - wy)) + (lower * wy);
            }
        }
    }

    /// <summary>Along one axis of a grid of <paramref name="side"/> cells, the two cells around the share <paramref name="f"/> of the side, and the second one's weight.</summary>
    private static (int Low, int High, float Weight) Neighbours(float f, int side)
    {
        float g = (f * side) - 0.5f;
        int low = Math.Clamp((int)MathF.Floor(g), 0, side - 1);
        return (low, Math.Min(low + 1, side - 1), Math.Clamp(g - low, 0, 1));
    }

    /// <summary>
    /// Standardises values in place: <c>(v - mean) / sd</c>. When their spread is below <paramref name="flatBelow"/>
    /// they are only centred, and the answer is false: flat, no pattern to match.
    /// </summary>
    internal static bool Standardise(Span<float> values, float flatBelow)
    {
        float mean = TensorPrimitives.Sum<float>(values) / values.Length;
        TensorPrimitives.Subtract(values, mean, values);
        float sd = TensorPrimitives.Norm<float>(values) / MathF.Sqrt(values.Length);
        if (sd < flatBelow)
        {
            return false;
        }

        TensorPrimitives.Divide(values, sd, values);
        return true;
    }

    /// <summary>The image's luma (BT.601 weights, in [0, 1]) squashed to a side x side grid, row-major.</summary>
    internal static float[] Luma(IMagickImage<byte> image, int side)
    {
        using var work = (MagickImage)image.Clone();
        work.Resize(new MagickGeometry((uint)side, (uint)side) { IgnoreAspectRatio = true });
        work.ResetPage();
        using var pixels = work.GetPixels();
        var rgb = pixels.ToByteArray(PixelMapping.RGB) ?? throw new InvalidOperationException("no pixels");
        var luma = new float[side * side];
        for (int i = 0; i < luma.Length; i++)
        {
            luma[i] = ((0.299f * rgb[3 * i]) + (0.587f * rgb[(3 * i) + 1]) + (0.114f * rgb[(3 * i) + 2])) / 255f;
        }

        return luma;
    }

    /// <summary>The window sampled bilinearly at cells x cells centres, standardised (all zeros when flat).</summary>
    internal static float[] Cells(float[] grid, int side, int cells, CropWindow w)
    {
        var result = new float[cells * cells];
        Span<float> xs = stackalloc float[cells], ys = stackalloc float[cells];
        for (int i = 0; i < cells; i++)
        {
            xs[i] = w.Left + (w.Width * (i + 0.5f) / cells);
            ys[i] = w.Top + (w.Height * (i + 0.5f) / cells);
        }

        Resample(grid, side, xs, ys, result);
        // A flat window (a blank page, darkness) has no pattern: all zeros.
        if (!Standardise(result, 1e-3f))
        {
            Array.Clear(result);
        }

        return result;
    }

    /// <summary>Correlation of two standardised patterns without the <see cref="TrimmedShare"/> of cells that differ most.</summary>
    internal static double Similarity(float[] x, float[] y, double[] sorted)
    {
        int cells = x.Length;
        for (int i = 0; i < cells; i++)
        {
            double diff = x[i] - y[i];
            sorted[i] = diff * diff;
        }

        int kept = cells - (int)(cells * TrimmedShare);
        // The kept smallest values: select the kept-th smallest in place (quickselect), then sum what lies before it.
        var span = sorted.AsSpan(0, cells);
        int lo = 0, hi = cells - 1;
        while (lo < hi)
        {
            double pivot = span[(lo + hi) >>> 1];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (span[i] < pivot)
                {
                    i++;
                }

                while (span[j] > pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (span[i], span[j]) = (span[j], span[i]);
                    i++;
                    j--;
                }
            }

            if (kept - 1 <= j)
            {
                hi = j;
            }
            else if (kept - 1 >= i)
            {
                lo = i;
            }
            else
            {
                break;
            }
        }

        double sum = 0;
        for (int i = 0; i < kept; i++)
        {
            sum += span[i];
        }

        // For standardised patterns the mean squared difference is 2 (1 - r).
        return 1 - (sum / kept / 2);
    }
}
