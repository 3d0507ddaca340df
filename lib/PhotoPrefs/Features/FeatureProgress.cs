namespace PhotoPrefs.Features;

/// <summary>Progress of feature extraction.</summary>
/// <param name="Done">Photos handled.</param>
/// <param name="Total">Photos to handle.</param>
public readonly record struct FeatureProgress(int Done, int Total);
