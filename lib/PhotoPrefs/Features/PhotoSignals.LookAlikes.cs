namespace PhotoPrefs.Features;

// The look-alike context of photos without a capture time: visual bursts and the standing among look-alikes.
public sealed partial class PhotoSignals
{
    // Joins photos without a capture time into bursts by embedding and picture match; new groups are numbered from `groups`.
    private static void VisualBursts(long[] ids, float[]? elongations, bool[] captured, SignalLookAlikes lookAlikes, float[] centred, int[] burst, int groups)
    {
        int n = ids.Length, dim = lookAlikes.Dimension;
        var untimed = Enumerable.Range(0, n).Where(i => !captured[i]).ToArray();
        if (untimed.Length < 2)
        {
            return;
        }

        var rows = new List<(int A, int B, float Cosine)>[untimed.Length];
        Parallel.For(0, untimed.Length, x =>
        {
            int a = untimed[x];
            var va = centred.AsSpan(a * dim, dim);
            var found = new List<(int A, int B, float Cosine)>();
            for (int y = x + 1; y < untimed.Length; y++)
            {
                int b = untimed[y];
                if (Math.Abs((elongations?[a] ?? 0f) - (elongations?[b] ?? 0f)) > BurstShapeTolerance)
                {
                    continue;
                }

                float cos = System.Numerics.Tensors.TensorPrimitives.Dot(va, centred.AsSpan(b * dim, dim));
                if (cos >= BurstCosine)
                {
                    found.Add((a, b, cos));
                }
            }

            rows[x] = [.. found.OrderByDescending(f => f.Cosine).Take(Duplicates.DuplicateFinder.MaxCopyCandidatesPerPhoto)];
        });
        var candidates = rows.SelectMany(r => r).ToList();
        if (candidates.Count == 0)
        {
            return;
        }

        var involved = candidates.SelectMany(c => new[] { c.A, c.B }).Distinct().ToList();
        var thumbs = lookAlikes.Thumbnails(involved.Select(i => ids[i]).ToHashSet());
        var patterns = new Duplicates.PictureMatch.Pattern?[n];
        Parallel.ForEach(involved, i => patterns[i] = Duplicates.PictureMatch.Of(thumbs[ids[i]]));
        var linked = new bool[candidates.Count];
        Parallel.For(0, candidates.Count, c =>
        {
            var agreement = Duplicates.PictureMatch.Compare(patterns[candidates[c].A]!, patterns[candidates[c].B]!);
            linked[c] = agreement.Decides && agreement.Agreement >= Duplicates.DuplicateOptions.DefaultCopyAgreement
                && agreement.Matched >= Duplicates.DuplicateOptions.DefaultCopyMatched && agreement.Coverage >= BurstCoverage;
        });

        var root = Enumerable.Range(0, n).ToArray();
        int Find(int i) => root[i] == i ? i : root[i] = Find(root[i]);
        for (int c = 0; c < candidates.Count; c++)
        {
            if (linked[c])
            {
                int ra = Find(candidates[c].A), rb = Find(candidates[c].B);
                root[Math.Max(ra, rb)] = Math.Min(ra, rb);
            }
        }

        foreach (var group in untimed.GroupBy(Find).Where(g => g.Count() > 1).OrderBy(g => g.Key))
        {
            foreach (var i in group)
            {
                burst[i] = groups;
            }

            groups++;
        }
    }

    // Where `alone` (no capture time), the standing against the photo's burst mates, then its
    // closest look-alikes at LookAlikeCosine or more, up to NearbyCount in all.
    private static void LookAlikeStanding(float[] values, int d, bool[] alone, int[] burst, float[] centred, int dim)
    {
        int n = alone.Length;
        Parallel.For(0, n, i =>
        {
            if (!alone[i])
            {
                return;
            }

            var vi = centred.AsSpan(i * dim, dim);
            var scored = new List<(int J, float Score)>();
            for (int j = 0; j < n; j++)
            {
                if (j == i)
                {
                    continue;
                }

                float cos = System.Numerics.Tensors.TensorPrimitives.Dot(vi, centred.AsSpan(j * dim, dim));
                bool mate = burst[i] >= 0 && burst[j] == burst[i];
                if (mate || cos >= LookAlikeCosine)
                {
                    // burst mates first, then by cosine
                    scored.Add((j, mate ? 2 + cos : cos));
                }
            }

            if (scored.Count < NearbyMinimum)
            {
                return;
            }

            var near = scored.OrderByDescending(s => s.Score).ThenBy(s => s.J).Take(NearbyCount).Select(s => s.J).ToArray();
            var sharp = near.Select(j => values[j * d]).ToArray();
            var bright = near.Select(j => values[(j * d) + 3]).ToArray();
            values[(i * d) + 13] = values[i * d] - Median(sharp);
            values[(i * d) + 14] = values[(i * d) + 3] - Median(bright);
        });
    }
}
