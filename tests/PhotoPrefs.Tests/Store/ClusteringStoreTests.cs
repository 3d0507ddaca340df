using PhotoPrefs.Albums;
using PhotoPrefs.Clustering;
using PhotoPrefs.Store;
using PhotoPrefs.Tests.Clustering;

namespace PhotoPrefs.Tests.Store;

/// <summary>Stored clusterings: saving, and reading the latest one, of any features or of given features.</summary>
public sealed class ClusteringStoreTests
{
    [Fact]
    public void Latest_of_given_features_skips_a_later_clustering_of_other_features()
    {
        using var tmp = new TempDir();
        var ws = Workspace.Open(Path.Combine(tmp.Path, "ws"));
        AlbumImporter.Import(AlbumClusteringTests.CopySlice(tmp, 60), ws);
        var ids = PhotoStore.Ids(ws);
        Assert.True(ids.Length >= 4);

        Assert.Null(ClusteringStore.Latest(ws));
        Assert.Empty(AlbumClustering.LatestClusters(ws));
        Assert.Empty(AlbumClustering.LatestRepresentatives(ws));

        // First on hog+pca: two clusters, the last photo picked first and the first photo second.
        var first = ids.Select((id, i) => new ClusterMember(id, i % 2, i == ids.Length - 1 ? 0 : i == 0 ? 1 : null)).ToList();
        long hogId = ClusteringStore.Save(ws, "hog+pca", 2, 7, "[]", first);
        // Then on the embeddings: three clusters, the second photo the only representative.
        var later = ids.Select((id, i) => new ClusterMember(id, i % 3, i == 1 ? 0 : null)).ToList();
        long embeddingId = ClusteringStore.Save(ws, AlbumClustering.PickFeatures, 3, 9, "[{\"K\":3}]", later);
        Assert.True(embeddingId > hogId);

        var hog = ClusteringStore.Latest(ws, "hog+pca");
        Assert.NotNull(hog);
        Assert.Equal(hogId, hog.Id);
        Assert.Equal("hog+pca", hog.Features);
        Assert.Equal(2, hog.K);
        Assert.Equal(7, hog.Seed);
        Assert.Equal("[]", hog.SweepJson);
        Assert.Equal(first, hog.Members);
        Assert.Equal([ids[^1], ids[0]], hog.RepresentativePhotoIds);

        var latest = ClusteringStore.Latest(ws);
        Assert.NotNull(latest);
        Assert.Equal(embeddingId, latest.Id);
        Assert.Equal(AlbumClustering.PickFeatures, latest.Features);
        Assert.Equal(3, latest.K);
        Assert.Equal("[{\"K\":3}]", latest.SweepJson);
        Assert.Equal(later, latest.Members);
        Assert.Equal(embeddingId, ClusteringStore.Latest(ws, AlbumClustering.PickFeatures)!.Id);
        Assert.Null(ClusteringStore.Latest(ws, "color"));

        // The clustering stage's readers keep reading the latest of any features.
        Assert.Equal(later.ToDictionary(m => m.PhotoId, m => m.Cluster), AlbumClustering.LatestClusters(ws));
        Assert.Equal([ids[1]], AlbumClustering.LatestRepresentatives(ws));
    }
}
