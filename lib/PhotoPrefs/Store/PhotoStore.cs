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
        using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT id, path FROM photos WHERE status = 'ok'";
        using var r = cmd.ExecuteReader();
        var map = new Dictionary<long, string>();
        while (r.Read())
        {
            map[r.GetInt64(0)] = r.GetString(1).Replace('\\', '/');
        }

        return map;
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
        using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT id FROM photos WHERE status = 'ok' ORDER BY id";
        using var r = cmd.ExecuteReader();
        var ids = new List<long>();
        while (r.Read())
        {
            ids.Add(r.GetInt64(0));
        }

        return [.. ids];
    }

    /// <summary>Every imported photo's time and the size of its thumbnail of one kind, in no particular order.</summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="thumbnailKind">A <see cref="ThumbnailKinds"/> name.</param>
    /// <returns>One entry per imported photo; times parsed as stored (ISO 8601, round-trip kind).</returns>
    public static IReadOnlyList<PhotoTimeAndSize> TimesAndSizes(Workspace workspace, string thumbnailKind)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        using var db = workspace.Connect();
        using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT p.id, p.taken_at, p.modified_at, t.width, t.height FROM photos p LEFT JOIN thumbnails t ON t.photo_id = p.id AND t.kind = $k WHERE p.status = 'ok'";
        cmd.Parameters.AddWithValue("$k", thumbnailKind);
        using var r = cmd.ExecuteReader();
        var rows = new List<PhotoTimeAndSize>();
        while (r.Read())
        {
            var text = r.IsDBNull(1) ? r.GetString(2) : r.GetString(1);
            rows.Add(new PhotoTimeAndSize(
                r.GetInt64(0),
                DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
                r.IsDBNull(3) ? null : r.GetInt32(3),
                r.IsDBNull(4) ? null : r.GetInt32(4)));
        }

        return rows;
    }
}
