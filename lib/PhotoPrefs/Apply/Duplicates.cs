using System.Globalization;
using System.Numerics.Tensors;
using PhotoPrefs.Embeddings;
using PhotoPrefs.Features;
using PhotoPrefs.Store;

namespace PhotoPrefs.Apply;

/// <summary>What kind of near-duplicates a group holds.</summary>
public enum DuplicateKind
{
    /// <summary>The same picture: byte-identical files, or edited or re-encoded copies (resized, cropped, recompressed, brightened, captioned, converted).</summary>
    Copy,

    /// <summary>Shots of one burst: seconds apart, nearly the same colours (<see cref="PhotoSignals"/>).</summary>
    Burst,

    /// <summary>Different shots of the same thing: embeddings close, but neither a copy nor one burst.</summary>
    Similar,
}

/// <summary>A group of near-duplicates and the photo to keep.</summary>
/// <param name="Kind">What the group holds.</param>
/// <param name="Keep">The photo to keep.</param>
/// <param name="Members">Every photo of the group, the one to keep first, then by path.</param>
/// <param name="Reasons">Why that one is kept, in words.</param>
public sealed record DuplicateGroup(DuplicateKind Kind, DuplicatePhoto Keep, IReadOnlyList<DuplicatePhoto> Members, IReadOnlyList<string> Reasons);

/// <summary>A photo in a duplicate group, with what the keep-best pick weighs.</summary>
/// <param name="PhotoId">The photo.</param>
/// <param name="Path">Its path in the album.</param>
/// <param name="Width">Width as shown, in pixels.</param>
/// <param name="Height">Height as shown, in pixels.</param>
/// <param name="EdgeWidth">Edge width in pixels (<see cref="ImageStats.EdgeWidth"/>; smaller is sharper).</param>
/// <param name="Clipped">Share of pixels clipped to black or white.</param>
public sealed record DuplicatePhoto(long PhotoId, string Path, int Width, int Height, double EdgeWidth, double Clipped);

/// <summary>Thresholds of <see cref="Duplicates.Find"/>.</summary>
/// <param name="CopyCosine">Centred cosine (<see cref="EmbeddingSpace.Centre"/>) from which two photos are copies of one picture.</param>
/// <param name="SimilarCosine">Centred cosine from which two photos are similar shots; at most <paramref name="CopyCosine"/>.</param>
/// <param name="CopyHamming">Largest pHash Hamming distance between two copies, where <see cref="PictureMatch"/> has too little detail to decide.</param>
/// <param name="CopyAgreement">Smallest <see cref="PictureAgreement.Agreement"/> of two copies.</param>
/// <param name="CopyMatched">Smallest <see cref="PictureAgreement.Matched"/> of two copies.</param>
public sealed record DuplicateOptions(float CopyCosine = Duplicates.DefaultCopyCosine, float SimilarCosine = Duplicates.DefaultSimilarCosine, int CopyHamming = Duplicates.DefaultCopyHamming, double CopyAgreement = Duplicates.DefaultCopyAgreement, double CopyMatched = Duplicates.DefaultCopyMatched);

/// <summary>
/// Near-duplicate groups of an album, each with a keep-best pick.
/// <list type="bullet">
/// <item>Copies: files with the same content hash, and photos whose centred embeddings
/// (<see cref="EmbeddingSpace.Centre"/>) have a cosine of at least <see cref="DuplicateOptions.CopyCosine"/> and
/// whose pixels agree once lined up (<see cref="PictureMatch"/>: <see cref="DuplicateOptions.CopyAgreement"/> and
/// <see cref="DuplicateOptions.CopyMatched"/>); where the photos have too little detail for that (a clear sky,
/// darkness), whose pHashes differ in at most <see cref="DuplicateOptions.CopyHamming"/> bits. Joined single-link:
/// a crop and a captioned copy of one picture may fail the rule between them while each passes it with the
/// picture.</item>
/// <item>Bursts, taken first: <see cref="PhotoSignals"/>' burst groups of photos whose capture time is known (EXIF
/// or file name, not the file's own time), less files that have a byte-identical twin and copies taken at the
/// same instant as another photo. An edit keeps its original's EXIF time, while a burst's shots differ in it, to
/// the subsecond where the camera writes one (two shots of one second whose EXIF has no subseconds, and which pass
/// the copy rule, are taken for copies).</item>
/// <item>Similar: what remains, at a cosine of at least <see cref="DuplicateOptions.SimilarCosine"/>, joined
/// complete-link (every two members of a group pass the rule), so that no chain of look-alikes makes one long
/// group.</item>
/// </list>
/// The photo kept is the one with the most pixels, then, among shots, the sharpest (smallest edge width) and the
/// fewest clipped pixels, and among copies the fewest clipped pixels and the sharpest (<see cref="Group"/>), then
/// the first path. Never touches album files.
/// </summary>
public static class Duplicates
{
    /// <summary>Default copy threshold, chosen on the copies development set (notebooks/results/README.md, benchmark suite <c>copies</c>).</summary>
    public const float DefaultCopyCosine = 0.75f;

    /// <summary>
    /// Largest pHash Hamming distance (of 64 bits) between two copies. Copies keep the layout that pHash encodes; photos
    /// that are mostly noise or darkness (pocket shots) have near-random hashes, so two of them, alike to the
    /// network, are not taken for copies.
    /// </summary>
    public const int DefaultCopyHamming = 20;

    /// <summary>
    /// Default share of tiles that must match in place for two photos to be one picture (<see cref="PictureMatch"/>).
    /// On the copies development set the copies' weakest link agrees at 0.90 and different pictures stay below
    /// the embedding's threshold; on the confirmation set, two shots of one motorcycle from a stereo pair reach
    /// 0.74 and the copies' weakest link 0.98 (notebooks/results/README.md, "Near-duplicates, measured").
    /// </summary>
    public const double DefaultCopyAgreement = 0.85;

    /// <summary>
    /// Default share of the tiles with detail that must match the other photo somewhere near: an edit changes a
    /// band or a corner (a caption over a seventh of the height touches up to a quarter of the tiles), while two
    /// screenshots of one app, or two pages of one form, differ wherever their text does.
    /// </summary>
    public const double DefaultCopyMatched = 0.7;

    /// <summary>Default similar-shot threshold.</summary>
    public const float DefaultSimilarCosine = 0.60f;

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

    /// <summary>The key in the workspace's <c>meta</c> table under which <see cref="Stored"/> keeps the groups.</summary>
    public const string MetaKey = "duplicate_groups";

    // Raised when the search changes, so that groups stored by an older PhotoPrefs are searched for again.
    private const int StoreVersion = 1;

    private sealed record StoredGroups(string Stamp, List<DuplicateGroup> Groups);

    /// <summary>
    /// The groups of <see cref="Find"/>, kept in the workspace: the search runs when the album, its features or the
    /// thresholds changed since it last ran, and otherwise the stored groups are read back. The search costs most of
    /// <c>suggest</c>, <c>duplicates</c> and the report (its pixel checks); with it stored, the second of them costs
    /// a read. What is compared: every imported photo's id, path, content hash, size, orientation, capture time and
    /// status, the kind and version of each of its features, and the thresholds.
    /// </summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="options">Thresholds; the defaults when null.</param>
    /// <returns>The groups, as <see cref="Find"/> gives them.</returns>
    /// <exception cref="PhotoPrefsException">Embeddings or features missing, or thresholds out of order.</exception>
    public static IReadOnlyList<DuplicateGroup> Stored(Workspace workspace, DuplicateOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        options ??= new DuplicateOptions();
        var stamp = Stamp(workspace, options);
        using (var db = workspace.Connect())
        {
            if (Workspace.Scalar(db, "SELECT value FROM meta WHERE key = $k", ("$k", MetaKey)) is string json)
            {
                try
                {
                    if (System.Text.Json.JsonSerializer.Deserialize<StoredGroups>(json) is { } stored && stored.Stamp == stamp)
                    {
                        return stored.Groups;
                    }
                }
                catch (System.Text.Json.JsonException)
                {
                    // unreadable (written by hand, or cut short): searched for again below and written anew
                }
            }
        }

        var groups = Find(workspace, options);
        using (var db = workspace.Connect())
        {
            Workspace.Execute(db, "INSERT OR REPLACE INTO meta(key, value) VALUES ($k, $v)", ("$k", MetaKey), ("$v", System.Text.Json.JsonSerializer.Serialize(new StoredGroups(stamp, [.. groups]))));
        }

        return groups;
    }

    // A digest of everything the search reads: the photos as imported, their features' kinds and versions, the thresholds.
    private static string Stamp(Workspace workspace, DuplicateOptions options)
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        void Add(string text) => hash.AppendData(System.Text.Encoding.UTF8.GetBytes(text + "\n"));
        Add(string.Create(CultureInfo.InvariantCulture, $"v{StoreVersion} {System.Text.Json.JsonSerializer.Serialize(options)}"));
        using var db = workspace.Connect();
        using (var cmd = db.CreateCommand())
        {
            cmd.CommandText = "SELECT id, path, content_hash, width, height, orientation, taken_at, taken_at_source, status, modified_at FROM photos ORDER BY id";
            using var r = cmd.ExecuteReader();
            var row = new object[10];
            while (r.Read())
            {
                r.GetValues(row);
                Add(string.Join('|', row.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture))));
            }
        }

        using (var cmd = db.CreateCommand())
        {
            cmd.CommandText = "SELECT photo_id, kind, version FROM features ORDER BY photo_id, kind";
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                Add(string.Create(CultureInfo.InvariantCulture, $"{r.GetInt64(0)}|{r.GetString(1)}|{r.GetInt64(2)}"));
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Finds the groups; the features (quality, colour, hash) and embeddings they need must be computed (<c>photoprefs features</c>).</summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="options">Thresholds; the defaults when null.</param>
    /// <returns>Groups of two or more photos: copies first, then bursts, then similar; within a kind, by the kept photo's path.</returns>
    /// <exception cref="PhotoPrefsException">Embeddings or features missing, or thresholds out of order.</exception>
    public static IReadOnlyList<DuplicateGroup> Find(Workspace workspace, DuplicateOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        options ??= new DuplicateOptions();
        if (!(options.SimilarCosine <= options.CopyCosine) || options.CopyCosine > 1 || options.SimilarCosine < -1)
        {
            throw new PhotoPrefsException($"thresholds out of order: similar {options.SimilarCosine} must be at most copy {options.CopyCosine}, both within -1..1");
        }

        var signals = PhotoSignals.Load(workspace);
        var (embIds, vectors) = FeatureStore.LoadEmbeddings(workspace);
        if (embIds.Length < signals.PhotoIds.Count)
        {
            throw new PhotoPrefsException($"{signals.PhotoIds.Count - embIds.Length} photos have no embedding: run 'photoprefs features'");
        }

        int n = signals.PhotoIds.Count, d = ImageEmbedder.Dimensions;
        var row = new Dictionary<long, int>(n);
        for (int i = 0; i < n; i++)
        {
            row[signals.PhotoIds[i]] = i;
        }

        var embRow = new int[n];
        for (int e = 0; e < embIds.Length; e++)
        {
            if (row.TryGetValue(embIds[e], out int i))
            {
                embRow[i] = e;
            }
        }

        var centred = EmbeddingSpace.Centre(vectors, d);
        var photos = Photos(workspace, signals);
        var (hashIds, hashValues, hashDim) = FeatureStore.Load(workspace, FeatureKinds.Hash);
        var phash = new ulong[n];
        for (int h = 0; h < hashIds.Length; h++)
        {
            if (row.TryGetValue(hashIds[h], out int i))
            {
                phash[i] = FeatureExtraction.Hashes(hashValues.AsSpan(h * hashDim, hashDim)).PHash;
            }
        }

        // Every pair at the similar threshold or above, with whether it is a pair of copies.
        var pairs = new List<(int A, int B, float Cosine)>();
        var copyPairs = new HashSet<(int, int)>();
        var exactPairs = new HashSet<(int, int)>();
        foreach (var same in photos.Values.GroupBy(p => p.Hash).Where(g => g.Key is not null && g.Count() > 1))
        {
            var members = same.Select(p => row[p.Photo.PhotoId]).Order().ToList();
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
            var va = centred.AsSpan(embRow[a] * d, d);
            var found = new List<(int A, int B, float Cosine, bool Copy)>();
            for (int b = a + 1; b < n; b++)
            {
                float cos = TensorPrimitives.Dot(va, centred.AsSpan(embRow[b] * d, d));
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
        var thumbs = Thumbnails(workspace, candidates.SelectMany(p => new[] { signals.PhotoIds[p.A], signals.PhotoIds[p.B] }).ToHashSet());
        Parallel.ForEach(candidates.SelectMany(p => new[] { p.A, p.B }).Distinct(), i => patterns[i] = PictureMatch.Of(thumbs[signals.PhotoIds[i]]));
        var confirmed = new bool[candidates.Count];
        Parallel.For(0, candidates.Count, c =>
        {
            var (a, b, _, _) = candidates[c];
            var agreement = PictureMatch.Compare(patterns[a]!, patterns[b]!);
            confirmed[c] = agreement.Decides
                ? agreement.Agreement >= options.CopyAgreement && agreement.Matched >= options.CopyMatched
                : System.Numerics.BitOperations.PopCount(phash[a] ^ phash[b]) <= options.CopyHamming;
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
        foreach (var same in photos.Values.GroupBy(p => p.Hash).Where(g => g.Key is not null && g.Count() > 1))
        {
            foreach (var p in same)
            {
                twin[row[p.Photo.PhotoId]] = true;
            }
        }

        // One capture: two copies taken at the same known instant (to the subsecond where EXIF gives one). An edit
        // keeps its original's EXIF time; the shots of a burst are taken at different instants.
        foreach (var (a, b) in copyPairs)
        {
            var (pa, pb) = (photos[signals.PhotoIds[a]], photos[signals.PhotoIds[b]]);
            if (pa.KnownTime && pb.KnownTime && pa.TakenAt == pb.TakenAt)
            {
                twin[a] = twin[b] = true;
            }
        }

        // A burst needs capture times (EXIF or the file name): files copied together share a file time without being one.
        foreach (var burst in Enumerable.Range(0, n).Where(i => !twin[i] && signals.Burst[i] >= 0 && photos[signals.PhotoIds[i]].KnownTime).GroupBy(i => signals.Burst[i]).Where(g => g.Count() > 1))
        {
            groups.Add(Group(DuplicateKind.Burst, burst.Select(i => photos[signals.PhotoIds[i]].Photo)));
            foreach (var i in burst)
            {
                taken[i] = true;
            }
        }

        // Copies join single-link: two edits of one picture (a crop and a caption) may differ more than either differs from it.
        foreach (var members in Link(n, pairs.Where(p => copyPairs.Contains((p.A, p.B))), (_, _) => true, taken))
        {
            groups.Add(Group(DuplicateKind.Copy, members.Select(i => photos[signals.PhotoIds[i]].Photo)));
            foreach (var i in members)
            {
                taken[i] = true;
            }
        }

        var similarPairs = pairs.Where(p => !taken[p.A] && !taken[p.B]).ToList();
        var similar = similarPairs.Select(p => (p.A, p.B)).ToHashSet();
        foreach (var members in Link(n, similarPairs, (a, b) => similar.Contains((Math.Min(a, b), Math.Max(a, b))), taken))
        {
            groups.Add(Group(DuplicateKind.Similar, members.Select(i => photos[signals.PhotoIds[i]].Photo)));
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

    private static Dictionary<long, byte[]> Thumbnails(Workspace workspace, HashSet<long> ids)
    {
        var result = new Dictionary<long, byte[]>();
        if (ids.Count == 0)
        {
            return result;
        }

        using var db = workspace.Connect();
        using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT photo_id, data FROM thumbnails WHERE kind = $k";
        cmd.Parameters.AddWithValue("$k", ThumbnailKinds.Thumb);
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            if (ids.Contains(r.GetInt64(0)))
            {
                result[r.GetInt64(0)] = (byte[])r.GetValue(1);
            }
        }

        var missing = ids.Where(id => !result.ContainsKey(id)).ToList();
        return missing.Count == 0 ? result : throw new PhotoPrefsException($"{missing.Count} photos have no thumbnail (photo {missing[0]}): import the album again");
    }

    private static Dictionary<long, (DuplicatePhoto Photo, string? Hash, bool KnownTime, string? TakenAt)> Photos(Workspace workspace, PhotoSignals signals)
    {
        var byId = new Dictionary<long, (DuplicatePhoto, string?, bool, string?)>();
        var index = new Dictionary<long, int>();
        for (int i = 0; i < signals.PhotoIds.Count; i++)
        {
            index[signals.PhotoIds[i]] = i;
        }

        using var db = workspace.Connect();
        using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT id, path, width, height, orientation, content_hash, taken_at_source, taken_at FROM photos WHERE status = 'ok'";
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            long id = r.GetInt64(0);
            if (!index.TryGetValue(id, out int i))
            {
                continue;
            }

            int w = r.IsDBNull(2) ? 0 : r.GetInt32(2), h = r.IsDBNull(3) ? 0 : r.GetInt32(3);
            // EXIF orientations 5 to 8 turn the photo a quarter: shown, width and height swap.
            if (!r.IsDBNull(4) && r.GetInt32(4) is >= 5 and <= 8)
            {
                (w, h) = (h, w);
            }

            byId[id] = (new DuplicatePhoto(id, r.GetString(1).Replace('\\', '/'), w, h, signals.Get(i, "edge_width"), signals.Get(i, "clipped_dark") + signals.Get(i, "clipped_bright")),
                r.IsDBNull(5) ? null : r.GetString(5), !r.IsDBNull(6) && r.GetString(6) != "file", r.IsDBNull(7) ? null : r.GetString(7));
        }

        return byId;
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
