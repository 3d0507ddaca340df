namespace PhotoPrefs.Duplicates;

/// <summary>
/// The last step of <see cref="PictureMatch"/>: with the two photos lined up, the inner one is cut into 8 x 8 tiles
/// of 8 x 8 cells, and each tile with detail is matched against the outer crop at shifts of up to 3 cells.
/// </summary>
internal static class TileAgreement
{
    private const int LinedUp = 64, Tile = 8, Search = 3;

    /// <summary>Luma spread below which a tile has no detail to match.</summary>
    private const float FlatTile = 0.02f;

    /// <summary>Correlation a tile must reach somewhere to count.</summary>
    private const double TileMatch = 0.5;

    /// <summary>How much better a tile must match elsewhere than in place to have moved.</summary>
    private const double Slack = 0.05;

    /// <summary>Tile by tile, whether the lined-up crop <paramref name="w"/> of the outer grid matches the inner one in place.</summary>
    /// <param name="outer">The outer photo's fine grid (<see cref="PictureMatch.GridSide"/> squared).</param>
    /// <param name="inner">The inner photo's fine grid.</param>
    /// <param name="w">The crop of the outer photo lined up with the whole inner one.</param>
    /// <returns>The agreement.</returns>
    internal static PictureAgreement Of(float[] outer, float[] inner, CropWindow w)
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

        LumaGrid.Resample(outer, PictureMatch.GridSide, xs, ys, o);
        var inn = new float[LinedUp * LinedUp];
        Span<float> centres = stackalloc float[LinedUp];
        for (int i = 0; i < LinedUp; i++)
        {
            centres[i] = (i + 0.5f) * cell;
        }

        LumaGrid.Resample(inner, PictureMatch.GridSide, centres, centres, inn);

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

                if (!LumaGrid.Standardise(a, FlatTile))
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

        return new PictureAgreement(tiles == 0 ? 0 : agree / (double)tiles, tiles, detailed, Math.Min(w.Width, w.Height));
    }
}
