namespace PhotoPrefs.Embeddings;

/// <summary>
/// Stage 2 of the pipeline, what a photo shows: a pretrained image embedding per photo (ResNet18 trained on
/// ImageNet, its 512-d pooled output, L2-normalised), computed from the stored thumbnail with EXIF orientation
/// applied and cached in the workspace. In: an imported workspace. Out: the vectors <see cref="EmbeddingExtraction"/>
/// caches (read back through <see cref="Store.FeatureStore"/>), and <see cref="SimilarPhotos"/>, which ranks the album by cosine similarity to a photo or any image file.
/// </summary>
internal static class NamespaceDoc
{
}
