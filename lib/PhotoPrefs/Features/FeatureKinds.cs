namespace PhotoPrefs.Features;

/// <summary>The feature kinds PhotoPrefs computes and caches per photo.</summary>
public static class FeatureKinds
{
    /// <summary>HOG of the 128 x 128 grayscale centre crop: 9 orientations, 16 x 16 cells, 2 x 2 blocks, L2-Hys (1764 values).</summary>
    public const string Hog = "hog";

    /// <summary>The 32 x 32 grayscale centre crop (1024 values in [0, 1]): the input of the eigen-photos.</summary>
    public const string Pixels = "pixels";

    /// <summary>Coordinates on the album's eigen-photos: PCA of <see cref="Pixels"/> keeping 95% of the variance (at most 64).</summary>
    public const string Pca = "pca";

    /// <summary>Joint RGB histogram, 4 bins per channel (64 values summing to 1).</summary>
    public const string Color = "color";

    /// <summary>pHash and dHash, two 64-bit values stored as four floats' worth of bytes.</summary>
    public const string Hash = "hash";

    /// <summary>Sharpness and exposure: log(1 + Laplacian variance), P5, P50, P95, mean, clipped dark, clipped bright, blur ratio, peak sharpness, edge width (the sharpness measures on the centre of the <c>detail</c> image, at its own pixels).</summary>
    public const string Quality = "quality";

    /// <summary>Every kind, in computing order (<see cref="Pca"/> last: it needs <see cref="Pixels"/> of the whole album).</summary>
    public static IReadOnlyList<string> All { get; } = [Hog, Pixels, Color, Hash, Quality, Pca];

    /// <summary>Version of each kind's definition; a change recomputes the cached values.</summary>
    public const int Version = 6;
}
