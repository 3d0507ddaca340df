using ImageMagick;
using PhotoPrefs.Albums;
using PhotoPrefs.Features;
using PhotoPrefs.Imaging;
using PhotoPrefs.Store;

namespace PhotoPrefs.Embeddings;

/// <summary>
/// One kind of embeddings computed from each photo's network input: its name and version in the workspace, how many
/// inputs a photo gets, and how they are made from the photo's thumbnail (<see cref="ImageEmbedder.Planes"/>).
/// </summary>
/// <param name="Kind">The features kind to store under.</param>
/// <param name="Version">Its version (a photo stored under another version is computed again).</param>
/// <param name="InputsPerPhoto">Embeddings per photo, stored back to back.</param>
/// <param name="Prepare">Given the photo id and its thumbnail's input (not to be changed), fills the <see cref="InputsPerPhoto"/> inputs to embed; called from several threads at once.</param>
/// <param name="Photos">The photos that get this kind; every imported photo when null.</param>
public sealed record EmbeddingKind(string Kind, int Version, int InputsPerPhoto, Action<long, float[], float[][]> Prepare, IReadOnlySet<long>? Photos = null);

/// <summary>
/// The embedding stage: computes each photo's embedding once, from its stored thumbnail (upright, 256 pixels on the
/// longer side), and caches it through <see cref="FeatureStore"/> as kind <see cref="Kind"/> under <see cref="ImageEmbedder.Version"/>
/// (read back with <see cref="FeatureStore.LoadEmbeddings"/> and <see cref="FeatureStore.GetEmbedding"/>); with
/// <see cref="ComputeKinds"/>, other kinds made from the same input (the training views) in the same pass.
/// Photos are handled a chunk at a time: thumbnails decoded and cropped in parallel, once for every kind a photo
/// lacks, then the chunk's inputs embedded <see cref="ImageEmbedder.BatchSize"/> at a time, then the chunk written in
/// one transaction, so an interrupted run keeps every finished chunk and a second run computes only what is missing.
/// Memory stays within one chunk's inputs whatever the album's size.
/// </summary>
public static class EmbeddingExtraction
{
    /// <summary>The kind under which embeddings are stored.</summary>
    public const string Kind = "embedding";

    /// <summary>Photos per chunk (decoded together, written in one transaction).</summary>
    public const int ChunkSize = 32;

    /// <summary>The plain embedding: the thumbnail's input itself, one per photo.</summary>
    public static EmbeddingKind Plain { get; } = new(Kind, ImageEmbedder.Version, 1, static (_, planes, inputs) => planes.CopyTo(inputs[0], 0));

    /// <summary>Computes the missing embeddings of every imported photo.</summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="embedder">The embedder; one is loaded from <see cref="ImageEmbedder.DefaultModelDirectory"/> when null.</param>
    /// <param name="progress">Receives progress; may be null.</param>
    /// <param name="cancellationToken">Stops between chunks; every finished chunk stays stored.</param>
    /// <returns>How many embeddings were computed.</returns>
    /// <exception cref="PhotoPrefsException">No photos imported, or the model cannot be loaded.</exception>
    public static int Compute(Workspace workspace, ImageEmbedder? embedder = null, IProgress<FeatureProgress>? progress = null, CancellationToken cancellationToken = default) =>
        ComputeKinds(workspace, [Plain], embedder, progress, cancellationToken)[0];

    /// <summary>
    /// Computes, for every imported photo (of a kind's <see cref="EmbeddingKind.Photos"/> when given), each of <paramref name="kinds"/> it lacks, in one pass over the thumbnails:
    /// a photo's thumbnail is decoded and made into the network's input once, whichever kinds it needs.
    /// </summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="kinds">The kinds, with distinct names.</param>
    /// <param name="embedder">The embedder; one is loaded from <see cref="ImageEmbedder.DefaultModelDirectory"/> when null.</param>
    /// <param name="progress">Receives progress (photos handled out of those lacking a kind); may be null.</param>
    /// <param name="cancellationToken">Stops between chunks; every finished chunk stays stored.</param>
    /// <returns>How many photos were computed, per kind, in the order given.</returns>
    /// <exception cref="ArgumentException">No kinds, or two with the same name.</exception>
    /// <exception cref="PhotoPrefsException">No photos imported, or the model cannot be loaded.</exception>
    public static int[] ComputeKinds(Workspace workspace, IReadOnlyList<EmbeddingKind> kinds, ImageEmbedder? embedder = null, IProgress<FeatureProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(kinds);
        if (kinds.Count == 0 || kinds.Select(k => k.Kind).Distinct(StringComparer.Ordinal).Count() != kinds.Count)
        {
            throw new ArgumentException("give one or more kinds with distinct names", nameof(kinds));
        }

        using var db = workspace.Connect();
        var missing = kinds.Select(k => FeatureStore.Presence(db, k.Kind, k.Version).Where(p => !p.Stored && (k.Photos is null || k.Photos.Contains(p.PhotoId))).Select(p => p.PhotoId).ToHashSet()).ToArray();
        if (FeatureStore.Presence(db, kinds[0].Kind, kinds[0].Version).Count == 0)
        {
            throw new PhotoPrefsException("no imported photos in the workspace: run 'photoprefs import' first");
        }

        var todo = missing.SelectMany(m => m).Distinct().Order().ToList();
        var counts = missing.Select(m => m.Count).ToArray();
        if (todo.Count == 0)
        {
            return counts;
        }

        var owned = embedder is null ? new ImageEmbedder() : null;
        var model = embedder ?? owned!;
        const int inputSize = 3 * ImageEmbedder.InputSide * ImageEmbedder.InputSide;
        try
        {
            int done = 0;
            var planes = new float[ChunkSize][];
            var inputs = new float[ChunkSize][][][];
            var vectors = kinds.Select(k => new float[ChunkSize * k.InputsPerPhoto * ImageEmbedder.Dimensions]).ToArray();
            var batch = new float[ImageEmbedder.BatchSize * inputSize];
            var embedded = new float[ImageEmbedder.BatchSize * ImageEmbedder.Dimensions];
            foreach (var chunk in todo.Chunk(ChunkSize))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var thumbs = chunk.Select(id => ThumbnailStore.Get(db, id, ThumbnailKinds.Thumb)!).ToArray();
                Parallel.For(0, chunk.Length, new ParallelOptions { CancellationToken = cancellationToken }, i =>
                {
                    using var image = new MagickImage(thumbs[i]);
                    planes[i] ??= new float[inputSize];
                    inputs[i] ??= kinds.Select(k => Enumerable.Range(0, k.InputsPerPhoto).Select(_ => new float[inputSize]).ToArray()).ToArray();
                    ImageEmbedder.Planes(image, planes[i]);
                    for (int k = 0; k < kinds.Count; k++)
                    {
                        if (missing[k].Contains(chunk[i]))
                        {
                            kinds[k].Prepare(chunk[i], planes[i], inputs[i][k]);
                        }
                    }
                });

                // every input the chunk needs, embedded a batch at a time
                var jobs = new List<(int Photo, int Kind, int Input)>();
                for (int i = 0; i < chunk.Length; i++)
                {
                    for (int k = 0; k < kinds.Count; k++)
                    {
                        if (missing[k].Contains(chunk[i]))
                        {
                            for (int v = 0; v < kinds[k].InputsPerPhoto; v++)
                            {
                                jobs.Add((i, k, v));
                            }
                        }
                    }
                }

                foreach (var part in jobs.Chunk(ImageEmbedder.BatchSize))
                {
                    for (int j = 0; j < part.Length; j++)
                    {
                        inputs[part[j].Photo][part[j].Kind][part[j].Input].CopyTo(batch, j * inputSize);
                    }

                    model.Embed(batch, part.Length, embedded);
                    for (int j = 0; j < part.Length; j++)
                    {
                        var (i, k, v) = part[j];
                        embedded.AsSpan(j * ImageEmbedder.Dimensions, ImageEmbedder.Dimensions)
                            .CopyTo(vectors[k].AsSpan(((i * kinds[k].InputsPerPhoto) + v) * ImageEmbedder.Dimensions));
                    }
                }

                using (var tx = db.BeginTransaction())
                {
                    for (int i = 0; i < chunk.Length; i++)
                    {
                        for (int k = 0; k < kinds.Count; k++)
                        {
                            if (missing[k].Contains(chunk[i]))
                            {
                                int width = kinds[k].InputsPerPhoto * ImageEmbedder.Dimensions;
                                FeatureStore.Save(db, chunk[i], kinds[k].Kind, kinds[k].Version, vectors[k].AsSpan(i * width, width));
                            }
                        }
                    }

                    tx.Commit();
                }

                done += chunk.Length;
                progress?.Report(new FeatureProgress(done, todo.Count));
            }

            return counts;
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
