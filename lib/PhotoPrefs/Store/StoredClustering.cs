namespace PhotoPrefs.Store;

/// <summary>One photo's place in a stored clustering.</summary>
/// <param name="PhotoId">The photo.</param>
/// <param name="Cluster">Its cluster.</param>
/// <param name="RepresentativeRank">Its place among the photos to label first (0 first); null when it is not one of them.</param>
public sealed record ClusterMember(long PhotoId, int Cluster, int? RepresentativeRank);

/// <summary>A clustering of the album as stored in the <c>clusterings</c> and <c>cluster_members</c> tables.</summary>
/// <param name="Id">Its id (later clusterings have larger ids).</param>
/// <param name="Features">The feature spec it used, such as <c>hog+pca+color</c>.</param>
/// <param name="K">The number of clusters chosen.</param>
/// <param name="Seed">The seed it ran with.</param>
/// <param name="CreatedAt">When it was stored (UTC).</param>
/// <param name="SweepJson">The score table of the k sweep, as JSON (a list of <c>KScore</c>).</param>
/// <param name="Members">Every clustered photo, by photo id.</param>
public sealed record StoredClustering(long Id, string Features, int K, int Seed, DateTime CreatedAt, string SweepJson, IReadOnlyList<ClusterMember> Members)
{
    /// <summary>The photo ids of the representatives, by <see cref="ClusterMember.RepresentativeRank"/> (the labeling order).</summary>
    public IReadOnlyList<long> RepresentativePhotoIds =>
        [.. Members.Where(m => m.RepresentativeRank is not null).OrderBy(m => m.RepresentativeRank).Select(m => m.PhotoId)];
}
