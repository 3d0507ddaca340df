namespace PhotoPrefs.Clustering;

/// <summary>A stored clustering of the album.</summary>
/// <param name="Id">Its id in the workspace.</param>
/// <param name="Features">The feature spec it used, such as <c>hog+pca+color</c>.</param>
/// <param name="Sweep">The score table.</param>
/// <param name="ChosenK">The k chosen.</param>
/// <param name="PhotoIds">Photo ids in row order.</param>
/// <param name="Labels">Cluster of each photo.</param>
/// <param name="Representatives">The photos to label first, in order.</param>
/// <param name="Matrix">The combined feature matrix that was clustered (row-major, one row per photo).</param>
/// <param name="Dimension">Its width.</param>
public sealed record AlbumClusteringResult(long Id, string Features, IReadOnlyList<KScore> Sweep, int ChosenK, long[] PhotoIds, int[] Labels, IReadOnlyList<Representative> Representatives, float[] Matrix, int Dimension)
{
    /// <summary>Photo ids of the representatives, in labeling order.</summary>
    public IEnumerable<long> RepresentativePhotoIds => Representatives.Select(r => PhotoIds[r.Row]);
}
