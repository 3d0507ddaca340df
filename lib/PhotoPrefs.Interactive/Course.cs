using PhotoPrefs.Albums;

namespace PhotoPrefs.Interactive;

/// <summary>Where the course notebooks find the sample album and keep their shared workspace.</summary>
public static class Course
{
    /// <summary>The repository's <c>data-sample</c> folder, found from the current directory upwards.</summary>
    /// <exception cref="PhotoPrefsException">Not inside the repository.</exception>
    public static string DataSample =>
        PhotoPrefs.Sample.DataSampleFolder.Find(Environment.CurrentDirectory)
        ?? throw new PhotoPrefsException("data-sample not found above " + Environment.CurrentDirectory + ": open the notebooks from the PhotoPrefs repository");

    /// <summary>Parameters of a headless run (set by the notebook runner; empty in Polyglot or Jupyter).</summary>
    public static IReadOnlyDictionary<string, string> Parameters { get; internal set; } = new Dictionary<string, string>();

    /// <summary>True while the project's own runner executes the notebook (no person to click).</summary>
    public static bool Headless { get; internal set; }

    /// <summary>A run parameter (<c>photoprefs notebook run … --param name=value</c>), or <paramref name="fallback"/>.</summary>
    /// <param name="name">Name.</param>
    /// <param name="fallback">Value when not given.</param>
    /// <returns>The value.</returns>
    public static string Parameter(string name, string fallback) => Parameters.TryGetValue(name, out var v) ? v : fallback;

    /// <summary>The sample album.</summary>
    public static string SampleAlbum => Path.Combine(DataSample, "album");

    /// <summary>The workspace the notebooks share (<c>notebooks/.workspace</c>, ignored by git), or PHOTOPREFS_COURSE_WORKSPACE.</summary>
    public static string WorkspaceFolder => Environment.GetEnvironmentVariable("PHOTOPREFS_COURSE_WORKSPACE") is { Length: > 0 } env
        ? env
        : Path.Combine(Path.GetDirectoryName(DataSample)!, "notebooks", ".workspace");

    /// <summary>Opens the shared workspace and brings it up to date with the sample album (fast when nothing changed).</summary>
    /// <returns>The workspace.</returns>
    public static Workspace OpenSampleWorkspace()
    {
        var ws = Workspace.Open(WorkspaceFolder);
        AlbumImporter.Import(SampleAlbum, ws);
        return ws;
    }
}
