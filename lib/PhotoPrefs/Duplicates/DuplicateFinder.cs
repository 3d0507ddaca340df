using System.Globalization;
using System.Numerics.Tensors;
using PhotoPrefs.Embeddings;

namespace PhotoPrefs.Duplicates;

/// <summary>
/// Near-duplicate groups of an album, each with a keep-best pick, from arrays (no I/O; <see cref="AlbumDuplicates"/>
/// loads them from a workspace).
/// <list type="bullet">
/// <item>Copies: photos with the same content hash, and photos whose centred embeddings
/// (<see cref="EmbeddingSpace.Centre"/>) have a cosine of at least <see cref="DuplicateOptions.CopyCosine"/> and
/// whose pixels agree once lined up (<see cref="PictureMatch"/>), or, where the photos have too little detail for
/// that, whose pHashes differ in at most <see cref="DuplicateOptions.CopyHamming"/> bits. Joined single-link.</item>
/// <item>Bursts, taken first: the burst groups of photos with a known capture time, less files that have a
/// byte-identical twin and copies taken at the same instant as another photo.</item>
/// <item>Similar: what remains, at a cosine of at least <see cref="DuplicateOptions.SimilarCosine"/>, joined
/// complete-link, so that no chain of look-alikes makes one long group.</item>
/// </list>
/// The photo kept is picked by <see cref="Group"/>.
/// How it was chosen: notebooks/results/README.md#duplicate-thresholds.
/// </summary>
public static class DuplicateFinder
{
    /// <summary>
    /// At most this many pairs of similar shots (not copies) are kept per photo, the closest first. A
    /// similar group needs every two members alike, so a photo with more look-alikes than this could not join
    /// them all anyway; the cap keeps the search's memory linear in the album's size.
    /// </summary>
    public const int MaxSimilarPerPhoto = 64;

    /// <summary>
    /// At most this many pairs per photo, the closest first, are checked as copies (<see cref="PictureMatch"/>);
    /// the rest of its look-alikes can only be similar shots. Keeps the search linear in the album's size.
    /// </summary>
    public const int MaxCopyCandidatesPerPhoto = 16;

    /// <summary>Finds the groups.</summary>
    /// <param name="photos">The photos, one per row.</param>
    /// <param name="embeddings">Their embeddings, row-major, row <c>i</c> that of <c>photos[i]</c> (centred here).</param>
    /// <param name="dimension">Values per embedding.</param>
    /// <param name="thumbnails">
    /// The JPEG thumbnails of the given photo ids (each one is needed); asked once, for the photos of the pairs
    /// that may be copies.
    /// </param>
    /// <param name="options">Thresholds; the defaults when null.</param>
    /// <returns>Groups of two or more photos: copies first, then bursts, then similar; within a kind, by the kept photo's path.</returns>
    /// <exception cref="PhotoPrefsException">Thresholds out of order.</exception>
    /// <exception cref="ArgumentException">The embeddings are not one row of <paramref name="dimension"/> per photo.</exception>
    public static IReadOnlyList<DuplicateGroup> Find(
        IReadOnlyList<DuplicateInput> photos, float[] embeddings, int dimension, Func<IReadOnlySet<long>, IReadOnlyDictionary<long, byte[]>> thumbnails, DuplicateOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(photos);
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentNullException.ThrowIfNull(thumbnails);
        options ??= new DuplicateOptions();
        Check(options);
        int n = photos.Count, d = dimension;
        if (embeddings.Length != (long)n * d)
        {
            throw new ArgumentException($"{embeddings.Length} embedding values for {n} photos of {d}", nameof(embeddings));
        }

        var centred = EmbeddingSpace.Centre(embeddings, d);

        // Every pair at the similar threshold or above, with whether it is a pair of copies.
        var pairs = new List<(int A, int B, float Cosine)>();
        var copyPairs = new HashSet<(int, int)>();
        var exactPairs = new HashSet<(int, int)>();
        foreach (var same in Enumerable.Range(0, n).GroupBy(i => photos[i].ContentHash).Where(g => g.Key is not null && g.Count() > 1))
        {
            var members = same.Order().ToList();
            for (int x = 0; x < members.Count; x++)
            {
                for (int y = x + 1; y < members.Count; y++)
                {
                    copyPairs.Add((members[x], members[y]));
                    exactPairs.Add((members[x], members[y]));
                    pairs.Add((members[x], members[y], 1f));
                }
            }
        }

        // Rows in parallel; each keeps its pairs of copies and its MaxSimilarPerPhoto closest similar shots, so that
        // memory stays linear in the album however alike its photos are.
        var rows = new List<(int A, int B, float Cosine, bool Copy)>[n];
        Parallel.For(0, n, a =>
        {
            var va = centred.AsSpan(a * d, d);
            var found = new List<(int A, int B, float Cosine, bool Copy)>();
            for (int b = a + 1; b < n; b++)
            {
                float cos = TensorPrimitives.Dot(va, centred.AsSpan(b * d, d));
                if (cos < options.SimilarCosine || exactPairs.Contains((a, b)))
                {
                    continue;
                }

                found.Add((a, b, cos, cos >= options.CopyCosine));
            }

            // Only the closest candidates are checked pixel for pixel: a photo has a few copies, not hundreds, and
            // an album of look-alikes (one drawing template, one app's screens) would otherwise cost quadratic time.
            var farCopies = found.Where(f => f.Copy).OrderByDescending(f => f.Cosine).Skip(MaxCopyCandidatesPerPhoto).ToHashSet();
            if (farCopies.Count > 0)
            {
                found = found.Select(f => farCopies.Contains(f) ? f with { Copy = false } : f).ToList();
            }

            var similarOnly = found.Where(f => !f.Copy).OrderByDescending(f => f.Cosine).Skip(MaxSimilarPerPhoto).ToHashSet();
            rows[a] = similarOnly.Count == 0 ? found : found.Where(f => !similarOnly.Contains(f)).ToList();
        });
        // Pairs alike enough to be copies are copies when their pixels agree once lined up (PictureMatch); where
        // the photos have too little detail for that (a clear sky, darkness), when their pHashes are close.
        var candidates = rows.SelectMany(r => r).Where(p => p.Copy).ToList();
        var patterns = new PictureMatch.Pattern?[n];
        var thumbs = thumbnails(candidates.SelectMany(p => new[] { photos[p.A].Photo.PhotoId, photos[p.B].Photo.PhotoId }).ToHashSet());
        Parallel.ForEach(candidates.SelectMany(p => new[] { p.A, p.B }).Distinct(), i => patterns[i] = PictureMatch.Of(thumbs[photos[i].Photo.PhotoId]));
        var confirmed = new bool[candidates.Count];
        Parallel.For(0, candidates.Count, c =>
        {
            var (a, b, _, _) = candidates[c];
            var agreement = PictureMatch.Compare(patterns[a]!, patterns[b]!);
            confirmed[c] = agreement.Decides
                ? agreement.Agreement >= options.CopyAgreement && agreement.Matched >= options.CopyMatched
                : System.Numerics.BitOperations.PopCount(photos[a].PHash ^ photos[b].PHash) <= options.CopyHamming;
        });
        for (int c = 0; c < candidates.Count; c++)
        {
            if (confirmed[c])
            {
                copyPairs.Add((candidates[c].A, candidates[c].B));
            }
        }

        foreach (var (a, b, cos, _) in rows.SelectMany(r => r))
        {
            pairs.Add((a, b, cos));
        }

        pairs.Sort((x, y) => y.Cosine.CompareTo(x.Cosine));
        var groups = new List<DuplicateGroup>();
        var taken = new bool[n];
        // Bursts first, so that shots of one burst are not called copies, but a file with a byte-identical twin, or
        // a copy with its original's capture time, is a copy; then copies, exact and edited; then similar shots.
        var twin = new bool[n];
        foreach (var same in Enumerable.Range(0, n).GroupBy(i => photos[i].ContentHash).Where(g => g.Key is not null && g.Count() > 1))
        {
            foreach (var i in same)
            {
                twin[i] = true;
            }
        }

        // One capture: two copies taken at the same known instant (to the subsecond where EXIF gives one). An edit
        // keeps its original's EXIF time; the shots of a burst are taken at different instants.
        foreach (var (a, b) in copyPairs)
        {
            var (pa, pb) = (photos[a], photos[b]);
            if (pa.KnownTime && pb.KnownTime && pa.TakenAt == pb.TakenAt)
            {
                twin[a] = twin[b] = true;
            }
        }

        // A burst needs capture times (EXIF or the file name): files copied together share a file time without being one.
        foreach (var burst in Enumerable.Range(0, n).Where(i => !twin[i] && photos[i].Burst >= 0 && photos[i].KnownTime).GroupBy(i => photos[i].Burst).Where(g => g.Count() > 1))
        {
            groups.Add(Group(DuplicateKind.Burst, burst.Select(i => photos[i].Photo)));
            foreach (var i in burst)
            {
                taken[i] = true;
            }
        }

        // Copies join single-link: two edits of one picture (a crop and a caption) may differ more than either differs from it.
        foreach (var members in Link(n, pairs.Where(p => copyPairs.Contains((p.A, p.B))), (_, _) => true, taken))
        {
            groups.Add(Group(DuplicateKind.Copy, members.Select(i => photos[i].Photo)));
            foreach (var i in members)
            {
                taken[i] = true;
            }
        }

        var similarPairs = pairs.Where(p => !taken[p.A] && !taken[p.B]).ToList();
        var similar = similarPairs.Select(p => (p.A, p.B)).ToHashSet();
        foreach (var members in Link(n, similarPairs, (a, b) => similar.Contains((Math.Min(a, b), Math.Max(a, b))), taken))
        {
            groups.Add(Group(DuplicateKind.Similar, members.Select(i => photos[i].Photo)));
        }

        return groups.OrderBy(g => g.Kind).ThenBy(g => g.Keep.Path, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The keep-best pick. Shots of one scene (bursts, similar shots): most pixels, then sharpest, then fewest
    /// clipped. Copies of one picture: most pixels, then fewest clipped (to the half percent), then sharpest: an
    /// edit that brightens, adds contrast or lays a black caption band clips pixels and can look sharper, and the
    /// untouched picture should win. Then the first path.
    /// </summary>
    /// <param name="kind">The group's kind.</param>
    /// <param name="members">Two or more photos.</param>
    /// <returns>The group, with the reasons for its pick.</returns>
    public static DuplicateGroup Group(DuplicateKind kind, IEnumerable<DuplicatePhoto> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        var byPixels = members.OrderByDescending(p => (long)p.Width * p.Height);
        var ordered = (kind == DuplicateKind.Copy
            ? byPixels.ThenBy(p => Math.Round(p.Clipped * 200)).ThenBy(p => p.EdgeWidth)
            : byPixels.ThenBy(p => p.EdgeWidth).ThenBy(p => p.Clipped)).ThenBy(p => p.Path, StringComparer.Ordinal).ToList();
        var keep = ordered[0];
        var others = ordered.Skip(1).ToList();
        var reasons = new List<string>();
        var rivals = others.Where(o => (long)o.Width * o.Height == (long)keep.Width * keep.Height).ToList();
        string? exposure = others.Any(o => o.Clipped > keep.Clipped + 0.005)
            ? string.Create(CultureInfo.InvariantCulture, $"better exposed ({keep.Clipped * 100:F0}% clipped)")
            : null;
        if (rivals.Count == 0)
        {
            reasons.Add($"largest ({keep.Width} x {keep.Height})");
            if (exposure is not null)
            {
                reasons.Add(exposure);
            }
        }
        else if (kind == DuplicateKind.Copy)
        {
            if (rivals.Any(o => Math.Round(o.Clipped * 200) > Math.Round(keep.Clipped * 200)))
            {
                reasons.Add(string.Create(CultureInfo.InvariantCulture, $"least clipped ({keep.Clipped * 100:F1}%)"));
            }

            if (rivals.Any(o => Math.Round(o.Clipped * 200) == Math.Round(keep.Clipped * 200) && o.EdgeWidth > keep.EdgeWidth))
            {
                reasons.Add(string.Create(CultureInfo.InvariantCulture, $"sharpest (edges {keep.EdgeWidth:F1} px wide)"));
            }
        }
        else
        {
            if (rivals.Any(o => o.EdgeWidth > keep.EdgeWidth))
            {
                reasons.Add(string.Create(CultureInfo.InvariantCulture, $"sharpest (edges {keep.EdgeWidth:F1} px wide)"));
            }

            if (exposure is not null)
            {
                reasons.Add(exposure);
            }
        }

        if (reasons.Count == 0)
        {
            reasons.Add("as good as the others; first by name");
        }

        return new DuplicateGroup(kind, keep, [keep, .. others.OrderBy(o => o.Path, StringComparer.Ordinal)], reasons);
    }

    /// <summary>Throws when the thresholds are out of order.</summary>
    internal static void Check(DuplicateOptions options)
    {
        if (!(options.SimilarCosine <= options.CopyCosine) || options.CopyCosine > 1 || options.SimilarCosine < -1)
        {
            throw new PhotoPrefsException($"thresholds out of order: similar {options.SimilarCosine} must be at most copy {options.CopyCosine}, both within -1..1");
        }
    }

    /// <summary>
    /// Groups from pairs taken best first: two groups are joined when every pair across them is <paramref name="linked"/>
    /// (complete link; single link when it always says yes). Rows already <paramref name="taken"/> stay out.
    /// </summary>
    private static IEnumerable<List<int>> Link(int n, IEnumerable<(int A, int B, float Cosine)> pairs, Func<int, int, bool> linked, bool[] taken)
    {
        var groupOf = new int[n];
        var members = new Dictionary<int, List<int>>();
        for (int i = 0; i < n; i++)
        {
            groupOf[i] = i;
        }

        foreach (var (a, b, _) in pairs)
        {
            if (taken[a] || taken[b])
            {
                continue;
            }

            int ga = groupOf[a], gb = groupOf[b];
            if (ga == gb)
            {
                continue;
            }

            var ma = members.TryGetValue(ga, out var la) ? la : [a];
            var mb = members.TryGetValue(gb, out var lb) ? lb : [b];
            if (!ma.All(x => mb.All(y => linked(x, y))))
            {
                continue;
            }

            ma.AddRange(mb);
            members[ga] = ma;
            members.Remove(gb);
            foreach (var y in mb)
            {
                groupOf[y] = ga;
            }
        }

        return members.Values.Where(m => m.Count > 1);
    }
}
