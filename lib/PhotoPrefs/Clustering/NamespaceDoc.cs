namespace PhotoPrefs.Clustering;

/// <summary>
/// Stage 3 of the pipeline: group the photos and pick the few worth labeling first. K-means with
/// seeded k-means++ initialisation (Arthur and Vassilvitskii 2007) and Lloyd iterations that agree with
/// scikit-learn; cluster scores (silhouette, Davies-Bouldin, Calinski-Harabasz) that agree with
/// scikit-learn's metrics; a k sweep with a documented choice rule; and representatives (medoids and
/// their nearest members) spread over the clusters. In: row-major float feature matrices. Out: labels,
/// centres, score tables, representative indices.
/// </summary>
internal static class NamespaceDoc
{
}
