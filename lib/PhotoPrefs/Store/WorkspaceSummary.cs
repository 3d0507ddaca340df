using System.Globalization;

namespace PhotoPrefs.Store;

/// <summary>An overview of a workspace, as <c>photoprefs info</c> prints it.</summary>
/// <param name="WorkspaceFolder">The workspace folder.</param>
/// <param name="SchemaVersion">The database's schema version.</param>
/// <param name="Photos">Photos imported and usable.</param>
/// <param name="Skipped">Files not imported, each with its reason.</param>
/// <param name="Missing">Photos whose file is no longer in the album.</param>
/// <param name="Formats">Imported photos per format.</param>
/// <param name="FirstTaken">Earliest capture time, or null.</param>
/// <param name="LastTaken">Latest capture time, or null.</param>
/// <param name="CompressedBytes">Total size of the byte-target JPEGs.</param>
/// <param name="Labels">Labels per user: keep and delete counts.</param>
public sealed record WorkspaceSummary(
    string WorkspaceFolder,
    int SchemaVersion,
    int Photos,
    IReadOnlyList<SkippedEntry> Skipped,
    int Missing,
    IReadOnlyDictionary<string, int> Formats,
    DateTime? FirstTaken,
    DateTime? LastTaken,
    long CompressedBytes,
    IReadOnlyDictionary<string, LabelCounts> Labels)
{
    /// <summary>
    /// A short digest of the album as imported: every usable photo's path, content hash and capture time, in path
    /// order. A photo without an EXIF time is dated by its file (see <c>taken_at_source</c>), so a copy of an album
    /// that did not keep the files' dates has another fingerprint: two studies with the same one ran on the same
    /// photos on the same timeline.
    /// </summary>
    /// <param name="workspace">The workspace.</param>
    /// <returns>16 hexadecimal digits (the start of a SHA-256).</returns>
    public static string AlbumFingerprint(Workspace workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        using var db = workspace.Connect();
        var lines = Workspace.Query(db, "SELECT path, content_hash, taken_at FROM photos WHERE status = 'ok' ORDER BY path",
            r => string.Join('\t', r.GetString(0), r.IsDBNull(1) ? "" : r.GetString(1), r.IsDBNull(2) ? "" : r.GetString(2)) + "\n");
        using var sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (var line in lines)
        {
            sha.AppendData(System.Text.Encoding.UTF8.GetBytes(line));
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset())[..16];
    }

    /// <summary>Reads the overview from an open workspace.</summary>
    /// <param name="workspace">The workspace.</param>
    /// <returns>The summary.</returns>
    public static WorkspaceSummary Read(Workspace workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        using var db = workspace.Connect();
        int Count(string sql) => Convert.ToInt32(Workspace.Scalar(db, sql), CultureInfo.InvariantCulture);
        var skipped = Workspace.Query(db, "SELECT path, skip_reason FROM photos WHERE status = 'skipped' ORDER BY path",
            r => new SkippedEntry(r.GetString(0), r.IsDBNull(1) ? "skipped" : r.GetString(1)));
        var formats = new SortedDictionary<string, int>(StringComparer.Ordinal);
        // An unknown format reads as "?", which could also be a stored one: the later row wins.
        foreach (var (format, count) in Workspace.Query(db, "SELECT format, COUNT(*) FROM photos WHERE status = 'ok' GROUP BY format ORDER BY format",
            r => (r.IsDBNull(0) ? "?" : r.GetString(0), r.GetInt32(1))))
        {
            formats[format] = count;
        }

        var labels = new SortedDictionary<string, LabelCounts>(StringComparer.Ordinal);
        foreach (var (name, counts) in Workspace.Query(db, """
            SELECT u.name, SUM(l.label = 'keep'), SUM(l.label = 'delete')
            FROM users u LEFT JOIN labels l ON l.user_id = u.id GROUP BY u.name ORDER BY u.name
            """, r => (r.GetString(0), new LabelCounts(r.IsDBNull(1) ? 0 : r.GetInt32(1), r.IsDBNull(2) ? 0 : r.GetInt32(2)))))
        {
            labels[name] = counts;
        }

        static DateTime? Parse(object? o) => o is string s ? DateTime.Parse(s, CultureInfo.InvariantCulture) : null;
        return new WorkspaceSummary(
            workspace.Directory,
            Convert.ToInt32(Workspace.Scalar(db, "PRAGMA user_version"), CultureInfo.InvariantCulture),
            Count("SELECT COUNT(*) FROM photos WHERE status = 'ok'"),
            skipped,
            Count("SELECT COUNT(*) FROM photos WHERE status = 'missing'"),
            formats,
            Parse(Workspace.Scalar(db, "SELECT MIN(taken_at) FROM photos WHERE status = 'ok'")),
            Parse(Workspace.Scalar(db, "SELECT MAX(taken_at) FROM photos WHERE status = 'ok'")),
            Convert.ToInt64(Workspace.Scalar(db, "SELECT COALESCE(SUM(LENGTH(data)), 0) FROM thumbnails WHERE kind = 'compressed'"), CultureInfo.InvariantCulture),
            labels);
    }
}

/// <summary>How many photos one user marked keep and delete.</summary>
/// <param name="Keep">Photos marked keep.</param>
/// <param name="Delete">Photos marked delete.</param>
public readonly record struct LabelCounts(int Keep, int Delete);
