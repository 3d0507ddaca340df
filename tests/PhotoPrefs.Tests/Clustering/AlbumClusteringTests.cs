using PhotoPrefs.Albums;
using PhotoPrefs.Clustering;
using PhotoPrefs.Features;
using PhotoPrefs.Store;

namespace PhotoPrefs.Tests.Clustering;

/// <summary>Import, features and clustering on a slice of the sample album.</summary>
public sealed class AlbumClusteringTests
{
    internal static string DataSampleAlbum() =>
        Path.Combine(PhotoPrefs.Sample.DataSampleFolder.Find(AppContext.BaseDirectory) ?? throw new DirectoryNotFoundException("data-sample/album"), "album");

    /// <summary>Copies every <paramref name="every"/>-th file of the sample album (in path order) into a new album folder.</summary>
    internal static string CopySlice(TempDir tmp, int every)
    {
        var album = tmp.Sub("album");
        var source = DataSampleAlbum();
        foreach (var f in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Where((_, i) => i % every == 0))
        {
            var dest = Path.Combine(album, Path.GetRelativePath(source, f));
            Directory.CreateDirectory(Path.GetDirectoryName(dest)!);
            File.Copy(f, dest);
        }

        return album;
    }

    [Fact]
    public void Features_are_cached_and_clusters_give_representatives()
    {
        using var tmp = new TempDir();
        var album = CopySlice(tmp, 6);

        var ws = Workspace.Open(Path.Combine(tmp.Path, "ws"));
        var imported = AlbumImporter.Import(album, ws);
        int n = imported.Added;
        Assert.True(n >= 60);
        int first = FeatureExtraction.Compute(ws);
        Assert.Equal((n * 5) + n, first); // five per-photo kinds, then the PCA coordinates
        Assert.Equal(n, FeatureExtraction.Compute(ws, [FeatureKinds.Hog, FeatureKinds.Pca])); // HOG cached; PCA refitted
        var (ids, hog, d) = FeatureStore.Load(ws, FeatureKinds.Hog);
        Assert.Equal(n, ids.Length);
        Assert.Equal(FeatureExtraction.HogForPhotos.FeatureLength(128, 128), d);
        var model = FeatureExtraction.LoadPcaModel(ws);
        Assert.NotNull(model);
        Assert.True(model.Value.Ratios.Sum() > 0.95);

        var result = AlbumClustering.Run(ws, kMin: 2, kMax: 8, budget: 12, seed: 1);
        Assert.InRange(result.ChosenK, 2, 8);
        Assert.Equal(7, result.Sweep.Count);
        Assert.Equal(12, result.Representatives.Count);
        Assert.Equal(result.Labels.Distinct().Count(), result.Representatives.Select(r => r.Cluster).Distinct().Count());
        Assert.Equal(result.RepresentativePhotoIds.ToList(), AlbumClustering.LatestRepresentatives(ws));

        // The timeline can join the clustering features (a person's habits may change over time).
        var (timeIds, _, timeDim) = AlbumClustering.Combine(ws, "hog+time");
        Assert.Equal(ids, timeIds);
        Assert.InRange(timeDim, 1, 64);
        Assert.Throws<PhotoPrefsException>(() => AlbumClustering.Combine(ws, "hog+hash"));

        // Deterministic: the same seed picks the same photos.
        var again = AlbumClustering.Run(ws, kMin: 2, kMax: 8, budget: 12, seed: 1);
        Assert.Equal(result.RepresentativePhotoIds, again.RepresentativePhotoIds);

        // Picked on other features: the budget spread over two thirds as many clusters, every cluster's medoid among them.
        var picked = AlbumClustering.Run(ws, kMin: 2, kMax: 8, budget: 12, seed: 1, pickFeatures: "pca+quality+time");
        Assert.Equal(12, picked.Representatives.Select(r => r.Row).Distinct().Count());
        Assert.Equal(AlbumClustering.PickClusters(12), picked.Representatives.Select(r => r.Cluster).Distinct().Count());
        Assert.Equal(AlbumClustering.PickClusters(12), picked.Representatives.Count(r => r.RankInCluster == 0));
    }

    [Theory]
    [InlineData(45, 30)]
    [InlineData(12, 8)]
    [InlineData(2, 1)]
    [InlineData(1, 1)]
    public void Photos_to_label_are_spread_over_two_thirds_as_many_clusters(int budget, int clusters)
    {
        Assert.Equal(clusters, AlbumClustering.PickClusters(budget));
    }

    [Fact]
    public void Clustering_without_features_is_a_clear_error()
    {
        using var tmp = new TempDir();
        var album = tmp.Sub("album");
        File.WriteAllBytes(Path.Combine(album, "a.jpg"), PhotoPrefs.Testing.TestImages.Jpeg(64, 64, 1));
        var ws = Workspace.Open(Path.Combine(tmp.Path, "ws"));
        AlbumImporter.Import(album, ws);
        var e = Assert.Throws<PhotoPrefsException>(() => AlbumClustering.Run(ws));
        Assert.Contains("photoprefs features", e.Message);
        Assert.Throws<PhotoPrefsException>(() => FeatureExtraction.Compute(ws, ["nonsense"]));
    }
}
