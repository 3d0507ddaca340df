using PhotoPrefs.Albums;
using PhotoPrefs.Features;
using PhotoPrefs.Store;
using PhotoPrefs.Tests.Clustering;

namespace PhotoPrefs.Tests.Store;

/// <summary>Feature rows: writing, counting, listing and reading back by kind and version.</summary>
public sealed class FeatureStoreTests
{
    [Fact]
    public void Rows_are_read_back_by_kind_and_version()
    {
        using var tmp = new TempDir();
        var ws = Workspace.Open(Path.Combine(tmp.Path, "ws"));
        AlbumImporter.Import(AlbumClusteringTests.CopySlice(tmp, 60), ws);
        var ids = PhotoStore.Ids(ws);
        Assert.True(ids.Length >= 3);

        using (var db = ws.Connect())
        {
            // Every photo but the first at version 2, the first at version 1.
            for (int i = 0; i < ids.Length; i++)
            {
                FeatureStore.Save(db, ids[i], "test", i == 0 ? 1 : 2, [i, i + 0.5f]);
            }

            FeatureStore.SaveModel(db, "test", 2, [1, 2, 3]);
        }

        Assert.Equal(ids.Length, FeatureStore.Count(ws, "test"));
        Assert.Equal(ids.Length - 1, FeatureStore.Count(ws, "test", 2));
        Assert.False(FeatureStore.Complete(ws, "test", 2));
        Assert.Throws<PhotoPrefsException>(() => FeatureStore.Load(ws, "test", 2));

        var (present, values) = FeatureStore.LoadAvailable(ws, "test", 2);
        Assert.Equal(ids[1..], present);
        Assert.Equal(1f, values[0]);
        Assert.Equal(2 * (ids.Length - 1), values.Length);
        Assert.Null(FeatureStore.Get(ws, ids[0], "test", 2));
        Assert.Equal([0f, 0.5f], FeatureStore.Get(ws, ids[0], "test", 1)!);
        Assert.Equal(ids.Select(id => new StoredFeature(id, "test", id == ids[0] ? 1 : 2)), FeatureStore.List(ws));
        Assert.Equal(ids.Length - 1, FeatureStore.Have(ws, 2).Count);
        Assert.Equal([1, 2, 3], FeatureStore.LoadModel(ws, "test"));
        Assert.Null(FeatureStore.LoadModel(ws, FeatureKinds.Pca));

        using (var db = ws.Connect())
        {
            FeatureStore.Save(db, ids[0], "test", 2, [7, 8]);
            Assert.Equal(ids.Select(id => (id, true)), FeatureStore.Presence(db, "test", 2));
        }

        Assert.True(FeatureStore.Complete(ws, "test", 2));
        var (all, matrix, d) = FeatureStore.Load(ws, "test", 2);
        Assert.Equal(ids, all);
        Assert.Equal(2, d);
        Assert.Equal([7f, 8f], matrix[..2]);
        Assert.Equal(0L, FeatureStore.Count(ws, FeatureKinds.Hog));
    }
}
