using PhotoPrefs.Albums;
using PhotoPrefs.Embeddings;
using PhotoPrefs.Features;
using PhotoPrefs.SemiSupervised;
using PhotoPrefs.Store;
using PhotoPrefs.Tests.Clustering;

namespace PhotoPrefs.Tests.SemiSupervised;

/// <summary>The unlabeled pool of a large album, and training inputs computed only for it.</summary>
public sealed class TrainingPoolTests
{
    [Fact]
    public void A_large_album_pools_its_labeled_photos_and_a_fixed_share_of_the_rest()
    {
        var ids = Enumerable.Range(1, 100).Select(i => (long)i * 3).ToList();
        Assert.Null(AlbumTraining.Pool(ids, [3, 6], size: 100)); // the whole album fits
        var pool = AlbumTraining.Pool(ids, [3, 6, 7], size: 20)!;
        Assert.Equal(20, pool.Count);
        Assert.Contains(3L, pool);
        Assert.Contains(6L, pool);
        Assert.DoesNotContain(7L, pool); // a label of a photo no longer in the album
        Assert.True(pool.IsSubsetOf(ids));
        Assert.Equal(pool.Order(), AlbumTraining.Pool(ids, [6, 3], size: 20)!.Order()); // the same labels, the same pool

        // Not the first ids: drawn across the album.
        Assert.True(pool.Max() > 150 && pool.Where(id => id is not (3 or 6)).Min() < 150);

        // A new label joins the pool and displaces one photo only: the views computed for the rest stay of use.
        long outside = ids.First(id => !pool.Contains(id));
        var grown = AlbumTraining.Pool(ids, [3, 6, outside], size: 20)!;
        Assert.Contains(outside, grown);
        Assert.Equal(19, grown.Intersect(pool).Count());
        Assert.Throws<ArgumentOutOfRangeException>(() => AlbumTraining.Pool(ids, [], size: 0));
    }

    [Fact]
    public void Views_are_computed_only_for_the_pool_and_the_other_photos_load_with_their_plain_embedding()
    {
        using var tmp = new TempDir();
        var album = AlbumClusteringTests.CopySlice(tmp, 8);
        var ws = Workspace.Open(Path.Combine(tmp.Path, "ws"));
        try
        {
            AlbumImporter.Import(album, ws);
            FeatureExtraction.Compute(ws);
            var all = PhotoStore.Paths(ws).Keys.Order().ToList();
            var pool = all.Take(all.Count / 2).ToHashSet();
            AlbumLoader.EnsureInputs(ws, FixMatchInput.Views, pool);
            Assert.True(EmbeddingExtraction.Complete(ws));
            Assert.Equal(pool.Order(), EmbeddingViews.Load(ws).Ids.Order());

            var loaded = AlbumLoader.Load(ws, FixMatchInput.Views, pool);
            int width = loaded.Images.Width;
            foreach (var (id, row) in loaded.RowsById())
            {
                var image = loaded.Images.Image(row).ToArray();
                var plain = image[..width];
                bool same = image[width..].Chunk(width).All(view => view.SequenceEqual(plain));
                Assert.Equal(!pool.Contains(id), same);
            }

            var missing = Assert.Throws<PhotoPrefsException>(() => AlbumLoader.Load(ws, FixMatchInput.Views));
            Assert.Contains("no embedding views", missing.Message, StringComparison.Ordinal);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
    }
}
