namespace PhotoPrefs.Imaging;

/// <summary>
/// Stage 1 of the pipeline, the pixels: decoding album files (JPEG, PNG, HEIC, WebP, BMP,
/// TIFF, GIF) with Magick.NET under resource limits, EXIF orientation and time, fast reduced-scale
/// thumbnails, byte-target JPEG compression, and float32 pixel buffers for the later stages.
/// In: file bytes. Out: <see cref="DecodedPhoto"/>, <see cref="CompressionResult"/>, CHW float arrays.
/// </summary>
internal static class NamespaceDoc
{
}
