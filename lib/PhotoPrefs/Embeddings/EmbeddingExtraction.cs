using ImageMagick;
using PhotoPrefs.Albums;
using PhotoPrefs.Features;
using PhotoPrefs.Imaging;
using PhotoPrefs.Store;

namespace PhotoPrefs.Embeddings;

/// <summary>
/// The embedding stage: computes each photo's embedding once, from its stored thumbnail (upright, 256 pixels on the
/// longer side), and caches it through <see cref="FeatureStore"/> as kind <see cref="Kind"/> under <see cref="ImageEmbedder.Version"/>
/// (read back with <see cref="FeatureStore.LoadEmbeddings"/> and <see cref="FeatureStore.GetEmbedding"/>).
/// Photos are handled a chunk at a time: thumbnails decoded and cropped in parallel, then embedded, then the chunk
/// written in one transaction, so an interrupted run keeps every finished chunk and a second run computes only
/// what is missing. Memory stays within one chunk's inputs whatever the album's size.
/// </summary>
public static class EmbeddingExtraction
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
        var presence = FeatureStore.Presence(db, kind, version);
        int photos = presence.Count;
        var todo = presence.Where(p => !p.Stored).Select(p => p.PhotoId).ToList();
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
                var thumbs = chunk.Select(id => ThumbnailStore.Get(db, id, ThumbnailKinds.Thumb)!).ToArray();
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
                        FeatureStore.Save(db, chunk[i], kind, version, vectors.AsSpan(i * width, width));
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
    public static bool Complete(Workspace workspace) => FeatureStore.Complete(workspace, Kind, ImageEmbedder.Version);

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
}
