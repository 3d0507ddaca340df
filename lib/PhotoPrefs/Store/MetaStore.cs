using Microsoft.Data.Sqlite;

namespace PhotoPrefs.Store;

/// <summary>
/// The <c>meta</c> table: one text value per key, for what belongs to the workspace as a whole (when the album
/// was last imported and from which folder, results kept between commands such as the near-duplicate groups).
/// </summary>
public static class MetaStore
{
    /// <summary>The key under which an import records the album folder it read (absolute, as the import was given it).</summary>
    public const string AlbumRootKey = "album_root";

    /// <summary>The album folder the last import read, which the photos' paths are relative to.</summary>
    /// <param name="workspace">The workspace.</param>
    /// <returns>The absolute folder, or null for a workspace imported before the folder was recorded.</returns>
    public static string? AlbumRoot(Workspace workspace) => Get(workspace, AlbumRootKey);

    /// <summary>Records the album folder an import reads, on an open connection.</summary>
    /// <param name="db">An open workspace connection.</param>
    /// <param name="folder">The absolute album folder.</param>
    public static void SetAlbumRoot(SqliteConnection db, string folder) => Set(db, AlbumRootKey, folder);

    /// <summary>The value stored under a key.</summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="key">The key.</param>
    /// <returns>The value, or null when the key is not stored.</returns>
    public static string? Get(Workspace workspace, string key)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        using var db = workspace.Connect();
        return Get(db, key);
    }

    /// <summary>The value stored under a key, on an open connection.</summary>
    /// <param name="db">An open workspace connection.</param>
    /// <param name="key">The key.</param>
    /// <returns>The value, or null when the key is not stored.</returns>
    public static string? Get(SqliteConnection db, string key) =>
        Workspace.Scalar(db, "SELECT value FROM meta WHERE key = $k", ("$k", key)) as string;

    /// <summary>Stores a value under a key, replacing what was there.</summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    public static void Set(Workspace workspace, string key, string value)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        using var db = workspace.Connect();
        Set(db, key, value);
    }

    /// <summary>Stores a value under a key, replacing what was there, on an open connection (inside its transaction, if any).</summary>
    /// <param name="db">An open workspace connection.</param>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    public static void Set(SqliteConnection db, string key, string value) =>
        Workspace.Execute(db, "INSERT OR REPLACE INTO meta(key, value) VALUES ($k, $v)", ("$k", key), ("$v", value));
}
