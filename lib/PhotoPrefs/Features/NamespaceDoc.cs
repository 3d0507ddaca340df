namespace PhotoPrefs.Features;

/// <summary>
/// Stage 2 of the pipeline: photos become vectors. HOG (Dalal and Triggs 2005, computed the way
/// scikit-image's <c>hog()</c> does), PCA "eigen-photos" (matching scikit-learn's full-SVD PCA), colour
/// histograms, perceptual hashes (pHash, dHash) and blur/exposure measures. In: grayscale or RGB pixel
/// buffers from <see cref="Imaging.PixelBuffer"/>. Out: float vectors, computed for the album by
/// <see cref="FeatureExtraction"/> and cached per photo through <see cref="Store.FeatureStore"/>.
/// </summary>
internal static class NamespaceDoc
{
}
