namespace PhotoPrefs.Features;

/// <summary>How each block of cells is normalised (the <c>block_norm</c> of scikit-image).</summary>
public enum HogBlockNorm
{
    /// <summary><c>v / (sum|v| + eps)</c>.</summary>
    L1,

    /// <summary><c>sqrt(v / (sum|v| + eps))</c>.</summary>
    L1Sqrt,

    /// <summary><c>v / sqrt(sum v^2 + eps^2)</c>.</summary>
    L2,

    /// <summary>L2, then clip at 0.2, then L2 again (Lowe's hysteresis).</summary>
    L2Hys,
}

/// <summary>HOG settings.</summary>
/// <param name="Orientations">Orientation bins over 0..180 degrees.</param>
/// <param name="CellRows">Pixels per cell, vertically.</param>
/// <param name="CellColumns">Pixels per cell, horizontally.</param>
/// <param name="BlockRows">Cells per block, vertically.</param>
/// <param name="BlockColumns">Cells per block, horizontally.</param>
/// <param name="Norm">Block normalisation.</param>
/// <param name="TransformSqrt">Take the square root of the pixels first (gamma compression).</param>
public sealed record HogOptions(int Orientations = 9, int CellRows = 8, int CellColumns = 8, int BlockRows = 2, int BlockColumns = 2, HogBlockNorm Norm = HogBlockNorm.L2Hys, bool TransformSqrt = false)
{
    /// <summary>Length of the feature vector for an image of <paramref name="height"/> x <paramref name="width"/>.</summary>
    /// <param name="height">Image rows.</param>
    /// <param name="width">Image columns.</param>
    /// <returns><c>blocksR * blocksC * BlockRows * BlockColumns * Orientations</c>, 0 when the image holds no whole block.</returns>
    public int FeatureLength(int height, int width)
    {
        int br = (height / CellRows) - BlockRows + 1, bc = (width / CellColumns) - BlockColumns + 1;
        return br <= 0 || bc <= 0 ? 0 : br * bc * BlockRows * BlockColumns * Orientations;
    }
}

/// <summary>
/// Histogram of oriented gradients (Dalal and Triggs, CVPR 2005), computed exactly as scikit-image's
/// <c>skimage.feature.hog</c> (0.19) does, so results agree to rounding:
/// <list type="number">
/// <item>Gradients by central differences, <c>g_row[r] = I[r+1] - I[r-1]</c>, <c>g_col[c] = I[c+1] - I[c-1]</c>, zero on the border rows/columns.</item>
/// <item>Magnitude <c>hypot(g_row, g_col)</c>, orientation <c>atan2(g_row, g_col)</c> in degrees modulo 180.</item>
/// <item>Per cell and orientation bin <c>[180 i / n, 180 (i+1) / n)</c>: the sum of the magnitudes whose orientation falls in the bin,
/// divided by the cell's pixel count (hard binning, no interpolation). Pixels past the last whole cell are ignored.</item>
/// <item>Overlapping blocks of cells (stride one cell), each normalised by <see cref="HogBlockNorm"/> with <c>eps = 1e-5</c>.</item>
/// </list>
/// The output is ordered block row, block column, cell row in block, cell column in block, orientation.
/// </summary>
public static class Hog
{
    private const double Eps = 1e-5;

    /// <summary>Computes the HOG feature vector of a grayscale image.</summary>
    /// <param name="image">Row-major pixels, <paramref name="height"/> x <paramref name="width"/> (any scale: 0..255 or 0..1).</param>
    /// <param name="height">Rows.</param>
    /// <param name="width">Columns.</param>
    /// <param name="options">Settings; scikit-image's defaults with 2x2 blocks when null.</param>
    /// <returns>The feature vector, of length <see cref="HogOptions.FeatureLength"/>; empty when the image holds no whole block.</returns>
    /// <exception cref="ArgumentException">The buffer is smaller than <paramref name="height"/> x <paramref name="width"/>.</exception>
    public static float[] Compute(ReadOnlySpan<float> image, int height, int width, HogOptions? options = null)
    {
        options ??= new HogOptions();
        var hist = CellHistograms(image, height, width, options, out int cellsR, out int cellsC);
        var result = new float[options.FeatureLength(height, width)];
        if (result.Length == 0)
        {
            return result;
        }

        int n = options.Orientations, br = options.BlockRows, bc = options.BlockColumns;
        int blocksR = cellsR - br + 1, blocksC = cellsC - bc + 1, blockLen = br * bc * n;
        Span<double> block = stackalloc double[0];
        block = blockLen <= 512 ? stackalloc double[blockLen] : new double[blockLen];
        int o = 0;
        for (int r = 0; r < blocksR; r++)
        {
            for (int c = 0; c < blocksC; c++)
            {
                int k = 0;
                for (int i = 0; i < br; i++)
                {
                    for (int j = 0; j < bc; j++)
                    {
                        hist.AsSpan((((r + i) * cellsC) + c + j) * n, n).CopyTo(block.Slice(k, n));
                        k += n;
                    }
                }

                Normalize(block, options.Norm);
                for (int t = 0; t < blockLen; t++)
                {
                    result[o++] = (float)block[t];
                }
            }
        }

        return result;
    }

    /// <summary>The per-cell orientation histograms (before block normalisation), cell row-major.</summary>
    /// <param name="image">Row-major grayscale pixels.</param>
    /// <param name="height">Rows.</param>
    /// <param name="width">Columns.</param>
    /// <param name="options">Settings.</param>
    /// <param name="cellsR">Cells vertically.</param>
    /// <param name="cellsC">Cells horizontally.</param>
    /// <returns><c>cellsR * cellsC * Orientations</c> values.</returns>
    public static double[] CellHistograms(ReadOnlySpan<float> image, int height, int width, HogOptions options, out int cellsR, out int cellsC)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (image.Length < height * width)
        {
            throw new ArgumentException($"image has {image.Length} pixels, fewer than {height} x {width}", nameof(image));
        }

        int n = options.Orientations, cr = options.CellRows, cc = options.CellColumns;
        cellsR = height / cr;
        cellsC = width / cc;
        var hist = new double[cellsR * cellsC * n];
        double binWidth = 180.0 / n;
        double scale = 1.0 / (cr * cc);
        const double toDegrees = 180.0 / Math.PI;
        for (int y = 0; y < cellsR * cr; y++)
        {
            for (int x = 0; x < cellsC * cc; x++)
            {
                double gr = y == 0 || y == height - 1 ? 0 : Pixel(image, y + 1, x, width, options) - Pixel(image, y - 1, x, width, options);
                double gc = x == 0 || x == width - 1 ? 0 : Pixel(image, y, x + 1, width, options) - Pixel(image, y, x - 1, width, options);
                double mag = Math.Sqrt((gr * gr) + (gc * gc));
                if (mag == 0)
                {
                    continue;
                }

                double angle = Math.Atan2(gr, gc) * toDegrees;
                angle %= 180.0;
                if (angle < 0)
                {
                    angle += 180.0;
                }

                // Bin i holds [binWidth * i, binWidth * (i + 1)), with the bounds computed as scikit-image does.
                int bin = Math.Min(n - 1, (int)(angle / binWidth));
                while (bin > 0 && angle < binWidth * bin)
                {
                    bin--;
                }

                while (bin < n - 1 && angle >= binWidth * (bin + 1))
                {
                    bin++;
                }

                hist[((((y / cr) * cellsC) + (x / cc)) * n) + bin] += mag * scale;
            }
        }

        return hist;
    }

    private static double Pixel(ReadOnlySpan<float> image, int y, int x, int width, HogOptions options)
    {
        double v = image[(y * width) + x];
        return options.TransformSqrt ? Math.Sqrt(v) : v;
    }

    private static void Normalize(Span<double> block, HogBlockNorm norm)
    {
        switch (norm)
        {
            case HogBlockNorm.L1:
            case HogBlockNorm.L1Sqrt:
                double s = 0;
                foreach (var v in block)
                {
                    s += Math.Abs(v);
                }

                s += Eps;
                for (int i = 0; i < block.Length; i++)
                {
                    block[i] = norm == HogBlockNorm.L1 ? block[i] / s : Math.Sqrt(block[i] / s);
                }

                break;
            case HogBlockNorm.L2:
                Scale(block, 1 / Math.Sqrt(SumSquares(block) + (Eps * Eps)));
                break;
            case HogBlockNorm.L2Hys:
                Scale(block, 1 / Math.Sqrt(SumSquares(block) + (Eps * Eps)));
                for (int i = 0; i < block.Length; i++)
                {
                    block[i] = Math.Min(block[i], 0.2);
                }

                Scale(block, 1 / Math.Sqrt(SumSquares(block) + (Eps * Eps)));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(norm));
        }
    }

    private static double SumSquares(ReadOnlySpan<double> v)
    {
        double s = 0;
        foreach (var x in v)
        {
            s += x * x;
        }

        return s;
    }

    private static void Scale(Span<double> v, double f)
    {
        for (int i = 0; i < v.Length; i++)
        {
            v[i] *= f;
        }
    }

    /// <summary>
    /// Draws the cell histograms as the usual HOG picture: in each cell, one line per orientation bin
    /// through the cell centre, perpendicular to the bin's gradient direction, as bright as the bin is strong.
    /// </summary>
    /// <param name="image">Row-major grayscale pixels.</param>
    /// <param name="height">Rows.</param>
    /// <param name="width">Columns.</param>
    /// <param name="options">Settings (block settings are not used).</param>
    /// <returns>A row-major image of the same size, values in [0, 1].</returns>
    public static float[] Visualize(ReadOnlySpan<float> image, int height, int width, HogOptions? options = null)
    {
        options ??= new HogOptions();
        var hist = CellHistograms(image, height, width, options, out int cellsR, out int cellsC);
        var output = new float[height * width];
        double max = 0;
        foreach (var h in hist)
        {
            max = Math.Max(max, h);
        }

        if (max == 0)
        {
            return output;
        }

        int n = options.Orientations;
        double radius = (Math.Min(options.CellRows, options.CellColumns) / 2.0) - 1;
        for (int r = 0; r < cellsR; r++)
        {
            for (int c = 0; c < cellsC; c++)
            {
                double cy = (r * options.CellRows) + (options.CellRows / 2.0), cx = (c * options.CellColumns) + (options.CellColumns / 2.0);
                for (int o = 0; o < n; o++)
                {
                    float strength = (float)(hist[(((r * cellsC) + c) * n) + o] / max);
                    double theta = Math.PI * (o + 0.5) / n;
                    double dy = Math.Cos(theta) * radius, dx = -Math.Sin(theta) * radius;
                    int steps = (int)Math.Ceiling(2 * radius) + 1;
                    for (int s = 0; s <= steps; s++)
                    {
                        double t = (s / (double)steps * 2) - 1;
                        int y = (int)Math.Round(cy + (t * dy)), x = (int)Math.Round(cx + (t * dx));
                        if ((uint)y < (uint)height && (uint)x < (uint)width)
                        {
                            output[(y * width) + x] = Math.Max(output[(y * width) + x], strength);
                        }
                    }
                }
            }
        }

        return output;
    }
}
