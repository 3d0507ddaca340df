using System.Numerics.Tensors;
using ImageMagick;
using PhotoPrefs.Embeddings;
using PhotoPrefs.Features;
using PhotoPrefs.Imaging;
using PhotoPrefs.Store;

namespace PhotoPrefs.SemiSupervised;

/// <summary>
/// Loads a workspace's album as the FixMatch network takes it (<see cref="AlbumImages"/>): every imported photo, in id
/// order, as a 32 x 32 RGB thumbnail or as its embedding views, with the <see cref="PhotoSignals"/> (sharpness,
/// exposure, time, burst) as side inputs; and computes the stored inputs a load needs.
/// </summary>
public static class AlbumLoader
{
    /// <summary>Side of the square network input, in pixels.</summary>
    public const int Side = 32;

    /// <summary>
    /// Principal components of the album's embeddings that the views keep (see <see cref="Load"/>).
    /// How it was chosen: notebooks/results/README.md#view-components.
    /// </summary>
    public const int ViewComponents = 32;

    /// <summary>
    /// Loads the album as the network takes it, with each photo's signals: with <see cref="FixMatchInput.Pixels"/> every
    /// imported photo's thumbnail as a <see cref="Side"/> x <see cref="Side"/> RGB image; with <see cref="FixMatchInput.Views"/>
    /// its embedding and its stored <see cref="EmbeddingViews"/> as the channels of one row, each projected on the album's
    /// <see cref="ViewComponents"/> principal directions and scaled so that a plain view's values have unit variance on average.
    /// </summary>
    /// <param name="workspace">The workspace (features computed; with views, <see cref="EnsureInputs"/> done).</param>
    /// <param name="input">What the network sees.</param>
    /// <param name="viewsFor">With <see cref="FixMatchInput.Views"/>, the photos that must have their views (every photo when null); the others' view channels hold their plain embedding, for a model that predicts them but does not train on them.</param>
    /// <returns>The album.</returns>
    /// <exception cref="PhotoPrefsException">No photos, or features, embeddings or views missing.</exception>
    public static AlbumImages Load(Workspace workspace, FixMatchInput input = FixMatchInput.Pixels, IReadOnlySet<long>? viewsFor = null)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var signals = FeatureExtraction.Signals(workspace);
        var ids = signals.PhotoIds.ToArray();
        if (ids.Length == 0)
        {
            throw new PhotoPrefsException("no imported photos in the workspace: run 'photoprefs import' first");
        }

        if (input == FixMatchInput.Views)
        {
            return LoadViews(workspace, ids, signals, viewsFor);
        }

        var thumbs = ThumbnailStore.AllWithPaths(workspace, ThumbnailKinds.Thumb);
        int size = 3 * Side * Side;
        var data = new float[ids.Length * size];
        var paths = new string[ids.Length];
        Parallel.For(0, ids.Length, i =>
        {
            var (path, jpeg) = thumbs[ids[i]];
            paths[i] = path;
            using var image = new MagickImage(jpeg);
            PixelBuffer.ToChw(image, Side, Side).CopyTo(data, i * size);
        });

        var set = new ImageSet(data, ids.Length, 3, Side, Side, signals.Standardized(), PhotoSignals.Names.Count);
        return new AlbumImages(ids, paths, set, signals);
    }

    /// <summary>Computes what <see cref="Load"/> needs for <paramref name="input"/> and the workspace lacks: with <see cref="FixMatchInput.Views"/>, every photo's embedding and the views of <paramref name="viewsFor"/> (every photo's when null).</summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="input">What the network will see.</param>
    /// <param name="viewsFor">The photos whose views training needs (<see cref="AlbumTraining.Pool"/>); every photo when null.</param>
    /// <param name="progress">Receives progress (embeddings and views in one pass); may be null.</param>
    /// <param name="cancellationToken">Stops between chunks; finished ones stay stored.</param>
    /// <exception cref="PhotoPrefsException">The embedding model cannot be loaded.</exception>
    public static void EnsureInputs(Workspace workspace, FixMatchInput input, IReadOnlySet<long>? viewsFor = null, IProgress<FeatureProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        if (input != FixMatchInput.Views)
        {
            return;
        }

        // loads the model only when a photo lacks one, so a trained-before album costs a few queries
        EmbeddingExtraction.ComputeKinds(workspace, [EmbeddingExtraction.Plain, EmbeddingViews.Definition with { Photos = viewsFor }], null, progress, cancellationToken);
    }

    private static AlbumImages LoadViews(Workspace workspace, long[] ids, PhotoSignals signals, IReadOnlySet<long>? viewsFor)
    {
        var (plainIds, plain) = FeatureStore.LoadEmbeddings(workspace);
        var (viewIds, views) = EmbeddingViews.Load(workspace);
        var plainRow = plainIds.Select((id, i) => (id, i)).ToDictionary(t => t.id, t => t.i);
        var viewRow = viewIds.Select((id, i) => (id, i)).ToDictionary(t => t.id, t => t.i);
        if (ids.FirstOrDefault(id => !plainRow.ContainsKey(id) || (!viewRow.ContainsKey(id) && (viewsFor is null || viewsFor.Contains(id)))) is var missing && missing != 0)
        {
            throw new PhotoPrefsException($"photo {missing} has no embedding or no embedding views: run 'photoprefs features' (it computes both), or train with pixels");
        }

        const int d = ImageEmbedder.Dimensions;
        int channels = 1 + EmbeddingViews.Count, n = ids.Length;
        var plainRows = new float[n * d];
        for (int i = 0; i < n; i++)
        {
            plain.AsSpan(plainRow[ids[i]] * d, d).CopyTo(plainRows.AsSpan(i * d, d));
        }

        // The album's principal directions of what photos show: a few dozen carry what tells its photos apart, and
        // with a few dozen labels the head cannot learn 512 weights per unit, nor weigh the signals against them.
        int components = Math.Min(ViewComponents, Math.Max(1, n - 1));
        var pca = PcaModel.Fit(plainRows, n, d, new PcaOptions(Components: components, MaxComponents: components));
        int width = pca.Count;
        var data = new float[n * channels * width];
        var all = new float[channels * d];
        for (int i = 0; i < n; i++)
        {
            plainRows.AsSpan(i * d, d).CopyTo(all);
            if (viewRow.TryGetValue(ids[i], out int row))
            {
                views.AsSpan(row * EmbeddingViews.Count * d, EmbeddingViews.Count * d).CopyTo(all.AsSpan(d));
            }
            else
            {
                for (int v = 1; v < channels; v++)
                {
                    plainRows.AsSpan(i * d, d).CopyTo(all.AsSpan(v * d));
                }
            }
            pca.Transform(all, channels, data.AsSpan(i * channels * width, channels * width));
        }

        // one scale for every value, so that a plain view has unit variance per component on average
        double squares = 0;
        for (int i = 0; i < n; i++)
        {
            squares += TensorPrimitives.SumOfSquares(data.AsSpan(i * channels * width, width));
        }

        float scale = squares > 0 ? (float)Math.Sqrt(n * (double)width / squares) : 1f;
        TensorPrimitives.Multiply(data, scale, data);
        var paths = PhotoStore.Paths(workspace);
        var set = new ImageSet(data, n, channels, 1, width, signals.Standardized(), PhotoSignals.Names.Count);
        return new AlbumImages(ids, ids.Select(id => paths[id]).ToArray(), set, signals);
    }
}
