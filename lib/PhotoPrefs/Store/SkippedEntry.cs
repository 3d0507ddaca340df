namespace PhotoPrefs.Store;

/// <summary>A file or folder the scan will not read, with the reason.</summary>
/// <param name="RelativePath">Path relative to the album root, with '/' separators.</param>
/// <param name="Reason">Why it was skipped.</param>
public sealed record SkippedEntry(string RelativePath, string Reason);
