using Microsoft.Data.Sqlite;

namespace PhotoPrefs.Store;

/// <summary>
/// The <c>thumbnails</c> table: the JPEGs the import makes of each photo, one per kind (<see cref="ThumbnailKinds"/>).
/// The album file itself is never read again after import for anything a thumbnail serves.
/// </summary>
public static class ThumbnailStore
{
    /// <summary>One stored thumbnail's JPEG bytes.</summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="photoId">The photo.</param>
    /// <param name="kind">A <see cref="ThumbnailKinds"/> name.</param>
    /// <returns>The JPEG, or null when the photo has no thumbnail of that kind.</returns>
    public static byte[]? Get(Workspace workspace, long photoId, string kind)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        using var db = workspace.Connect();
        return Get(db, photoId, kind);
    }

    /// <summary>One stored thumbnail's JPEG bytes, on an open connection.</summary>
    /// <param name="db">An open workspace connection.</param>
    /// <param name="photoId">The photo.</param>
    /// <param name="kind">A <see cref="ThumbnailKinds"/> name.</param>
    /// <returns>The JPEG, or null when the photo has no thumbnail of that kind.</returns>
    public static byte[]? Get(SqliteConnection db, long photoId, string kind) =>
        Workspace.Scalar(db, "SELECT data FROM thumbnails WHERE photo_id = $id AND kind = $k", ("$id", photoId), ("$k", kind)) as byte[];

    /// <summary>The thumbnail of one kind of the given photos, read in one pass over that kind.</summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="kind">A <see cref="ThumbnailKinds"/> name.</param>
    /// <param name="photoIds">The photos wanted.</param>
    /// <returns>JPEG by photo id; photos without a thumbnail of that kind are absent.</returns>
    public static Dictionary<long, byte[]> OfKind(Workspace workspace, string kind, IReadOnlySet<long> photoIds)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(photoIds);
        var result = new Dictionary<long, byte[]>();
        using var db = workspace.Connect();
        using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT photo_id, data FROM thumbnails WHERE kind = $k";
        cmd.Parameters.AddWithValue("$k", kind);
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            if (photoIds.Contains(r.GetInt64(0)))
            {
                result[r.GetInt64(0)] = (byte[])r.GetValue(1);
            }
        }

        return result;
    }

    /// <summary>The thumbnail of one kind of an imported photo (status <c>ok</c>).</summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="photoId">The photo.</param>
    /// <param name="kind">A <see cref="ThumbnailKinds"/> name.</param>
    /// <returns>The JPEG, or null when the photo is not imported or has no thumbnail of that kind.</returns>
    public static byte[]? GetImported(Workspace workspace, long photoId, string kind)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        using var db = workspace.Connect();
        return Workspace.Scalar(db, "SELECT t.data FROM thumbnails t JOIN photos p ON p.id = t.photo_id WHERE t.photo_id = $id AND t.kind = $k AND p.status = 'ok'", ("$id", photoId), ("$k", kind)) as byte[];
    }

    /// <summary>One photo's thumbnail of a kind with the photo's path and the thumbnail's size, on an open connection.</summary>
    /// <param name="db">An open workspace connection.</param>
    /// <param name="photoId">The photo.</param>
    /// <param name="kind">A <see cref="ThumbnailKinds"/> name.</param>
    /// <returns>The record, or null when the photo has no thumbnail of that kind.</returns>
    public static CaptionedThumbnail? WithPath(SqliteConnection db, long photoId, string kind)
    {
        ArgumentNullException.ThrowIfNull(db);
        return Workspace.Query(db, "SELECT t.data, p.path, t.width, t.height FROM thumbnails t JOIN photos p ON p.id = t.photo_id WHERE t.photo_id = $id AND t.kind = $k",
            r => new CaptionedThumbnail(photoId, (byte[])r.GetValue(0), r.GetString(1), r.GetInt32(2), r.GetInt32(3)),
            ("$id", photoId), ("$k", kind)).FirstOrDefault();
    }

    /// <summary>The size and quality of every imported photo's thumbnail of one kind, by photo id.</summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="kind">A <see cref="ThumbnailKinds"/> name.</param>
    /// <returns>One record per imported photo that has one, ascending by id.</returns>
    public static StoredThumbnail[] List(Workspace workspace, string kind)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        using var db = workspace.Connect();
        return [.. Workspace.Query(db, "SELECT p.id, p.path, t.width, t.height, LENGTH(t.data), t.quality FROM thumbnails t JOIN photos p ON p.id = t.photo_id WHERE t.kind = $k AND p.status = 'ok' ORDER BY p.id",
            r => new StoredThumbnail(r.GetInt64(0), r.GetString(1), r.GetInt32(2), r.GetInt32(3), r.GetInt32(4), r.GetInt32(5)),
            ("$k", kind))];
    }

    /// <summary>The byte length of every stored thumbnail of one kind, whatever its photo's status.</summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="kind">A <see cref="ThumbnailKinds"/> name.</param>
    /// <returns>The lengths, in table order.</returns>
    public static long[] Lengths(Workspace workspace, string kind)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        using var db = workspace.Connect();
        return [.. Workspace.Query(db, "SELECT LENGTH(data) FROM thumbnails WHERE kind = $k", r => r.GetInt64(0), ("$k", kind))];
    }

    /// <summary>Every imported photo's thumbnail of one kind, with the photo's album-relative path ('/' separated).</summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="kind">A <see cref="ThumbnailKinds"/> name.</param>
    /// <returns>Path and JPEG by photo id; photos without a thumbnail of that kind are left out.</returns>
    public static Dictionary<long, (string Path, byte[] Jpeg)> AllWithPaths(Workspace workspace, string kind)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        using var db = workspace.Connect();
        return Workspace.Query(db, "SELECT p.id, p.path, t.data FROM photos p JOIN thumbnails t ON t.photo_id = p.id AND t.kind = $k WHERE p.status = 'ok'",
            r => (Id: r.GetInt64(0), Path: r.GetString(1).Replace('\\', '/'), Jpeg: (byte[])r.GetValue(2)),
            ("$k", kind)).ToDictionary(row => row.Id, row => (row.Path, row.Jpeg));
    }
}
