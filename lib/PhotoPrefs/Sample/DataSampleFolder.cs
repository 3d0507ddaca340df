namespace PhotoPrefs.Sample;

/// <summary>Finds the repository's <c>data-sample</c> folder (the public sample album with its labels).</summary>
public static class DataSampleFolder
{
    /// <summary>The folder's name at the top of the repository.</summary>
    public const string Name = "data-sample";

    /// <summary>The first <c>data-sample</c> folder holding an <c>album</c> folder, looking in each start folder and then its parents.</summary>
    /// <param name="starts">Folders to start from, in order (for example the current directory, then the program's folder).</param>
    /// <returns>The full path, or null when there is none.</returns>
    public static string? Find(params ReadOnlySpan<string> starts)
    {
        foreach (var start in starts)
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, Name);
                if (Directory.Exists(Path.Combine(candidate, "album")))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
