namespace PhotoPrefs.Pipeline;

/// <summary>How far the pipeline has brought an album, in order: each stage needs the ones before it.</summary>
public enum Stage
{
    /// <summary>The photos are in the workspace, with their thumbnails.</summary>
    Imported,

    /// <summary>Every classic feature kind is computed (HOG, pixels, colour, hashes, quality, PCA).</summary>
    Features,

    /// <summary>The album is clustered and the photos to label first are picked.</summary>
    Clustered,

    /// <summary>The user has labels.</summary>
    Labeled,

    /// <summary>The user has a trained model with p(delete) for every photo.</summary>
    Trained,
}
