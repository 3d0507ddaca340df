namespace PhotoPrefs.Features;

// The sharpness measures of the quality features: Laplacian variance, blur ratio, edge width and peak sharpness.
public static partial class ImageStats
{
    /// <summary>
    /// Sharpness as the variance of the 4-neighbour Laplacian <c>L = I(y-1,x) + I(y+1,x) + I(y,x-1) + I(y,x+1) - 4 I(y,x)</c>
    /// over the interior pixels, on luma scaled to 0..255. Low values mean a blurred photo. Compare photos only at the
    /// same pixel scale, and never on an image scaled up (<see cref="DetailSide"/>).
    /// </summary>
    /// <param name="gray">Row-major grayscale in [0, 1].</param>
    /// <param name="height">Rows.</param>
    /// <param name="width">Columns.</param>
    /// <returns>The variance; 0 for images smaller than 3 x 3.</returns>
    public static double LaplacianVariance(ReadOnlySpan<float> gray, int height, int width)
    {
        if (height < 3 || width < 3)
        {
            return 0;
        }

        double s = 0, s2 = 0;
        int count = 0;
        for (int y = 1; y < height - 1; y++)
        {
            for (int x = 1; x < width - 1; x++)
            {
                int i = (y * width) + x;
                double l = 255.0 * (gray[i - width] + gray[i + width] + gray[i - 1] + gray[i + 1] - (4 * gray[i]));
                s += l;
                s2 += l * l;
                count++;
            }
        }

        double mean = s / count;
        return Math.Max(0, (s2 / count) - (mean * mean));
    }

    /// <summary>
    /// A blur measure that depends less on the scene than <see cref="LaplacianVariance"/>: the log ratio of the
    /// Laplacian variance at full size to that after 2 x 2 averaging, <c>log((v1 + 1) / (v2 + 1))</c>. Detail at
    /// the finest scale keeps the ratio high; a blurred photo has lost it while its coarser structure
    /// remains, so its ratio is low whatever it shows.
    /// </summary>
    /// <param name="gray">Row-major grayscale in [0, 1].</param>
    /// <param name="height">Rows (even).</param>
    /// <param name="width">Columns (even).</param>
    /// <returns>The log ratio; 0 for images smaller than 6 x 6.</returns>
    public static double BlurRatio(ReadOnlySpan<float> gray, int height, int width)
    {
        if (height < 6 || width < 6)
        {
            return 0;
        }

        int h2 = height / 2, w2 = width / 2;
        var half = new float[h2 * w2];
        for (int y = 0; y < h2; y++)
        {
            for (int x = 0; x < w2; x++)
            {
                int i = (2 * y * width) + (2 * x);
                half[(y * w2) + x] = 0.25f * (gray[i] + gray[i + 1] + gray[i + width] + gray[i + width + 1]);
            }
        }

        return Math.Log((LaplacianVariance(gray, height, width) + 1) / (LaplacianVariance(half, h2, w2) + 1));
    }

    /// <summary>Largest value <see cref="EdgeWidth"/> returns, in pixels: what a photo without any edge reads.</summary>
    public const double MaxEdgeWidth = 16;

    /// <summary>
    /// A blur measure: the width, in pixels, of the photo's crispest edges, seen along the direction in which
    /// they are widest. At every interior pixel it takes the Sobel derivative (intensity per pixel) along four
    /// directions (0, 45, 90 and 135 degrees) over the local span (largest minus smallest value in the 7 x 7
    /// neighbourhood). Over the pixels whose span is at least half the photo's strong contrast (the 99th
    /// percentile of the spans, and at least 0.02), the 99th percentile of that ratio is how steep the
    /// crispest edges are along each direction; the width is the reciprocal of the smallest of the four. Out
    /// of focus, every direction is soft; shaken, the direction of the motion is, while edges along it stay
    /// crisp, which a measure over all directions at once would take for sharpness. A crisp disc reads 2 px;
    /// blurred by a Gaussian of 1, 3 or 6 px, about 3.1, 6.5 or 7.9 px (the 7-pixel window bounds it).
    /// Unlike <see cref="LaplacianVariance"/> it does not fall when most of a sharp photo is smooth (a face,
    /// a sky, a wall) or dim: only the edges that are there count, each against its own contrast.
    /// </summary>
    /// <param name="gray">Row-major grayscale in [0, 1].</param>
    /// <param name="height">Rows.</param>
    /// <param name="width">Columns.</param>
    /// <returns>The width in pixels, at most <see cref="MaxEdgeWidth"/> (also for images smaller than 9 x 9 or without contrast).</returns>
    public static double EdgeWidth(ReadOnlySpan<float> gray, int height, int width)
    {
        const int r = 3; // half the window
        if (height < (2 * r) + 3 || width < (2 * r) + 3)
        {
            return MaxEdgeWidth;
        }

        // Running max and min along rows, then along columns: the 7 x 7 span of each interior pixel.
        var rowMax = new float[height * width];
        var rowMin = new float[height * width];
        for (int y = 0; y < height; y++)
        {
            for (int x = r; x < width - r; x++)
            {
                float hi = float.MinValue, lo = float.MaxValue;
                for (int k = -r; k <= r; k++)
                {
                    float v = gray[(y * width) + x + k];
                    hi = Math.Max(hi, v);
                    lo = Math.Min(lo, v);
                }

                rowMax[(y * width) + x] = hi;
                rowMin[(y * width) + x] = lo;
            }
        }

        int ih = height - (2 * r), iw = width - (2 * r);
        var span = new float[ih * iw];
        var gxs = new float[ih * iw];
        var gys = new float[ih * iw];
        for (int y = r; y < height - r; y++)
        {
            for (int x = r; x < width - r; x++)
            {
                float hi = float.MinValue, lo = float.MaxValue;
                for (int k = -r; k <= r; k++)
                {
                    int i = ((y + k) * width) + x;
                    hi = Math.Max(hi, rowMax[i]);
                    lo = Math.Min(lo, rowMin[i]);
                }

                int c = (y * width) + x, o = ((y - r) * iw) + x - r;
                span[o] = hi - lo;
                gxs[o] = (gray[c - width + 1] + (2 * gray[c + 1]) + gray[c + width + 1] - gray[c - width - 1] - (2 * gray[c - 1]) - gray[c + width - 1]) / 8f;
                gys[o] = (gray[c + width - 1] + (2 * gray[c + width]) + gray[c + width + 1] - gray[c - width - 1] - (2 * gray[c - width]) - gray[c - width + 1]) / 8f;
            }
        }

        var sortedSpan = (float[])span.Clone();
        Array.Sort(sortedSpan);
        double cut = Math.Max(0.02, 0.5 * Percentile(sortedSpan, 0.99));
        var ratios = new List<float>[4];
        for (int d = 0; d < 4; d++)
        {
            ratios[d] = [];
        }

        for (int i = 0; i < span.Length; i++)
        {
            if (span[i] > cut)
            {
                float gx = gxs[i], gy = gys[i], s = span[i];
                ratios[0].Add(MathF.Abs(gx) / s);
                ratios[1].Add(MathF.Abs(gy) / s);
                ratios[2].Add(MathF.Abs(gx + gy) / (MathF.Sqrt(2) * s));
                ratios[3].Add(MathF.Abs(gx - gy) / (MathF.Sqrt(2) * s));
            }
        }

        if (ratios[0].Count == 0)
        {
            return MaxEdgeWidth;
        }

        double softest = double.MaxValue;
        foreach (var list in ratios)
        {
            var sorted = list.ToArray();
            Array.Sort(sorted);
            softest = Math.Min(softest, Percentile(sorted, 0.99));
        }

        return softest <= 1 / MaxEdgeWidth ? MaxEdgeWidth : 1 / softest;
    }

    // Percentile q of sorted values, interpolated linearly between the two nearest ranks.
    private static double Percentile(float[] sorted, double q)
    {
        double pos = q * (sorted.Length - 1);
        int lo = (int)Math.Floor(pos), hi = Math.Min(sorted.Length - 1, lo + 1);
        return sorted[lo] + ((pos - lo) * (sorted[hi] - sorted[lo]));
    }

    /// <summary>
    /// Sharpness of the crispest part of the photo: the image is cut into <paramref name="tiles"/> x
    /// <paramref name="tiles"/> tiles and, over tiles with some contrast (intensity standard deviation above 2 %),
    /// the largest ratio of the Laplacian's standard deviation to the intensity standard deviation is
    /// returned. A sharp photo has crisp edges somewhere even when most of it is smooth (sky, walls); a
    /// blurred one has them nowhere, and dividing by contrast keeps dim or flat scenes comparable.
    /// </summary>
    /// <param name="gray">Row-major grayscale in [0, 1].</param>
    /// <param name="height">Rows.</param>
    /// <param name="width">Columns.</param>
    /// <param name="tiles">Tiles per side.</param>
    /// <returns>The largest ratio; 0 when no tile has contrast.</returns>
    public static double PeakSharpness(ReadOnlySpan<float> gray, int height, int width, int tiles = 4)
    {
        int th = height / tiles, tw = width / tiles;
        if (th < 3 || tw < 3)
        {
            return 0;
        }

        double best = 0;
        var tile = new float[th * tw];
        for (int ty = 0; ty < tiles; ty++)
        {
            for (int tx = 0; tx < tiles; tx++)
            {
                double s = 0, s2 = 0;
                for (int y = 0; y < th; y++)
                {
                    for (int x = 0; x < tw; x++)
                    {
                        float v = gray[(((ty * th) + y) * width) + (tx * tw) + x];
                        tile[(y * tw) + x] = v;
                        s += v;
                        s2 += v * v;
                    }
                }

                double mean = s / tile.Length, std = Math.Sqrt(Math.Max(0, (s2 / tile.Length) - (mean * mean)));
                if (std < 0.02)
                {
                    continue;
                }

                best = Math.Max(best, Math.Sqrt(LaplacianVariance(tile, th, tw)) / (255.0 * std));
            }
        }

        return best;
    }
}
