using System.Numerics.Tensors;
using PhotoPrefs.Embeddings;
using PhotoPrefs.Features;
using PhotoPrefs.Store;

namespace PhotoPrefs.SemiSupervised;

/// <summary>
/// FixMatch's augmented views of a photo, as embeddings: <see cref="Weak"/> weak views (<see cref="Augment.Weak"/>: a
/// flip and a shift of up to 12.5 %) and <see cref="Strong"/> strong views (<see cref="Augment.Strong"/>: two RandAugment
/// operations and Cutout) of the embedder's 224 x 224 input, each embedded by the pretrained network. They are drawn
/// once per photo, seeded by its id, and cached in the workspace (kind <see cref="Kind"/>), so that FixMatch on the
/// embeddings trains in seconds: each step picks among a photo's stored views instead of running the network.
/// </summary>
public static class EmbeddingViews
{
    /// <summary>The features kind of the stored views.</summary>
    public const string Kind = "embedding-views";

    /// <summary>Weak views per photo.</summary>
    public const int Weak = 1;

    /// <summary>Strong views per photo.</summary>
    public const int Strong = 2;

    /// <summary>Stored views per photo.</summary>
    public const int Count = Weak + Strong;

    /// <summary>Version of the stored views: the embedding's version, and the way views are drawn.</summary>
    public static int Version => (ImageEmbedder.Version * 1000) + 2;

    /// <summary>The views as a kind of embeddings (<see cref="EmbeddingExtraction.ComputeKinds"/> computes them in the same pass as the plain embedding).</summary>
    public static EmbeddingKind Definition { get; } = new(Kind, Version, Count, Draw);

    /// <summary>Computes the missing views of every imported photo (about three times the work of <see cref="EmbeddingExtraction.Compute"/>).</summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="embedder">The embedder; one is loaded when null.</param>
    /// <param name="progress">Receives progress; may be null.</param>
    /// <param name="cancellationToken">Stops between chunks; finished chunks stay stored.</param>
    /// <returns>Photos computed.</returns>
    /// <exception cref="PhotoPrefsException">No photos imported, or the model cannot be loaded.</exception>
    public static int Compute(Workspace workspace, ImageEmbedder? embedder = null, IProgress<FeatureProgress>? progress = null, CancellationToken cancellationToken = default) =>
        EmbeddingExtraction.ComputeKinds(workspace, [Definition], embedder, progress, cancellationToken)[0];

    /// <summary>The stored views of the album's photos, in photo-id order.</summary>
    /// <param name="workspace">The workspace.</param>
    /// <returns>Photo ids and, per photo, <see cref="Count"/> embeddings back to back (weak first).</returns>
    public static (long[] Ids, float[] Vectors) Load(Workspace workspace) => FeatureStore.LoadAvailable(workspace, Kind, Version);

    /// <summary>Draws the views of one photo's network input.</summary>
    /// <param name="photoId">The photo (seeds its views).</param>
    /// <param name="planes">R, G, B planes of 0..255 values (<see cref="ImageEmbedder.Planes"/>).</param>
    /// <param name="views">Receives <see cref="Count"/> inputs of the same size.</param>
    public static void Draw(long photoId, float[] planes, float[][] views)
    {
        ArgumentNullException.ThrowIfNull(planes);
        ArgumentNullException.ThrowIfNull(views);
        const int side = ImageEmbedder.InputSide;
        var unit = new float[planes.Length];
        TensorPrimitives.Divide(planes, 255f, unit);
        for (int v = 0; v < Count; v++)
        {
            var rng = new Random(Seeds.Mix((int)(photoId & 0x7FFFFFFF), 7001 + v));
            if (v < Weak)
            {
                Augment.Weak(unit, 3, side, side, rng, views[v]);
            }
            else
            {
                Augment.Strong(unit, 3, side, side, rng, views[v], pool: Augment.QualityPreserving);
            }

            TensorPrimitives.Multiply(views[v], 255f, views[v]);
        }
    }
}
