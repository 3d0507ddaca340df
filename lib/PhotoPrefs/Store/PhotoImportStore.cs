using System.Globalization;
using Microsoft.Data.Sqlite;

namespace PhotoPrefs.Store;

/// <summary>
/// The import's writes to the <c>photos</c> and <c>thumbnails</c> tables, on one connection the importer holds
/// for the whole run. Each photo's rows are written in one transaction, so a killed import leaves every photo either
/// complete or absent.
/// </summary>
public static class PhotoImportStore
{
    /// <summary>Every path the workspace has seen, whatever its status, with what the import compares.</summary>
    /// <param name="db">An open workspace connection.</param>
    /// <returns>State by album-relative path.</returns>
    public static Dictionary<string, PhotoFileState> States(SqliteConnection db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return Workspace.Query(db, "SELECT id, path, bytes, modified_at, status, content_hash, EXISTS(SELECT 1 FROM thumbnails t WHERE t.photo_id = photos.id AND t.kind = 'detail') FROM photos",
            r => new PhotoFileState(r.GetInt64(0), r.GetString(1), r.GetInt64(2), r.GetString(3), r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5), r.GetInt64(6) != 0))
            .ToDictionary(state => state.Path, StringComparer.Ordinal);
    }

    /// <summary>Marks a photo whose file is gone from the album as missing (its labels and features stay).</summary>
    /// <param name="db">An open workspace connection.</param>
    /// <param name="id">The photo.</param>
    public static void MarkMissing(SqliteConnection db, long id) =>
        Workspace.Execute(db, "UPDATE photos SET status = 'missing' WHERE id = $id", ("$id", id));

    /// <summary>Records a file whose content is unchanged but whose size or time stamp moved.</summary>
    /// <param name="db">An open workspace connection.</param>
    /// <param name="id">The photo.</param>
    /// <param name="bytes">File size.</param>
    /// <param name="modifiedAt">File time.</param>
    public static void Touch(SqliteConnection db, long id, long bytes, string modifiedAt) =>
        Workspace.Execute(db, "UPDATE photos SET bytes = $b, modified_at = $m WHERE id = $id", ("$b", bytes), ("$m", modifiedAt), ("$id", id));

    /// <summary>Gives a photo that was moved within the album its new path (same content, same id).</summary>
    /// <param name="db">An open workspace connection.</param>
    /// <param name="id">The photo.</param>
    /// <param name="path">New album-relative path.</param>
    /// <param name="bytes">File size.</param>
    /// <param name="modifiedAt">File time.</param>
    public static void Move(SqliteConnection db, long id, string path, long bytes, string modifiedAt) =>
        Workspace.Execute(db, "UPDATE photos SET path = $p, bytes = $b, modified_at = $m, status = 'ok' WHERE id = $id", ("$p", path), ("$b", bytes), ("$m", modifiedAt), ("$id", id));

    /// <summary>The stored reason a photo was skipped.</summary>
    /// <param name="db">An open workspace connection.</param>
    /// <param name="id">The photo.</param>
    /// <returns>The reason, or "skipped" when none was stored.</returns>
    public static string SkipReason(SqliteConnection db, long id) =>
        Workspace.Scalar(db, "SELECT skip_reason FROM photos WHERE id = $id", ("$id", id)) as string ?? "skipped";

    /// <summary>Records a file the import will not read, with the reason (inserted, or updated by path).</summary>
    /// <param name="db">An open workspace connection.</param>
    /// <param name="path">Album-relative path.</param>
    /// <param name="bytes">File size (0 when unknown).</param>
    /// <param name="modifiedAt">File time ("" when unknown).</param>
    /// <param name="reason">Why it was skipped.</param>
    /// <param name="hash">Content hash, when it was read.</param>
    public static void RecordSkipped(SqliteConnection db, string path, long bytes, string modifiedAt, string reason, string? hash = null) =>
        Workspace.Execute(db, """
            INSERT INTO photos(path, content_hash, bytes, modified_at, status, skip_reason, imported_at)
            VALUES ($p, $h, $b, $m, 'skipped', $r, $t)
            ON CONFLICT(path) DO UPDATE SET content_hash = excluded.content_hash, bytes = excluded.bytes,
                modified_at = excluded.modified_at, status = 'skipped', skip_reason = excluded.skip_reason
            """,
            ("$p", path), ("$h", hash), ("$b", bytes), ("$m", modifiedAt), ("$r", reason), ("$t", Now()));

    /// <summary>
    /// Writes one decoded photo and its thumbnails in one transaction: a new row, or the existing row updated (its
    /// features are dropped, since they describe the old content).
    /// </summary>
    /// <param name="db">An open workspace connection.</param>
    /// <param name="photo">The photo's row.</param>
    /// <param name="thumbnails">Its thumbnails, replacing any of the same kinds.</param>
    /// <param name="existingId">The photo's id when the path was imported before; null for a new photo.</param>
    /// <returns>The photo's id.</returns>
    public static long Save(SqliteConnection db, ImportedPhoto photo, IEnumerable<ThumbnailImage> thumbnails, long? existingId)
    {
        ArgumentNullException.ThrowIfNull(photo);
        ArgumentNullException.ThrowIfNull(thumbnails);
        using var tx = db.BeginTransaction();
        var args = new (string, object?)[]
        {
            ("$p", photo.Path), ("$h", photo.Hash), ("$b", photo.Bytes), ("$m", photo.ModifiedAt), ("$f", photo.Format), ("$w", photo.Width),
            ("$ht", photo.Height), ("$o", photo.Orientation), ("$ta", photo.TakenAt), ("$ts", photo.TakenAtSource), ("$c", photo.Camera), ("$t", Now()),
        };
        long id;
        if (existingId is { } eid)
        {
            Workspace.Execute(db, """
                UPDATE photos SET content_hash = $h, bytes = $b, modified_at = $m, format = $f, width = $w, height = $ht,
                    orientation = $o, taken_at = $ta, taken_at_source = $ts, camera = $c, status = 'ok', skip_reason = NULL,
                    imported_at = $t WHERE path = $p
                """, args);
            id = eid;
            Workspace.Execute(db, "DELETE FROM features WHERE photo_id = $id", ("$id", id));
        }
        else
        {
            id = (long)Workspace.Scalar(db, """
                INSERT INTO photos(path, content_hash, bytes, modified_at, format, width, height, orientation, taken_at,
                    taken_at_source, camera, status, imported_at)
                VALUES ($p, $h, $b, $m, $f, $w, $ht, $o, $ta, $ts, $c, 'ok', $t) RETURNING id
                """, args)!;
        }

        foreach (var t in thumbnails)
        {
            Workspace.Execute(db, """
                INSERT INTO thumbnails(photo_id, kind, width, height, quality, data) VALUES ($id, $k, $w, $h, $q, $d)
                ON CONFLICT(photo_id, kind) DO UPDATE SET width = excluded.width, height = excluded.height,
                    quality = excluded.quality, data = excluded.data
                """, ("$id", id), ("$k", t.Kind), ("$w", t.Width), ("$h", t.Height), ("$q", t.Quality), ("$d", t.Data));
        }

        tx.Commit();
        return id;
    }

    /// <summary>Records when the last import finished (the <c>meta</c> key <c>last_import</c>).</summary>
    /// <param name="db">An open workspace connection.</param>
    public static void StampLastImport(SqliteConnection db) =>
        Workspace.Execute(db, "INSERT INTO meta(key, value) VALUES ('last_import', $v) ON CONFLICT(key) DO UPDATE SET value = excluded.value", ("$v", Now()));

    private static string Now() => DateTime.UtcNow.ToString("o", CultureInfo.InvariantCulture);
}
