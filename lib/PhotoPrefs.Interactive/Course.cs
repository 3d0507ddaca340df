using System.Globalization;
using PhotoPrefs.Albums;
using PhotoPrefs.Pipeline;
using PhotoPrefs.Store;

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

    /// <summary>
    /// The sample album in the shared workspace, brought up to <paramref name="stage"/> with only what is missing: the
    /// photos imported, every classic feature computed, the album clustered (photos to label picked from the chosen
    /// clusters), <paramref name="user"/>'s simulated labels on those picks (from <c>data-sample/labels</c>), and a
    /// model trained with the default settings. What an earlier notebook did is kept, so each notebook can start here.
    /// </summary>
    /// <param name="stage">How far to bring it.</param>
    /// <param name="user">The simulated user (J, F or C) for <see cref="Stage.Labeled"/> and later.</param>
    /// <returns>The album.</returns>
    public static Album SampleAt(Stage stage, string user = "J")
    {
        var album = Album.Open(WorkspaceFolder);
        album.Import(SampleAlbum);
        if (stage >= Stage.Features)
        {
            album.ComputeFeatures(new FeatureOptions(Embeddings: false));
        }

        if (stage >= Stage.Clustered && album.Representatives().Count == 0)
        {
            album.Cluster(new ClusterOptions(PickFeatures: null));
        }

        if (stage >= Stage.Labeled && album.Labels(user).Count == 0)
        {
            album.ImportLabels(user, Path.Combine(DataSample, "labels", user + ".csv"), album.Representatives().Count, "simulated");
        }

        if (stage >= Stage.Trained && album.Model(user) is null)
        {
            album.Train(user);
        }

        return album;
    }

    /// <summary>
    /// Checks a result computed from scratch in a notebook against the library's: every pair must satisfy
    /// <c>|mine - library| &lt;= tolerance * max(1, |library|)</c>. A disagreement stops the notebook with an error
    /// (and so fails the notebook test); agreement returns a line that says how close the two are.
    /// </summary>
    /// <param name="what">What was computed, for the message.</param>
    /// <param name="mine">The from-scratch values.</param>
    /// <param name="library">The library's values, in the same order.</param>
    /// <param name="tolerance">Relative tolerance (absolute below 1).</param>
    /// <returns>For example "HOG cell (2, 3): 9 values agree with the library, largest difference 1.2e-16".</returns>
    /// <exception cref="InvalidOperationException">The lengths differ, a value is NaN, or a pair differs by more than the tolerance.</exception>
    public static string Agree(string what, IEnumerable<double> mine, IEnumerable<double> library, double tolerance = 1e-5)
    {
        ArgumentNullException.ThrowIfNull(mine);
        ArgumentNullException.ThrowIfNull(library);
        var a = mine.ToArray();
        var b = library.ToArray();
        if (a.Length != b.Length)
        {
            throw new InvalidOperationException($"{what}: {a.Length} values computed, the library has {b.Length}");
        }

        double worst = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double diff = Math.Abs(a[i] - b[i]);
            if (double.IsNaN(diff) || diff > tolerance * Math.Max(1, Math.Abs(b[i])))
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"{what} disagrees with the library at [{i}]: {a[i]:R} against {b[i]:R} (tolerance {tolerance:G3})"));
            }

            worst = Math.Max(worst, diff);
        }

        return string.Create(CultureInfo.InvariantCulture, $"{what}: {a.Length} value{(a.Length == 1 ? "" : "s")} agree{(a.Length == 1 ? "s" : "")} with the library, largest difference {worst:G2} (tolerance {tolerance:G3})");
    }

    /// <summary>One value: see <see cref="Agree(string, IEnumerable{double}, IEnumerable{double}, double)"/>.</summary>
    /// <param name="what">What was computed.</param>
    /// <param name="mine">The from-scratch value.</param>
    /// <param name="library">The library's value.</param>
    /// <param name="tolerance">Relative tolerance (absolute below 1).</param>
    /// <returns>The agreement line.</returns>
    public static string Agree(string what, double mine, double library, double tolerance = 1e-5) => Agree(what, [mine], [library], tolerance);
}
