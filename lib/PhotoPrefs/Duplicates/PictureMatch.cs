using System.Numerics.Tensors;
using ImageMagick;

namespace PhotoPrefs.Apply;

/// <summary>What <see cref="PictureMatch.Compare"/> found.</summary>
/// <param name="Agreement">
/// Of the tiles that match the other photo somewhere near, the share that match best in place once the two
/// are lined up: 1 for one picture, lower for two shots of one scene, whose tiles have moved.
/// </param>
/// <param name="Tiles">How many tiles matched the other photo somewhere near (of 64); few for a clear sky, a blank page or darkness.</param>
/// <param name="Detailed">How many tiles had detail (of 64); those of them that matched nowhere show what differs.</param>
public sealed record PictureAgreement(double Agreement, int Tiles, int Detailed)
{
    /// <summary>Of the tiles with detail, the share that matched somewhere near: low where content differs (another text, another face), not only its place.</summary>
    public double Matched => Detailed == 0 ? 0 : Tiles / (double)Detailed;

    /// <summary>Fewest tiles for the agreement to count as evidence.</summary>
    public const int FewestTiles = 8;

    /// <summary>Whether enough tiles had detail for <see cref="Agreement"/> to decide.</summary>
    public bool Decides => Tiles >= FewestTiles;
}

/// <summary>
/// Whether two photos are one picture, pixel for pixel up to an edit (resized, recompressed, converted, brightened,
/// captioned over part of it, cropped anywhere), or two shots of one scene, which a network finds just as alike:
/// a second try, a burst with the camera moving, a stereo pair. Steps:
/// <list type="number">
/// <item>Each photo's luma is squashed to a square grid (<see cref="Of(IMagickImage{byte})"/>).</item>
/// <item>The crop of one photo that lines up with the whole of the other is searched: every crop of the other's
/// shape down to <see cref="SmallestCrop"/> of a side, on a coarse grid, scored by the correlation of the two
/// patterns without their most different cells; the best three are refined on the fine grid.</item>
/// <item>Lined up, the other photo is cut into 8 x 8 tiles of 8 x 8 cells, and each tile with detail is matched at
/// shifts of up to 3 cells. A tile that matches nowhere (under a caption, in a clipped highlight) is left out;
/// one that matches in place (within a cell, or nearly as well as anywhere, which covers edges that match all
/// along their length) agrees; one that matches clearly better elsewhere has moved.</item>
/// </list>
/// Copies agree nearly everywhere; two viewpoints of one scene move wherever depth differs.
/// </summary>
public static class PictureMatch
{
    /// <summary>Side of the fine grid.</summary>
    public const int GridSide = 96;

    /// <summary>The smallest crop searched, as a share of each side.</summary>
    public const float SmallestCrop = 0.6f;

    private const int CoarseSide = 24, CoarseCells = 12, FineCells = 32, TopWindows = 3;
    private const int LinedUp = 64, Tile = 8, Search = 3;

    /// <summary>Cells left out of the line-up score: those that differ most (a caption band).</summary>
    private const double TrimmedShare = 0.15;

    /// <summary>Luma spread below which a tile has no detail to match.</summary>
    private const float FlatTile = 0.02f;

    /// <summary>Correlation a tile must reach somewhere to count.</summary>
    private const double TileMatch = 0.5;

    /// <summary>How much better a tile must match elsewhere than in place to have moved.</summary>
    private const double Slack = 0.05;

    /// <summary>A photo's pattern: its luma squashed to a fine and a coarse grid, and its shape.</summary>
    public sealed class Pattern
    {
        internal Pattern(float[] fine, float[] coarse, float aspect)
        {
            Fine = fine;
            Coarse = coarse;
            Aspect = aspect;
        }

        internal float[] Fine { get; }

        internal float[] Coarse { get; }

        internal float Aspect { get; }
    }

    /// <summary>A photo's pattern.</summary>
    /// <param name="image">The photo, upright (the stored thumbnail is enough).</param>
    /// <returns>The pattern.</returns>
    public static Pattern Of(IMagickImage<byte> image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return new Pattern(Luma(image, GridSide), Luma(image, CoarseSide), image.Width / (float)image.Height);
    }

    /// <summary>A photo's pattern from its stored JPEG thumbnail.</summary>
    /// <param name="jpeg">The thumbnail.</param>
    /// <returns>The pattern.</returns>
    public static Pattern Of(byte[] jpeg)
    {
        using var image = new MagickImage(jpeg);
        return Of(image);
    }

    /// <summary>Lines the two photos up, either inside the other, and returns the better agreement.</summary>
    /// <param name="a">A pattern.</param>
    /// <param name="b">Another.</param>
    /// <returns>The agreement of the better line-up.</returns>
    public static PictureAgreement Compare(Pattern a, Pattern b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var ab = Within(a, b);
        var ba = Within(b, a);
        // The line-up with evidence first, then the better agreement.
        return (ab.Decides, ba.Decides) switch
        {
            (true, false) => ab,
            (false, true) => ba,
            _ => ab.Agreement >= ba.Agreement ? ab : ba,
        };
    }

    /// <summary>The best agreement of a crop of <paramref name="outer"/> with the whole of <paramref name="inner"/>.</summary>
    private static PictureAgreement Within(Pattern outer, Pattern inner)
    {
        var sorted = new double[FineCells * FineCells];
        var coarseWhole = Cells(inner.Coarse, CoarseSide, CoarseCells, Window.Whole);
        // A crop of the outer photo that is the inner one has the inner one's shape: in the squashed grids its
        // width over its height is the inner aspect ratio over the outer one.
        float ratio = inner.Aspect / outer.Aspect;
        var candidates = new List<(double Score, Window W)>();
        for (int wi = 0; wi <= 8; wi++)
        {
            float w = 1 - (wi * 0.05f), h = w / ratio;
            if (h > 1.0001f || h < SmallestCrop - 0.0001f)
            {
                continue;
            }

            for (int xi = 0; xi * 0.05f <= 1 - w + 0.0001f; xi++)
            {
                for (int yi = 0; yi * 0.05f <= 1 - h + 0.0001f; yi++)
                {
                    var win = new Window(xi * 0.05f, yi * 0.05f, w, h);
                    candidates.Add((Similarity(Cells(outer.Coarse, CoarseSide, CoarseCells, win), coarseWhole, sorted), win));
                }
            }
        }

        var best = new PictureAgreement(0, 0, 0);
        if (ratio is > 0.97f and < 1.03f)
        {
            // The same shape: the whole photo, which a caption or a tint can make lose to a zoomed crop in the search.
            best = Better(best, Agreement(outer.Fine, inner.Fine, Window.Whole));
        }

        var fineWhole = Cells(inner.Fine, GridSide, FineCells, Window.Whole);
        (double Score, Window W) lineUp = (double.NegativeInfinity, Window.Whole);
        foreach (var (_, start) in candidates.OrderByDescending(c => c.Score).Take(TopWindows))
        {
            // Refine left, top and size in turn, the step halving each round.
            var win = start;
            double score = Similarity(Cells(outer.Fine, GridSide, FineCells, win), fineWhole, sorted);
            for (float step = 0.025f; step > 0.004f; step /= 2)
            {
                for (int coordinate = 0; coordinate < 3; coordinate++)
                {
                    foreach (var sign in (ReadOnlySpan<int>)[-1, 1])
                    {
                        var moved = win.Move(coordinate, sign * step, ratio);
                        if (!moved.Valid)
                        {
                            continue;
                        }

                        double s = Similarity(Cells(outer.Fine, GridSide, FineCells, moved), fineWhole, sorted);
                        if (s > score)
                        {
                            (score, win) = (s, moved);
                        }
                    }
                }
            }

            if (score > lineUp.Score)
            {
                lineUp = (score, win);
            }
        }

        if (lineUp.W != Window.Whole)
        {
            best = Better(best, Agreement(outer.Fine, inner.Fine, lineUp.W));
        }

        return best;
    }

    private static PictureAgreement Better(PictureAgreement x, PictureAgreement y) =>
        x.Decides != y.Decides ? (x.Decides ? x : y) : (y.Agreement > x.Agreement ? y : x);

    /// <summary>A crop: left, top, width and height as shares of the grid's side.</summary>
    private readonly record struct Window(float Left, float Top, float Width, float Height)
    {
        public static Window Whole => new(0, 0, 1, 1);

        public bool Valid => Left >= -0.0001f && Top >= -0.0001f && Left + Width <= 1.0001f && Top + Height <= 1.0001f
            && Width >= SmallestCrop - 0.05f && Height >= SmallestCrop - 0.05f;

        public Window Move(int coordinate, float by, float ratio) => coordinate switch
        {
            0 => this with { Left = Left + by },
            1 => this with { Top = Top + by },
            _ => this with { Width = Width + by, Height = (Width + by) / ratio },
        };
    }

    /// <summary>Tile by tile, whether the lined-up crop of the outer photo matches the inner one in place.</summary>
    private static PictureAgreement Agreement(float[] outer, float[] inner, Window w)
    {
        const int os = LinedUp + (2 * Search);
        const float cell = 1f / LinedUp;
        // The crop with a margin for the shifts, and the whole inner photo, both at LinedUp x LinedUp.
        var o = new float[os * os];
        Span<float> xs = stackalloc float[os], ys = stackalloc float[os];
        for (int i = -Search; i < LinedUp + Search; i++)
        {
            xs[i + Search] = w.Left + (w.Width * (i + 0.5f) * cell);
            ys[i + Search] = w.Top + (w.Height * (i + 0.5f) * cell);
        }

        Resample(outer, GridSide, xs, ys, o);
        var inn = new float[LinedUp * LinedUp];
        Span<float> centres = stackalloc float[LinedUp];
        for (int i = 0; i < LinedUp; i++)
        {
            centres[i] = (i + 0.5f) * cell;
        }

        Resample(inner, GridSide, centres, centres, inn);

        // Integral images of the crop and its square give each shifted tile's mean and spread at once.
        var sum = new double[(os + 1) * (os + 1)];
        var sumSq = new double[(os + 1) * (os + 1)];
        for (int y = 0; y < os; y++)
        {
            for (int x = 0; x < os; x++)
            {
                double v = o[(y * os) + x];
                int at = ((y + 1) * (os + 1)) + x + 1;
                sum[at] = v + sum[at - 1] + sum[at - os - 1] - sum[at - os - 2];
                sumSq[at] = (v * v) + sumSq[at - 1] + sumSq[at - os - 1] - sumSq[at - os - 2];
            }
        }

        double Box(double[] table, int top, int left) =>
            table[((top + Tile) * (os + 1)) + left + Tile] - table[(top * (os + 1)) + left + Tile] - table[((top + Tile) * (os + 1)) + left] + table[(top * (os + 1)) + left];

        int tiles = 0, agree = 0, detailed = 0;
        var a = new float[Tile * Tile];
        for (int ty = 0; ty < LinedUp; ty += Tile)
        {
            for (int tx = 0; tx < LinedUp; tx += Tile)
            {
                for (int y = 0; y < Tile; y++)
                {
                    for (int x = 0; x < Tile; x++)
                    {
                        a[(y * Tile) + x] = inn[((ty + y) * LinedUp) + tx + x];
                    }
                }

                if (!Standardise(a, FlatTile))
                {
                    // Flat here but with detail in place in the other photo (a blank panel where the other has
                    // text): content that differs, seen from this side.
                    double meanHere = Box(sum, ty + Search, tx + Search) / (Tile * Tile);
                    if (Math.Sqrt(Math.Max(0, (Box(sumSq, ty + Search, tx + Search) / (Tile * Tile)) - (meanHere * meanHere))) >= 2 * FlatTile)
                    {
                        detailed++;
                    }

                    continue;
                }

                detailed++;
                double best = double.MaxValue, inPlace = double.MaxValue;
                for (int dy = -Search; dy <= Search; dy++)
                {
                    for (int dx = -Search; dx <= Search; dx++)
                    {
                        int top = ty + dy + Search, left = tx + dx + Search;
                        double mean = Box(sum, top, left) / (Tile * Tile);
                        double sd = Math.Sqrt(Math.Max(0, (Box(sumSq, top, left) / (Tile * Tile)) - (mean * mean)));
                        if (sd < FlatTile)
                        {
                            continue;
                        }

                        // The tile is standardised (its values sum to 0), so the correlation is sum(a b) / (n sd(b)),
                        // and for standardised tiles the mean squared difference is 2 (1 - r): 1 - r from here on.
                        double dot = 0;
                        for (int y = 0; y < Tile; y++)
                        {
                            int row = ((top + y) * os) + left;
                            for (int x = 0; x < Tile; x++)
                            {
                                dot += a[(y * Tile) + x] * o[row + x];
                            }
                        }

                        double ssd = 1 - (dot / (Tile * Tile * sd));
                        best = Math.Min(best, ssd);
                        if (Math.Abs(dx) <= 1 && Math.Abs(dy) <= 1)
                        {
                            inPlace = Math.Min(inPlace, ssd);
                        }
                    }
                }

                if (best > 1 - TileMatch)
                {
                    continue;
                }

                tiles++;
                if (inPlace - best <= Slack)
                {
                    agree++;
                }
            }
        }

        return new PictureAgreement(tiles == 0 ? 0 : agree / (double)tiles, tiles, detailed);
    }

    /// <summary>
    /// The grid sampled bilinearly at every (<paramref name="xs"/>[c], <paramref name="ys"/>[r]), as shares of its side,
    /// into <paramref name="target"/> row by row. Each column's and each row's neighbours and weights are found once.
    /// </summary>
    private static void Resample(float[] grid, int side, ReadOnlySpan<float> xs, ReadOnlySpan<float> ys, Span<float> target)
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
    private static bool Standardise(Span<float> values, float flatBelow)
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

    private static float[] Luma(IMagickImage<byte> image, int side)
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
    private static float[] Cells(float[] grid, int side, int cells, Window w)
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
    private static double Similarity(float[] x, float[] y, double[] sorted)
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
