using System.Runtime.InteropServices;
using ImageMagick;
using PhotoPrefs.Albums;
using PhotoPrefs.Features;
using PhotoPrefs.Imaging;
using PhotoPrefs.Store;

namespace PhotoPrefs.Embeddings;

/// <summary>
/// Computes each photo's embedding once, from its stored thumbnail (upright, 256 pixels on the longer side), and
/// caches it in the workspace's <c>features</c> table as kind <see cref="Kind"/> under <see cref="ImageEmbedder.Version"/>.
/// Photos are handled a chunk at a time: thumbnails decoded and cropped in parallel, then embedded, then the chunk
/// written in one transaction, so an interrupted run keeps every finished chunk and a second run computes only
/// what is missing. Memory stays within one chunk's inputs whatever the album's size.
/// </summary>
public static class EmbeddingStore
{
    /// <summary>The kind under which embeddings are stored.</summary>
    public const string Kind = "embedding";

    /// <summary>Photos per chunk (decoded together, written in one transaction).</summary>
    public const int ChunkSize = 32;

    /// <summary>Computes the missing embeddings of every imported photo.</summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="embedder">The embedder; one is loaded from <see cref="ImageEmbedder.DefaultModelDirectory"/> when null.</param>
    /// <param name="progress">Receives progress; may be null.</param>
    /// <param name="cancellationToken">Stops between chunks; every finished chunk stays stored.</param>
    /// <returns>How many embeddings were computed.</returns>
    /// <exception cref="PhotoPrefsException">No photos imported, or the model cannot be loaded.</exception>
    public static int Compute(Workspace workspace, ImageEmbedder? embedder = null, IProgress<FeatureProgress>? progress = null, CancellationToken cancellationToken = default) =>
        ComputeKind(workspace, Kind, ImageEmbedder.Version, 1, static (_, planes, inputs) => planes.CopyTo(inputs[0], 0), embedder, progress, cancellationToken);

    /// <summary>
    /// Computes, for every imported photo that lacks them, <paramref name="inputsPerPhoto"/> embeddings of inputs made from
    /// its thumbnail's network input, and stores them back to back under <paramref name="kind"/> and <paramref name="version"/>.
    /// </summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="kind">The features kind to store under.</param>
    /// <param name="version">Its version (a photo stored under another version is computed again).</param>
    /// <param name="inputsPerPhoto">Embeddings per photo.</param>
    /// <param name="prepare">Given the photo id and its thumbnail's input (<see cref="ImageEmbedder.Planes"/>, not to be changed), fills the inputs to embed; called from several threads at once.</param>
    /// <param name="embedder">The embedder; one is loaded from <see cref="ImageEmbedder.DefaultModelDirectory"/> when null.</param>
    /// <param name="progress">Receives progress; may be null.</param>
    /// <param name="cancellationToken">Stops between chunks; every finished chunk stays stored.</param>
    /// <returns>How many photos were computed.</returns>
    /// <exception cref="PhotoPrefsException">No photos imported, or the model cannot be loaded.</exception>
    public static int ComputeKind(Workspace workspace, string kind, int version, int inputsPerPhoto, Action<long, float[], float[][]> prepare, ImageEmbedder? embedder = null, IProgress<FeatureProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(prepare);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputsPerPhoto, 1);
        using var db = workspace.Connect();
        var todo = new List<long>();
        int photos = 0;
        using (var cmd = db.CreateCommand())
        {
            cmd.CommandText = """
                SELECT p.id, EXISTS(SELECT 1 FROM features f WHERE f.photo_id = p.id AND f.kind = $k AND f.version = $v)
                FROM photos p WHERE p.status = 'ok' ORDER BY p.id
                """;
            cmd.Parameters.AddWithValue("$k", kind);
            cmd.Parameters.AddWithValue("$v", version);
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                photos++;
                if (r.GetInt64(1) == 0)
                {
                    todo.Add(r.GetInt64(0));
                }
            }
        }

        if (photos == 0)
        {
            throw new PhotoPrefsException("no imported photos in the workspace: run 'photoprefs import' first");
        }

        if (todo.Count == 0)
        {
            return 0;
        }

        var owned = embedder is null ? new ImageEmbedder() : null;
        var model = embedder ?? owned!;
        const int inputSize = 3 * ImageEmbedder.InputSide * ImageEmbedder.InputSide;
        int width = inputsPerPhoto * ImageEmbedder.Dimensions;
        try
        {
            int done = 0;
            var planes = new float[ChunkSize][];
            var inputs = new float[ChunkSize][][];
            var vectors = new float[ChunkSize * width];
            foreach (var chunk in todo.Chunk(ChunkSize))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var thumbs = chunk.Select(id => (byte[])Workspace.Scalar(db, "SELECT data FROM thumbnails WHERE photo_id = $id AND kind = 'thumb'", ("$id", id))!).ToArray();
                Parallel.For(0, chunk.Length, new ParallelOptions { CancellationToken = cancellationToken }, i =>
                {
                    using var image = new MagickImage(thumbs[i]);
                    planes[i] ??= new float[inputSize];
                    inputs[i] ??= Enumerable.Range(0, inputsPerPhoto).Select(_ => new float[inputSize]).ToArray();
                    ImageEmbedder.Planes(image, planes[i]);
                    prepare(chunk[i], planes[i], inputs[i]);
                });
                for (int i = 0; i < chunk.Length; i++)
                {
                    for (int v = 0; v < inputsPerPhoto; v++)
                    {
                        model.Embed(inputs[i][v], vectors.AsSpan((i * width) + (v * ImageEmbedder.Dimensions), ImageEmbedder.Dimensions));
                    }
                }

                using (var tx = db.BeginTransaction())
                {
                    for (int i = 0; i < chunk.Length; i++)
                    {
                        Workspace.Execute(db, "INSERT OR REPLACE INTO features(photo_id, kind, version, data) VALUES ($id, $k, $v, $d)",
                            ("$id", chunk[i]), ("$k", kind), ("$v", version), ("$d", MemoryMarshal.AsBytes(vectors.AsSpan(i * width, width)).ToArray()));
                    }

                    tx.Commit();
                }

                done += chunk.Length;
                progress?.Report(new FeatureProgress(done, todo.Count));
            }

            return todo.Count;
        }
        finally
        {
            owned?.Dispose();
        }
    }

    /// <summary>Whether every imported photo has its current embedding.</summary>
    /// <param name="workspace">The workspace.</param>
    /// <returns>True when none is missing (and at least one photo is imported).</returns>
    public static bool Complete(Workspace workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        using var db = workspace.Connect();
        return Workspace.Scalar(db, """
            SELECT COUNT(*) > 0 AND SUM(NOT EXISTS(SELECT 1 FROM features f WHERE f.photo_id = p.id AND f.kind = $k AND f.version = $v)) = 0
            FROM photos p WHERE p.status = 'ok'
            """, ("$k", Kind), ("$v", ImageEmbedder.Version)) is long complete && complete == 1;
    }

    /// <summary>The cached embeddings of the album's photos, in photo-id order.</summary>
    /// <param name="workspace">The workspace.</param>
    /// <returns>Photo ids and a row-major matrix of <see cref="ImageEmbedder.Dimensions"/> values per photo; photos without a current embedding are left out.</returns>
    public static (long[] Ids, float[] Vectors) Load(Workspace workspace) => LoadKind(workspace, Kind, ImageEmbedder.Version);

    /// <summary>What <see cref="ComputeKind"/> stored under a kind, in photo-id order.</summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="kind">The kind.</param>
    /// <param name="version">Its version.</param>
    /// <returns>Photo ids and their stored values, back to back; photos without a current entry are left out.</returns>
    public static (long[] Ids, float[] Vectors) LoadKind(Workspace workspace, string kind, int version)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        using var db = workspace.Connect();
        using var cmd = db.CreateCommand();
        cmd.CommandText = """
            SELECT f.photo_id, f.data FROM features f JOIN photos p ON p.id = f.photo_id
            WHERE f.kind = $k AND f.version = $v AND p.status = 'ok' ORDER BY f.photo_id
            """;
        cmd.Parameters.AddWithValue("$k", kind);
        cmd.Parameters.AddWithValue("$v", version);
        using var r = cmd.ExecuteReader();
        var ids = new List<long>();
        var vectors = new List<float>();
        while (r.Read())
        {
            ids.Add(r.GetInt64(0));
            vectors.AddRange(MemoryMarshal.Cast<byte, float>((byte[])r.GetValue(1)).ToArray());
        }

        return (ids.ToArray(), vectors.ToArray());
    }

    /// <summary>
    /// Embeds an image file from anywhere (not imported), as an imported photo would be: decoded within the import's
    /// limits, turned upright, made into the same 256-pixel JPEG thumbnail, then embedded.
    /// </summary>
    /// <param name="embedder">The embedder.</param>
    /// <param name="path">The image file.</param>
    /// <returns><see cref="ImageEmbedder.Dimensions"/> values with unit norm.</returns>
    /// <exception cref="PhotoPrefsException">The file is missing or not a usable image.</exception>
    public static float[] EmbedFile(ImageEmbedder embedder, string path)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        if (!File.Exists(path))
        {
            throw new PhotoPrefsException($"image not found: {path}");
        }

        var options = new ImportOptions();
        try
        {
            using var photo = PhotoDecoder.Decode(File.ReadAllBytes(path), options.WorkingSide, options.FastDecode, options.Limits);
            using var stored = new MagickImage(AlbumImporter.Thumbnail(photo.Image, options).Jpeg);
            var embedding = new float[ImageEmbedder.Dimensions];
            embedder.Embed(stored, embedding);
            return embedding;
        }
        catch (ImageDecodeException e)
        {
            throw new PhotoPrefsException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>The cached embedding of one photo, or null.</summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="photoId">The photo.</param>
    /// <returns>The embedding, or null when not computed.</returns>
    public static float[]? Get(Workspace workspace, long photoId)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        using var db = workspace.Connect();
        return Workspace.Scalar(db, "SELECT data FROM features WHERE photo_id = $id AND kind = $k AND version = $v", ("$id", photoId), ("$k", Kind), ("$v", ImageEmbedder.Version)) is byte[] data
            ? MemoryMarshal.Cast<byte, float>(data).ToArray()
            : null;
    }

}
