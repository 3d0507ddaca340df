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

    /// <summary>Every imported photo's thumbnail of one kind, with the photo's album-relative path ('/' separated).</summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="kind">A <see cref="ThumbnailKinds"/> name.</param>
    /// <returns>Path and JPEG by photo id; photos without a thumbnail of that kind are left out.</returns>
    public static Dictionary<long, (string Path, byte[] Jpeg)> AllWithPaths(Workspace workspace, string kind)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        using var db = workspace.Connect();
        using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT p.id, p.path, t.data FROM photos p JOIN thumbnails t ON t.photo_id = p.id AND t.kind = $k WHERE p.status = 'ok'";
        cmd.Parameters.AddWithValue("$k", kind);
        using var r = cmd.ExecuteReader();
        var thumbs = new Dictionary<long, (string Path, byte[] Jpeg)>();
        while (r.Read())
        {
            thumbs[r.GetInt64(0)] = (r.GetString(1).Replace('\\', '/'), (byte[])r.GetValue(2));
        }

        return thumbs;
    }
}
