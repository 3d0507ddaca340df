using System.Globalization;
using System.Runtime.InteropServices;
using ImageMagick;
using PhotoPrefs.Imaging;
using PhotoPrefs.Store;

namespace PhotoPrefs.Features;

/// <summary>The feature kinds PhotoPrefs computes and caches per photo.</summary>
public static class FeatureKinds
{
    /// <summary>HOG of the 128 x 128 grayscale centre crop: 9 orientations, 16 x 16 cells, 2 x 2 blocks, L2-Hys (1764 values).</summary>
    public const string Hog = "hog";

    /// <summary>The 32 x 32 grayscale centre crop (1024 values in [0, 1]): the input of the eigen-photos.</summary>
    public const string Pixels = "pixels";

    /// <summary>Coordinates on the album's eigen-photos: PCA of <see cref="Pixels"/> keeping 95% of the variance (at most 64).</summary>
    public const string Pca = "pca";

    /// <summary>Joint RGB histogram, 4 bins per channel (64 values summing to 1).</summary>
    public const string Color = "color";

    /// <summary>pHash and dHash, two 64-bit values stored as four floats' worth of bytes.</summary>
    public const string Hash = "hash";

    /// <summary>Sharpness and exposure: log(1 + Laplacian variance), P5, P50, P95, mean, clipped dark, clipped bright, blur ratio, peak sharpness, edge width (the sharpness measures on the centre of the <c>detail</c> image, at its own pixels).</summary>
    public const string Quality = "quality";

    /// <summary>Every kind, in computing order (<see cref="Pca"/> last: it needs <see cref="Pixels"/> of the whole album).</summary>
    public static IReadOnlyList<string> All { get; } = [Hog, Pixels, Color, Hash, Quality, Pca];

    /// <summary>Version of each kind's definition; a change recomputes the cached values.</summary>
    public const int Version = 6;
}

/// <summary>Progress of feature extraction.</summary>
/// <param name="Done">Photos handled.</param>
/// <param name="Total">Photos to handle.</param>
public readonly record struct FeatureProgress(int Done, int Total);

/// <summary>
/// Computes features once per photo from its stored thumbnail and caches them in the workspace's
/// <c>features</c> table (float32 blobs); the album-level PCA model lives in <c>feature_models</c>.
/// A second run computes only what is missing.
/// </summary>
public static class FeatureStore
{
    /// <summary>Computes the missing features of the given kinds for every imported photo.</summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="kinds">Kinds from <see cref="FeatureKinds"/>; all of them when null.</param>
    /// <param name="progress">Receives progress; may be null.</param>
    /// <param name="cancellationToken">Stops between photos; what was stored stays.</param>
    /// <returns>How many (photo, kind) values were computed.</returns>
    /// <exception cref="PhotoPrefsException">An unknown kind, or no photos imported.</exception>
    public static int Compute(Workspace workspace, IEnumerable<string>? kinds = null, IProgress<FeatureProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var wanted = (kinds ?? FeatureKinds.All).Select(k => k.Trim().ToLowerInvariant()).Distinct().ToList();
        foreach (var k in wanted)
        {
            if (!FeatureKinds.All.Contains(k))
            {
                throw new PhotoPrefsException($"unknown feature kind '{k}' (known: {string.Join(", ", FeatureKinds.All)})");
            }
        }

        var perPhoto = wanted.Where(k => k != FeatureKinds.Pca).ToList();
        if (wanted.Contains(FeatureKinds.Pca) && !perPhoto.Contains(FeatureKinds.Pixels))
        {
            perPhoto.Add(FeatureKinds.Pixels);
        }

        using var db = workspace.Connect();
        var photos = PhotoIds(db);
        if (photos.Count == 0)
        {
            throw new PhotoPrefsException("no imported photos in the workspace: run 'photoprefs import' first");
        }

        var have = new HashSet<(long, string)>();
        using (var cmd = db.CreateCommand())
        {
            cmd.CommandText = "SELECT photo_id, kind FROM features WHERE version = $v";
            cmd.Parameters.AddWithValue("$v", FeatureKinds.Version);
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                have.Add((r.GetInt64(0), r.GetString(1)));
            }
        }

        var todo = photos.Where(id => perPhoto.Any(k => !have.Contains((id, k)))).ToList();
        int done = 0, computed = 0;
        var gate = new Lock();
        Parallel.ForEach(todo, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount }, id =>
        {
            byte[] thumb;
            byte[]? detail;
            lock (gate)
            {
                thumb = (byte[])Workspace.Scalar(db, "SELECT data FROM thumbnails WHERE photo_id = $id AND kind = 'thumb'", ("$id", id))!;
                detail = Workspace.Scalar(db, "SELECT data FROM thumbnails WHERE photo_id = $id AND kind = 'detail'", ("$id", id)) as byte[];
            }

            var values = ComputeOne(thumb, perPhoto.Where(k => !have.Contains((id, k))).ToList(), detail);
            lock (gate)
            {
                using var tx = db.BeginTransaction();
                foreach (var (kind, v) in values)
                {
                    Save(db, id, kind, v);
                    computed++;
                }

                tx.Commit();
            }

            progress?.Report(new FeatureProgress(Interlocked.Increment(ref done), todo.Count));
        });

        if (wanted.Contains(FeatureKinds.Pca))
        {
            computed += FitPca(db, photos);
        }

        return computed;
    }

    /// <summary>Computes the per-photo kinds of one thumbnail.</summary>
    /// <param name="thumbJpeg">The stored <c>thumb</c> JPEG.</param>
    /// <param name="kinds">Per-photo kinds (not <see cref="FeatureKinds.Pca"/>).</param>
    /// <param name="detailJpeg">The stored <c>detail</c> JPEG for the sharpness measures; null to measure on the thumbnail (workspaces imported before it existed).</param>
    /// <returns>The values of each kind.</returns>
    public static IReadOnlyList<(string Kind, float[] Values)> ComputeOne(byte[] thumbJpeg, IReadOnlyList<string> kinds, byte[]? detailJpeg = null)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        using var image = new MagickImage(thumbJpeg);
        using var detail = detailJpeg is null ? null : new MagickImage(detailJpeg);
        var result = new List<(string, float[])>();
        foreach (var kind in kinds)
        {
            float[] v = kind switch
            {
                FeatureKinds.Hog => Hog.Compute(Scale255(PixelBuffer.ToChw(image, 128, 128, grayscale: true)), 128, 128, HogForPhotos),
                FeatureKinds.Pixels => PixelBuffer.ToChw(image, 32, 32, grayscale: true),
                FeatureKinds.Color => ImageStats.ColorHistogram(PixelBuffer.ToChw(image, 64, 64)),
                FeatureKinds.Hash => HashValues(image),
                FeatureKinds.Quality => QualityValues(image, detail ?? image),
                _ => throw new ArgumentException("not a per-photo kind: " + kind, nameof(kinds)),
            };
            result.Add((kind, v));
        }

        return result;
    }

    /// <summary>The HOG settings used for photos.</summary>
    public static HogOptions HogForPhotos { get; } = new(9, 16, 16, 2, 2, HogBlockNorm.L2Hys);

    /// <summary>Loads one kind for every imported photo, in photo id order.</summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="kind">The kind.</param>
    /// <returns>Photo ids and a row-major matrix (one row per photo).</returns>
    /// <exception cref="PhotoPrefsException">Some photos lack the kind: run <c>photoprefs features</c>.</exception>
    public static (long[] PhotoIds, float[] Matrix, int Dimension) Load(Workspace workspace, string kind)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        using var db = workspace.Connect();
        var ids = PhotoIds(db);
        var rows = new Dictionary<long, float[]>();
        using (var cmd = db.CreateCommand())
        {
            cmd.CommandText = "SELECT photo_id, data FROM features WHERE kind = $k AND version = $v";
            cmd.Parameters.AddWithValue("$k", kind);
            cmd.Parameters.AddWithValue("$v", FeatureKinds.Version);
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                rows[r.GetInt64(0)] = MemoryMarshal.Cast<byte, float>((byte[])r.GetValue(1)).ToArray();
            }
        }

        var missing = ids.Count(id => !rows.ContainsKey(id));
        if (missing > 0)
        {
            throw new PhotoPrefsException($"{missing} of {ids.Count} photos have no '{kind}' features: run 'photoprefs features --workspace {workspace.Directory} --kinds {kind}'");
        }

        int d = ids.Count == 0 ? 0 : rows[ids[0]].Length;
        var m = new float[ids.Count * d];
        for (int i = 0; i < ids.Count; i++)
        {
            rows[ids[i]].CopyTo(m, i * d);
        }

        return (ids.ToArray(), m, d);
    }

    /// <summary>The album's eigen-photo model, or null when not fitted yet.</summary>
    /// <param name="workspace">The workspace.</param>
    /// <returns>Mean (1024 values) and components (Count x 1024), plus the explained-variance ratios.</returns>
    public static (float[] Mean, float[] Components, double[] Ratios)? LoadPcaModel(Workspace workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        using var db = workspace.Connect();
        if (Workspace.Scalar(db, "SELECT data FROM feature_models WHERE kind = 'pca'") is not byte[] blob)
        {
            return null;
        }

        using var ms = new MemoryStream(blob);
        using var br = new BinaryReader(ms);
        int d = br.ReadInt32(), k = br.ReadInt32();
        var mean = ReadFloats(br, d);
        var comps = ReadFloats(br, k * d);
        var ratios = Enumerable.Range(0, k).Select(_ => br.ReadDouble()).ToArray();
        return (mean, comps, ratios);
    }

    private static float[] ReadFloats(BinaryReader br, int count) => Enumerable.Range(0, count).Select(_ => br.ReadSingle()).ToArray();

    private static int FitPca(Microsoft.Data.Sqlite.SqliteConnection db, List<long> photos)
    {
        var rows = new List<float[]>();
        foreach (var id in photos)
        {
            rows.Add(MemoryMarshal.Cast<byte, float>((byte[])Workspace.Scalar(db, "SELECT data FROM features WHERE photo_id = $id AND kind = 'pixels'", ("$id", id))!).ToArray());
        }

        int n = rows.Count, d = rows[0].Length;
        if (n < 2)
        {
            return 0;
        }

        var x = rows.SelectMany(r => r).ToArray();
        var model = PcaModel.Fit(x, n, d, new PcaOptions(VarianceFraction: 0.95, MaxComponents: 64));
        var y = new float[n * model.Count];
        model.Transform(x, n, y);
        using var tx = db.BeginTransaction();
        for (int i = 0; i < n; i++)
        {
            Save(db, photos[i], FeatureKinds.Pca, y.AsSpan(i * model.Count, model.Count).ToArray());
        }

        using var ms = new MemoryStream();
        using (var bw = new BinaryWriter(ms))
        {
            bw.Write(d);
            bw.Write(model.Count);
            foreach (var v in model.Mean)
            {
                bw.Write(v);
            }

            foreach (var v in model.Components)
            {
                bw.Write(v);
            }

            foreach (var r in model.ExplainedVarianceRatio)
            {
                bw.Write(r);
            }
        }

        Workspace.Execute(db, """
            INSERT INTO feature_models(kind, version, created_at, data) VALUES ('pca', $v, $t, $d)
            ON CONFLICT(kind) DO UPDATE SET version = excluded.version, created_at = excluded.created_at, data = excluded.data
            """, ("$v", FeatureKinds.Version), ("$t", DateTime.UtcNow.ToString("o", CultureInfo.InvariantCulture)), ("$d", ms.ToArray()));
        tx.Commit();
        return n;
    }

    private static List<long> PhotoIds(Microsoft.Data.Sqlite.SqliteConnection db)
    {
        var ids = new List<long>();
        using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT id FROM photos WHERE status = 'ok' ORDER BY id";
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            ids.Add(r.GetInt64(0));
        }

        return ids;
    }

    private static void Save(Microsoft.Data.Sqlite.SqliteConnection db, long id, string kind, float[] values) =>
        Workspace.Execute(db, """
            INSERT INTO features(photo_id, kind, version, data) VALUES ($id, $k, $v, $d)
            ON CONFLICT(photo_id, kind) DO UPDATE SET version = excluded.version, data = excluded.data
            """, ("$id", id), ("$k", kind), ("$v", FeatureKinds.Version), ("$d", MemoryMarshal.AsBytes(values.AsSpan()).ToArray()));

    private static float[] Scale255(float[] v)
    {
        System.Numerics.Tensors.TensorPrimitives.Multiply(v, 255f, v);
        return v;
    }

    private static float[] HashValues(MagickImage image)
    {
        var p = ImageStats.PHash(PixelBuffer.ToChw(image, 32, 32, grayscale: true));
        var d = ImageStats.DHash(PixelBuffer.ToChw(image, 9, 8, grayscale: true));
        var bytes = new byte[16];
        BitConverter.TryWriteBytes(bytes.AsSpan(0, 8), p);
        BitConverter.TryWriteBytes(bytes.AsSpan(8, 8), d);
        return MemoryMarshal.Cast<byte, float>(bytes).ToArray();
    }

    /// <summary>Reads pHash and dHash back from a <see cref="FeatureKinds.Hash"/> row.</summary>
    /// <param name="values">The four stored floats.</param>
    /// <returns>The two hashes.</returns>
    public static (ulong PHash, ulong DHash) Hashes(ReadOnlySpan<float> values)
    {
        var bytes = MemoryMarshal.AsBytes(values);
        return (BitConverter.ToUInt64(bytes[..8]), BitConverter.ToUInt64(bytes.Slice(8, 8)));
    }

    private static float[] QualityValues(MagickImage image, MagickImage detail)
    {
        var gray = PixelBuffer.ToChw(image, ImageStats.BlurSide, ImageStats.BlurSide, grayscale: true);
        var e = ImageStats.Exposure(gray);
        var (fine, h, w) = PixelBuffer.CenterGray(detail, ImageStats.DetailSide);
        return [(float)Math.Log(1 + ImageStats.LaplacianVariance(fine, h, w)), e.P5, e.P50, e.P95, e.Mean, e.ClippedDark, e.ClippedBright,
            (float)ImageStats.BlurRatio(fine, h, w), (float)ImageStats.PeakSharpness(fine, h, w), (float)ImageStats.EdgeWidth(fine, h, w)];
    }
}
