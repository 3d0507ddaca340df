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

    /// <summary>Parameters of a run by <c>photoprefs notebook run</c> (empty in Polyglot or Jupyter).</summary>
    public static IReadOnlyDictionary<string, string> Parameters { get; internal set; } = new Dictionary<string, string>();

    private static bool _runnerHeadless;

    /// <summary>
    /// True when no person is there to click: while <c>photoprefs notebook run</c> executes the notebook, or when the
    /// environment variable <c>PHOTOPREFS_HEADLESS</c> is <c>1</c> (for <c>jupyter nbconvert --execute</c>).
    /// </summary>
    public static bool Headless
    {
        get => _runnerHeadless || Environment.GetEnvironmentVariable("PHOTOPREFS_HEADLESS") == "1";
        internal set => _runnerHeadless = value;
    }

    /// <summary>
    /// A run parameter: <c>--param name=value</c> of <c>photoprefs notebook run</c>, else the environment variable
    /// <c>PHOTOPREFS_PARAM_NAME</c> (the name in capitals; for Jupyter), else <paramref name="fallback"/>.
    /// </summary>
    /// <param name="name">Name.</param>
    /// <param name="fallback">Value when not given.</param>
    /// <returns>The value.</returns>
    public static string Parameter(string name, string fallback)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (Parameters.TryGetValue(name, out var v))
        {
            return v;
        }

        return Environment.GetEnvironmentVariable("PHOTOPREFS_PARAM_" + name.ToUpperInvariant()) is { Length: > 0 } env ? env : fallback;
    }

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
