using PhotoPrefs.Store;

namespace PhotoPrefs.Albums;

/// <summary>A file found in the album: its album-relative path ('/' separated) and where to read it.</summary>
/// <param name="RelativePath">Path relative to the album root, with '/' separators.</param>
/// <param name="FullPath">The file to read (a symlink's resolved target when the entry is a link).</param>
public sealed record AlbumEntry(string RelativePath, string FullPath);

/// <summary>
/// Walks an album folder read-only and lists the image files in it, sorted. Symlinks are never
/// followed: one that leads outside the album, a broken one and a loop are reported as skipped with
/// that reason, and one that points inside the album is skipped because its target is scanned anyway.
/// Folders that cannot be read are reported too.
/// </summary>
public static class AlbumScanner
{
    /// <summary>File extensions treated as photos (lower case, with the dot).</summary>
    public static readonly IReadOnlySet<string> ImageExtensions = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        ".jpg", ".jpeg", ".jpe", ".png", ".heic", ".heif", ".webp", ".bmp", ".tif", ".tiff", ".gif",
    };

    /// <summary>Lists the album's image files and the entries it skipped.</summary>
    /// <param name="albumRoot">The album folder.</param>
    /// <param name="exclude">A folder never to descend into (the workspace, when it lies inside the album).</param>
    /// <returns>Image files in ordinal path order, and skipped entries.</returns>
    /// <exception cref="PhotoPrefsException">The album folder does not exist.</exception>
    public static (IReadOnlyList<AlbumEntry> Files, IReadOnlyList<SkippedEntry> Skipped) Scan(string albumRoot, string? exclude = null)
    {
        var root = Path.GetFullPath(albumRoot);
        if (!Directory.Exists(root))
        {
            throw new PhotoPrefsException(File.Exists(root) ? $"album is a file, not a folder: {root}" : $"album folder not found: {root}");
        }

        var realRoot = RealPath(root);
        var files = new List<AlbumEntry>();
        var skipped = new List<SkippedEntry>();
        var excludeFull = exclude is null ? null : Path.GetFullPath(exclude);
        Walk(root, "", realRoot, excludeFull, files, skipped);
        files.Sort((a, b) => string.CompareOrdinal(a.RelativePath, b.RelativePath));
        skipped.Sort((a, b) => string.CompareOrdinal(a.RelativePath, b.RelativePath));
        return (files, skipped);
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="folder"/> or inside it.</summary>
    /// <param name="path">An absolute path.</param>
    /// <param name="folder">An absolute folder path.</param>
    /// <returns>Whether the path lies inside the folder.</returns>
    public static bool IsInside(string path, string folder)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(folder);
        var f = Path.TrimEndingDirectorySeparator(folder);
        var p = Path.TrimEndingDirectorySeparator(path);
        return p.Equals(f, StringComparison.Ordinal) || p.StartsWith(f + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }

    /// <summary>The path with every symlink along it resolved (the path itself when it cannot be resolved).</summary>
    /// <param name="path">An absolute path.</param>
    /// <returns>The real path.</returns>
    public static string RealPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        var parent = Path.GetDirectoryName(full);
        var resolvedParent = parent is null ? null : RealPath(parent);
        var candidate = resolvedParent is null ? full : Path.Combine(resolvedParent, Path.GetFileName(full));
        var info = new FileInfo(candidate);
        if (info.LinkTarget is null)
        {
            return candidate;
        }

        var target = info.ResolveLinkTarget(returnFinalTarget: true);
        return target is null ? candidate : RealPath(target.FullName);
    }

    private static void Walk(string dir, string rel, string realRoot, string? exclude, List<AlbumEntry> files, List<SkippedEntry> skipped)
    {
        IEnumerable<FileSystemInfo> entries;
        try
        {
            entries = new DirectoryInfo(dir).EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            skipped.Add(new SkippedEntry(rel.Length == 0 ? "." : rel, "folder not readable: " + e.Message));
            return;
        }

        foreach (var entry in entries)
        {
            var relPath = rel.Length == 0 ? entry.Name : rel + "/" + entry.Name;
            if (exclude is not null && IsInside(entry.FullName, exclude))
            {
                continue;
            }

            if (entry.LinkTarget is not null)
            {
                HandleLink(entry, relPath, realRoot, skipped);
                continue;
            }

            if (entry is DirectoryInfo sub)
            {
                Walk(sub.FullName, relPath, realRoot, exclude, files, skipped);
            }
            else if (ImageExtensions.Contains(Path.GetExtension(entry.Name)))
            {
                files.Add(new AlbumEntry(relPath, entry.FullName));
            }
        }
    }

    private static void HandleLink(FileSystemInfo entry, string relPath, string realRoot, List<SkippedEntry> skipped)
    {
        FileSystemInfo? target;
        try
        {
            target = entry.ResolveLinkTarget(returnFinalTarget: true);
        }
        catch (IOException)
        {
            skipped.Add(new SkippedEntry(relPath, "symlink loop: the link never reaches a file"));
            return;
        }

        if (target is null || !target.Exists)
        {
            skipped.Add(new SkippedEntry(relPath, "broken symlink: its target does not exist"));
            return;
        }

        var real = RealPath(target.FullName);
        var linkDir = RealPath(Path.GetDirectoryName(entry.FullName)!);
        string reason = !IsInside(real, realRoot) ? "symlink leads outside the album; not followed"
            : target is DirectoryInfo && IsInside(linkDir, real) ? "symlink loop: it points back to a folder that contains it"
            : "symlink to something already in the album; imported once, under its real path";
        skipped.Add(new SkippedEntry(relPath, reason));
    }
}
