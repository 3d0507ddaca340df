using System.Globalization;
using PhotoPrefs.Embeddings;
using PhotoPrefs.Features;
using PhotoPrefs.Store;

namespace PhotoPrefs.Duplicates;

/// <summary>
/// The near-duplicate stage on a workspace: loads what <see cref="DuplicateFinder"/> needs through the stores
/// (signals, embeddings, pHashes, photo rows, thumbnails), runs it, and keeps its groups in the workspace's
/// <c>meta</c> table (<see cref="Stored"/>). Never touches album files.
/// </summary>
public static class AlbumDuplicates
{
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
        if (MetaStore.Get(workspace, MetaKey) is { } json)
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

        var groups = Find(workspace, options);
        MetaStore.Set(workspace, MetaKey, System.Text.Json.JsonSerializer.Serialize(new StoredGroups(stamp, [.. groups])));
        return groups;
    }

    /// <summary>Finds the groups; the features (quality, colour, hash) and embeddings they need must be computed (<c>photoprefs features</c>).</summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="options">Thresholds; the defaults when null.</param>
    /// <returns>The groups of <see cref="DuplicateFinder.Find"/>.</returns>
    /// <exception cref="PhotoPrefsException">Embeddings, features or thumbnails missing, or thresholds out of order.</exception>
    public static IReadOnlyList<DuplicateGroup> Find(Workspace workspace, DuplicateOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        options ??= new DuplicateOptions();
        DuplicateFinder.Check(options);
        var signals = FeatureExtraction.Signals(workspace);
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

        var embeddings = Align(signals.PhotoIds, embIds, vectors, d);
        var details = PhotoStore.Details(workspace).Where(p => row.ContainsKey(p.Id)).ToDictionary(p => p.Id);
        var (hashIds, hashValues, hashDim) = FeatureStore.Load(workspace, FeatureKinds.Hash);
        var phash = new ulong[n];
        for (int h = 0; h < hashIds.Length; h++)
        {
            if (row.TryGetValue(hashIds[h], out int i))
            {
                phash[i] = FeatureExtraction.Hashes(hashValues.AsSpan(h * hashDim, hashDim)).PHash;
            }
        }

        var photos = new DuplicateInput[n];
        for (int i = 0; i < n; i++)
        {
            var p = details[signals.PhotoIds[i]];
            int w = p.Width ?? 0, h = p.Height ?? 0;
            // EXIF orientations 5 to 8 turn the photo a quarter: shown, width and height swap.
            if (p.Orientation is >= 5 and <= 8)
            {
                (w, h) = (h, w);
            }

            var photo = new DuplicatePhoto(p.Id, p.Path, w, h, signals.Get(i, "edge_width"), signals.Get(i, "clipped_dark") + signals.Get(i, "clipped_bright"));
            photos[i] = new DuplicateInput(photo, p.ContentHash, p.TakenAt, p.TakenAtSource is not null && p.TakenAtSource != "file", signals.Burst[i], phash[i]);
        }

        return DuplicateFinder.Find(photos, embeddings, d, ids => Thumbnails(workspace, ids), options);
    }

    // The embeddings in the signals' row order (the same order, as a rule: both are the imported photos by id).
    internal static float[] Align(IReadOnlyList<long> ids, long[] embIds, float[] vectors, int d)
    {
        if (ids.SequenceEqual(embIds))
        {
            return vectors;
        }

        var at = new Dictionary<long, int>(embIds.Length);
        for (int e = 0; e < embIds.Length; e++)
        {
            at[embIds[e]] = e;
        }

        var missing = ids.Count(id => !at.ContainsKey(id));
        if (missing > 0)
        {
            throw new PhotoPrefsException($"{missing} photos have no embedding: run 'photoprefs features'");
        }

        var aligned = new float[ids.Count * d];
        for (int i = 0; i < ids.Count; i++)
        {
            vectors.AsSpan(at[ids[i]] * d, d).CopyTo(aligned.AsSpan(i * d, d));
        }

        return aligned;
    }

    internal static Dictionary<long, byte[]> Thumbnails(Workspace workspace, IReadOnlySet<long> ids)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        var result = ThumbnailStore.OfKind(workspace, ThumbnailKinds.Thumb, ids);
        var missing = ids.Where(id => !result.ContainsKey(id)).ToList();
        return missing.Count == 0 ? result : throw new PhotoPrefsException($"{missing.Count} photos have no thumbnail (photo {missing[0]}): import the album again");
    }

    // A digest of everything the search reads: the photos as imported, their features' kinds and versions, the thresholds.
    private static string Stamp(Workspace workspace, DuplicateOptions options)
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        void Add(string text) => hash.AppendData(System.Text.Encoding.UTF8.GetBytes(text + "\n"));
        Add(string.Create(CultureInfo.InvariantCulture, $"v{StoreVersion} {System.Text.Json.JsonSerializer.Serialize(options)}"));
        foreach (var line in PhotoStore.Fingerprints(workspace))
        {
            Add(line);
        }

        foreach (var f in FeatureStore.List(workspace))
        {
            Add(string.Create(CultureInfo.InvariantCulture, $"{f.PhotoId}|{f.Kind}|{f.Version}"));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
