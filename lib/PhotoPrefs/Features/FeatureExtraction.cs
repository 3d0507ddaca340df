using System.Runtime.InteropServices;
using ImageMagick;
using Microsoft.Data.Sqlite;
using PhotoPrefs.Imaging;
using PhotoPrefs.Store;

namespace PhotoPrefs.Features;

/// <summary>
/// The feature stage: computes features once per photo from its stored thumbnail and caches them through
/// <see cref="FeatureStore"/> (float32 rows of the <c>features</c> table); the album-level PCA model is kept as a
/// feature model. A second run computes only the rows that are missing, and fits the PCA again (it depends on
/// every photo), rewriting each photo's <c>pca</c> row.
/// </summary>
public static class FeatureExtraction
{
    /// <summary>The HOG settings used for photos.</summary>
    public static HogOptions HogForPhotos { get; } = new(9, 16, 16, 2, 2, HogBlockNorm.L2Hys);

    /// <summary>
    /// Reads the signals of every imported photo: its features from <see cref="FeatureStore"/>, its time, the time's
    /// source and its thumbnail size from <see cref="PhotoStore"/>, which times are capture times
    /// (<see cref="PhotoSignals.CaptureTimes"/>), then <see cref="PhotoSignals.Compute"/>. Where every photo has an
    /// embedding, the embeddings and the stored thumbnails (<see cref="ThumbnailStore"/>) are its look-alike input;
    /// otherwise (features computed without embeddings) there is none.
    /// </summary>
    /// <param name="workspace">The workspace (with <c>quality</c> and <c>color</c> features computed).</param>
    /// <returns>The signals.</returns>
    /// <exception cref="PhotoPrefsException">Features missing: run <c>photoprefs features</c>; or a photo's thumbnail missing.</exception>
    public static PhotoSignals Signals(Workspace workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var (ids, quality, qd) = FeatureStore.Load(workspace, FeatureKinds.Quality);
        var (_, color, cd) = FeatureStore.Load(workspace, FeatureKinds.Color);
        var byId = PhotoStore.TimesAndSizes(workspace, ThumbnailKinds.Thumb).ToDictionary(p => p.PhotoId);
        var times = new DateTime[ids.Length];
        var fromFile = new bool[ids.Length];
        var elongations = new float[ids.Length];
        for (int i = 0; i < ids.Length; i++)
        {
            var p = byId[ids[i]];
            times[i] = p.Time;
            fromFile[i] = p.FromFile;
            elongations[i] = p.ThumbnailWidth is { } w && p.ThumbnailHeight is { } h ? PhotoSignals.Elongation(w, h) : 0f;
        }

        return PhotoSignals.Compute(ids, quality, qd, color, cd, times, elongations, PhotoSignals.CaptureTimes(times, fromFile), LookAlikes(workspace, ids));
    }

    // The embeddings in `ids` order and a thumbnail reader, or null when a photo has no embedding yet.
    private static SignalLookAlikes? LookAlikes(Workspace workspace, long[] ids)
    {
        var (embIds, vectors) = FeatureStore.LoadEmbeddings(workspace);
        var embedded = embIds.ToHashSet();
        if (ids.Length == 0 || !ids.All(embedded.Contains))
        {
            return null;
        }

        int d = Embeddings.ImageEmbedder.Dimensions;
        return new SignalLookAlikes(Duplicates.AlbumDuplicates.Align(ids, embIds, vectors, d), d, wanted => Duplicates.AlbumDuplicates.Thumbnails(workspace, wanted));
    }

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

        var photos = PhotoStore.Ids(workspace);
        if (photos.Length == 0)
        {
            throw new PhotoPrefsException("no imported photos in the workspace: run 'photoprefs import' first");
        }

        using var db = workspace.Connect();
        var have = FeatureStore.Have(db, FeatureKinds.Version);
        var todo = photos.Where(id => perPhoto.Any(k => !have.Contains((id, k)))).ToList();
        int done = 0, computed = 0;
        var gate = new Lock();
        Parallel.ForEach(todo, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount }, id =>
        {
            byte[] thumb;
            byte[]? detail;
            lock (gate)
            {
                thumb = ThumbnailStore.Get(db, id, ThumbnailKinds.Thumb)!;
                detail = ThumbnailStore.Get(db, id, ThumbnailKinds.Detail);
            }

            var values = ComputeOne(thumb, perPhoto.Where(k => !have.Contains((id, k))).ToList(), detail);
            lock (gate)
            {
                using var tx = db.BeginTransaction();
                foreach (var (kind, v) in values)
                {
                    FeatureStore.Save(db, id, kind, FeatureKinds.Version, v);
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

    /// <summary>The album's eigen-photo model, or null when not fitted yet.</summary>
    /// <param name="workspace">The workspace.</param>
    /// <returns>Mean (1024 values) and components (Count x 1024), plus the explained-variance ratios.</returns>
    public static (float[] Mean, float[] Components, double[] Ratios)? LoadPcaModel(Workspace workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        if (FeatureStore.LoadModel(workspace, FeatureKinds.Pca) is not { } blob)
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

    /// <summary>Reads pHash and dHash back from a <see cref="FeatureKinds.Hash"/> row.</summary>
    /// <param name="values">The four stored floats.</param>
    /// <returns>The two hashes.</returns>
    public static (ulong PHash, ulong DHash) Hashes(ReadOnlySpan<float> values)
    {
        var bytes = MemoryMarshal.AsBytes(values);
        return (BitConverter.ToUInt64(bytes[..8]), BitConverter.ToUInt64(bytes.Slice(8, 8)));
    }

    private static float[] ReadFloats(BinaryReader br, int count) => Enumerable.Range(0, count).Select(_ => br.ReadSingle()).ToArray();

    // PCA of every photo's stored pixels; the projections and the model are written in one transaction
    private static int FitPca(SqliteConnection db, long[] photos)
    {
        var rows = new List<float[]>();
        foreach (var id in photos)
        {
            rows.Add(FeatureStore.Get(db, id, FeatureKinds.Pixels) ?? []);
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
            FeatureStore.Save(db, photos[i], FeatureKinds.Pca, FeatureKinds.Version, y.AsSpan(i * model.Count, model.Count));
        }

        FeatureStore.SaveModel(db, FeatureKinds.Pca, FeatureKinds.Version, PcaBlob(d, model));
        tx.Commit();
        return n;
    }

    // d, Count, the mean, the components and the explained-variance ratios, little-endian
    private static byte[] PcaBlob(int d, PcaModel model)
    {
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

        return ms.ToArray();
    }

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

    private static float[] QualityValues(MagickImage image, MagickImage detail)
    {
        var gray = PixelBuffer.ToChw(image, ImageStats.BlurSide, ImageStats.BlurSide, grayscale: true);
        var e = ImageStats.Exposure(gray);
        var (fine, h, w) = PixelBuffer.CenterGray(detail, ImageStats.DetailSide);
        return [(float)Math.Log(1 + ImageStats.LaplacianVariance(fine, h, w)), e.P5, e.P50, e.P95, e.Mean, e.ClippedDark, e.ClippedBright,
            (float)ImageStats.BlurRatio(fine, h, w), (float)ImageStats.PeakSharpness(fine, h, w), (float)ImageStats.EdgeWidth(fine, h, w)];
    }
}
