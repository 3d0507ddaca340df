using System.Globalization;
using Microsoft.Data.Sqlite;

namespace PhotoPrefs.Store;

/// <summary>
/// The <c>photos</c> table: one row per album file the import has seen, with its status (<c>ok</c>, <c>skipped</c>,
/// <c>missing</c>), size, format, orientation and capture time. Reads here see only <c>ok</c> photos unless they say otherwise.
/// </summary>
public static class PhotoStore
{
    /// <summary>The album-relative path ('/' separated) of every imported photo, by id.</summary>
    /// <param name="workspace">The workspace.</param>
    /// <returns>Path by photo id; empty for an empty workspace.</returns>
    public static Dictionary<long, string> Paths(Workspace workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        using var db = workspace.Connect();
        return Paths(db);
    }

    /// <summary>The album-relative path of every imported photo, by id, on an open connection.</summary>
    /// <param name="db">An open workspace connection.</param>
    /// <returns>Path by photo id.</returns>
    public static Dictionary<long, string> Paths(SqliteConnection db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return Workspace.Query(db, "SELECT id, path FROM photos WHERE status = 'ok'", r => (Id: r.GetInt64(0), Path: r.GetString(1).Replace('\\', '/')))
            .ToDictionary(row => row.Id, row => row.Path);
    }

    /// <summary>The album-relative path ('/' separated) of one imported photo.</summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="photoId">The photo.</param>
    /// <returns>The path, or null when there is no such photo or it is not imported (skipped, missing).</returns>
    public static string? ImportedPath(Workspace workspace, long photoId)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        using var db = workspace.Connect();
        return (Workspace.Scalar(db, "SELECT path FROM photos WHERE id = $id AND status = 'ok'", ("$id", photoId)) as string)?.Replace('\\', '/');
    }

    /// <summary>Photo ids by their album-relative path ('/' separated), imported photos only.</summary>
    /// <param name="workspace">The workspace.</param>
    /// <returns>Id by path (ordinal comparison).</returns>
    public static IReadOnlyDictionary<string, long> IdsByPath(Workspace workspace) =>
        Paths(workspace).ToDictionary(kv => kv.Value, kv => kv.Key, StringComparer.Ordinal);

    /// <summary>The ids of every imported photo, ascending.</summary>
    /// <param name="workspace">The workspace.</param>
    /// <returns>The ids.</returns>
    public static long[] Ids(Workspace workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        using var db = workspace.Connect();
        return [.. Workspace.Query(db, "SELECT id FROM photos WHERE status = 'ok' ORDER BY id", r => r.GetInt64(0))];
    }

    /// <summary>How many photos are imported (status <c>ok</c>).</summary>
    /// <param name="db">An open workspace connection.</param>
    /// <returns>The count.</returns>
    public static long Count(SqliteConnection db) =>
        (long)Workspace.Scalar(db, "SELECT COUNT(*) FROM photos WHERE status = 'ok'")!;

    /// <summary>Every imported photo's path, size, orientation, content hash and capture time, in table order.</summary>
    /// <param name="workspace">The workspace.</param>
    /// <returns>One record per imported photo; paths '/' separated.</returns>
    public static PhotoDetails[] Details(Workspace workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        using var db = workspace.Connect();
        return [.. Workspace.Query(db, "SELECT id, path, width, height, orientation, content_hash, taken_at_source, taken_at FROM photos WHERE status = 'ok'",
            r => new PhotoDetails(
                r.GetInt64(0),
                r.GetString(1).Replace('\\', '/'),
                r.IsDBNull(2) ? null : r.GetInt32(2),
                r.IsDBNull(3) ? null : r.GetInt32(3),
                r.IsDBNull(4) ? null : r.GetInt32(4),
                r.IsDBNull(5) ? null : r.GetString(5),
                r.IsDBNull(6) ? null : r.GetString(6),
                r.IsDBNull(7) ? null : r.GetString(7)))];
    }

    /// <summary>
    /// One line per photo of every status, ordered by id: id, path, content hash, size, orientation, capture time
    /// and its source, status and file time, joined by '|' (null as empty). A digest of them changes whenever an
    /// import changes anything a stage reads about the photos.
    /// </summary>
    /// <param name="workspace">The workspace.</param>
    /// <returns>The lines.</returns>
    public static string[] Fingerprints(Workspace workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        using var db = workspace.Connect();
        var row = new object[10];
        return [.. Workspace.Query(db, "SELECT id, path, content_hash, width, height, orientation, taken_at, taken_at_source, status, modified_at FROM photos ORDER BY id",
            r =>
            {
                r.GetValues(row);
                return string.Join('|', row.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)));
            })];
    }

    /// <summary>A photo's path, capture time and size as stored, with one of its thumbnails.</summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="photoId">The photo.</param>
    /// <param name="kind">A <see cref="ThumbnailKinds"/> name.</param>
    /// <returns>The record, or null when there is no such photo or it has no thumbnail of that kind.</returns>
    public static PhotoThumbnail? WithThumbnail(Workspace workspace, long photoId, string kind)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        using var db = workspace.Connect();
        return Workspace.Query(db, "SELECT p.path, p.taken_at, p.width, p.height, t.data FROM photos p JOIN thumbnails t ON t.photo_id = p.id AND t.kind = $k WHERE p.id = $id",
            r => new PhotoThumbnail(photoId, r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), r.GetInt32(2), r.GetInt32(3), (byte[])r.GetValue(4)),
            ("$id", photoId), ("$k", kind)).FirstOrDefault();
    }

    /// <summary>Every imported photo's time and the size of its thumbnail of one kind, in no particular order.</summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="thumbnailKind">A <see cref="ThumbnailKinds"/> name.</param>
    /// <returns>One entry per imported photo; times parsed as stored (ISO 8601, round-trip kind).</returns>
    public static IReadOnlyList<PhotoTimeAndSize> TimesAndSizes(Workspace workspace, string thumbnailKind)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        using var db = workspace.Connect();
        return Workspace.Query(db, "SELECT p.id, p.taken_at, p.modified_at, t.width, t.height, p.taken_at_source FROM photos p LEFT JOIN thumbnails t ON t.photo_id = p.id AND t.kind = $k WHERE p.status = 'ok'",
            r => new PhotoTimeAndSize(
                r.GetInt64(0),
                DateTime.Parse(r.IsDBNull(1) ? r.GetString(2) : r.GetString(1), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
                r.IsDBNull(3) ? null : r.GetInt32(3),
                r.IsDBNull(4) ? null : r.GetInt32(4),
                r.IsDBNull(1) || r.IsDBNull(5) || r.GetString(5) == "file"),
            ("$k", thumbnailKind));
    }
}
