using PhotoPrefs.Embeddings;

namespace PhotoPrefs.Duplicates;

/// <summary>Thresholds of <see cref="DuplicateFinder.Find"/>.</summary>
/// <param name="CopyCosine">Centred cosine (<see cref="EmbeddingSpace.Centre"/>) from which two photos may be copies of one picture.</param>
/// <param name="SimilarCosine">Centred cosine from which two photos are similar shots; at most <paramref name="CopyCosine"/>.</param>
/// <param name="CopyHamming">Largest pHash Hamming distance between two copies, where <see cref="PictureMatch"/> has too little detail to decide.</param>
/// <param name="CopyAgreement">Smallest <see cref="PictureAgreement.Agreement"/> of two copies.</param>
/// <param name="CopyMatched">Smallest <see cref="PictureAgreement.Matched"/> of two copies.</param>
public sealed record DuplicateOptions(
    float CopyCosine = DuplicateOptions.DefaultCopyCosine,
    float SimilarCosine = DuplicateOptions.DefaultSimilarCosine,
    int CopyHamming = DuplicateOptions.DefaultCopyHamming,
    double CopyAgreement = DuplicateOptions.DefaultCopyAgreement,
    double CopyMatched = DuplicateOptions.DefaultCopyMatched)
{
    /// <summary>Default <see cref="CopyCosine"/>. How it was chosen: notebooks/results/README.md#duplicate-thresholds.</summary>
    public const float DefaultCopyCosine = 0.75f;

    /// <summary>Default <see cref="SimilarCosine"/>.</summary>
    public const float DefaultSimilarCosine = 0.60f;

    /// <summary>
    /// Default <see cref="CopyHamming"/>, of 64 bits. Copies keep the layout that pHash encodes; photos that are
    /// mostly noise or darkness (pocket shots) have near-random hashes, so two of them, alike to the network, are
    /// not taken for copies.
    /// </summary>
    public const int DefaultCopyHamming = 20;

    /// <summary>
    /// Default <see cref="CopyAgreement"/>: the share of tiles that must match in place for two photos to be one
    /// picture (<see cref="PictureMatch"/>). How it was chosen: notebooks/results/README.md#duplicate-thresholds.
    /// </summary>
    public const double DefaultCopyAgreement = 0.85;

    /// <summary>
    /// Default <see cref="CopyMatched"/>: the share of the tiles with detail that must match the other photo
    /// somewhere near. An edit changes a band or a corner (a caption over a seventh of the height touches up to a
    /// quarter of the tiles), while two screenshots of one app, or two pages of one form, differ wherever their text does.
    /// </summary>
    public const double DefaultCopyMatched = 0.7;
}
