namespace PhotoPrefs.Features;

/// <summary>Brightness statistics of a photo.</summary>
/// <param name="P5">5th percentile of luma, in [0, 1].</param>
/// <param name="P50">Median luma.</param>
/// <param name="P95">95th percentile of luma.</param>
/// <param name="Mean">Mean luma.</param>
/// <param name="ClippedDark">Fraction of pixels with luma at most 2/255.</param>
/// <param name="ClippedBright">Fraction of pixels with luma at least 253/255.</param>
public readonly record struct Exposure(float P5, float P50, float P95, float Mean, float ClippedDark, float ClippedBright);
