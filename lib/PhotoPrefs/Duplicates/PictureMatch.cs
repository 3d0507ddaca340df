using ImageMagick;

namespace PhotoPrefs.Duplicates;

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
        return new Pattern(LumaGrid.Luma(image, GridSide), LumaGrid.Luma(image, CoarseSide), image.Width / (float)image.Height);
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
        var coarseWhole = LumaGrid.Cells(inner.Coarse, CoarseSide, CoarseCells, CropWindow.Whole);
        // A crop of the outer photo that is the inner one has the inner one's shape: in the squashed grids its
        // width over its height is the inner aspect ratio over the outer one.
        float ratio = inner.Aspect / outer.Aspect;
        var candidates = new List<(double Score, CropWindow W)>();
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
                    var win = new CropWindow(xi * 0.05f, yi * 0.05f, w, h);
                    candidates.Add((LumaGrid.Similarity(LumaGrid.Cells(outer.Coarse, CoarseSide, CoarseCells, win), coarseWhole, sorted), win));
                }
            }
        }

        var best = new PictureAgreement(0, 0, 0, 0);
        if (ratio is > 0.97f and < 1.03f)
        {
            // The same shape: the whole photo, which a caption or a tint can make lose to a zoomed crop in the search.
            best = Better(best, TileAgreement.Of(outer.Fine, inner.Fine, CropWindow.Whole));
        }

        var fineWhole = LumaGrid.Cells(inner.Fine, GridSide, FineCells, CropWindow.Whole);
        (double Score, CropWindow W) lineUp = (double.NegativeInfinity, CropWindow.Whole);
        foreach (var (_, start) in candidates.OrderByDescending(c => c.Score).Take(TopWindows))
        {
            // Refine left, top and size in turn, the step halving each round.
            var win = start;
            double score = LumaGrid.Similarity(LumaGrid.Cells(outer.Fine, GridSide, FineCells, win), fineWhole, sorted);
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

                        double s = LumaGrid.Similarity(LumaGrid.Cells(outer.Fine, GridSide, FineCells, moved), fineWhole, sorted);
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

        if (lineUp.W != CropWindow.Whole)
        {
            best = Better(best, TileAgreement.Of(outer.Fine, inner.Fine, lineUp.W));
        }

        return best;
    }

    private static PictureAgreement Better(PictureAgreement x, PictureAgreement y) =>
        x.Decides != y.Decides ? (x.Decides ? x : y) : (y.Agreement > x.Agreement ? y : x);
}
