using System.Globalization;
using Microsoft.Data.Sqlite;

namespace PhotoPrefs.Store;

/// <summary>
/// A PhotoPrefs workspace: a folder holding one SQLite database (<c>photoprefs.db</c>, WAL journal)
/// with the imported photos, thumbnails, users, labels, features, models and predictions.
/// Opening migrates an older database forward and refuses one written by a newer PhotoPrefs.
/// </summary>
public sealed class Workspace
{
    /// <summary>The database file's name inside the workspace folder.</summary>
    public const string DatabaseFileName = "photoprefs.db";

    /// <summary>The folder used when none is given: <c>photoprefs-workspace</c> in the current directory.</summary>
    public const string DefaultFolderName = "photoprefs-workspace";

    private readonly string _connectionString;

    private Workspace(string directory)
    {
        Directory = directory;
        DatabasePath = Path.Combine(directory, DatabaseFileName);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>The workspace folder (absolute).</summary>
    public string Directory { get; }

    /// <summary>The SQLite database file (absolute).</summary>
    public string DatabasePath { get; }

    /// <summary>
    /// Opens the workspace in <paramref name="directory"/>, creating the folder and database when
    /// <paramref name="create"/> is true, and migrating the schema to <see cref="Schema.CurrentVersion"/>.
    /// </summary>
    /// <param name="directory">The workspace folder.</param>
    /// <param name="create">Create it when missing; when false a missing workspace is an error.</param>
    /// <returns>The open workspace.</returns>
    /// <exception cref="PhotoPrefsException">Missing (with <paramref name="create"/> false), not a workspace, newer schema, or not writable.</exception>
    public static Workspace Open(string directory, bool create = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var full = Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(full))
        {
            if (!create)
            {
                throw new PhotoPrefsException($"workspace not found: {full} (run 'photoprefs import <album> --workspace {directory}' first)");
            }

            if (File.Exists(full))
            {
                throw new PhotoPrefsException($"workspace path is a file, not a folder: {full}");
            }

            try
            {
                System.IO.Directory.CreateDirectory(full);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new PhotoPrefsException($"cannot create workspace folder {full}: {e.Message}", e);
            }
        }
        else if (!create && !File.Exists(Path.Combine(full, DatabaseFileName)))
        {
            throw new PhotoPrefsException($"no PhotoPrefs workspace in {full} (run 'photoprefs import <album> --workspace {directory}' first)");
        }

        var ws = new Workspace(full);
        try
        {
            ws.Migrate();
        }
        catch (SqliteException e)
        {
            throw DescribeSqliteError(e, full);
        }

        return ws;
    }

    /// <summary>Opens a connection with foreign keys on and a busy timeout; the caller disposes it.</summary>
    /// <returns>An open connection to the workspace database.</returns>
    public SqliteConnection Connect()
    {
        var c = new SqliteConnection(_connectionString);
        c.Open();
        using var cmd = c.CreateCommand();
        // FULL: a committed label survives a power cut, not only a killed process.
        cmd.CommandText = "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 30000;";
        cmd.ExecuteNonQuery();
        return c;
    }

    /// <summary>The schema version stored in the database.</summary>
    /// <returns>The value of <c>PRAGMA user_version</c>.</returns>
    public int SchemaVersion()
    {
        using var c = Connect();
        return Convert.ToInt32(Scalar(c, "PRAGMA user_version"), CultureInfo.InvariantCulture);
    }

    /// <summary>Runs a scalar query on an open connection.</summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="sql">The query.</param>
    /// <param name="parameters">Name and value pairs, names with their <c>$</c>.</param>
    /// <returns>The first column of the first row, or null.</returns>
    public static object? Scalar(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var cmd = Command(connection, sql, parameters);
        var v = cmd.ExecuteScalar();
        return v is DBNull ? null : v;
    }

    /// <summary>Runs a statement on an open connection.</summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="sql">The statement.</param>
    /// <param name="parameters">Name and value pairs, names with their <c>$</c>.</param>
    /// <returns>Rows changed.</returns>
    public static int Execute(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var cmd = Command(connection, sql, parameters);
        return cmd.ExecuteNonQuery();
    }

    /// <summary>
    /// Runs a query on an open connection and makes one value of each row it returns, the way the stores read a
    /// table into the record it fills.
    /// </summary>
    /// <typeparam name="T">What one row becomes.</typeparam>
    /// <param name="connection">An open connection.</param>
    /// <param name="sql">The query.</param>
    /// <param name="map">Makes the value of the reader's current row, reading its columns by ordinal; it must not move the reader.</param>
    /// <param name="parameters">Name and value pairs, names with their <c>$</c>.</param>
    /// <returns>One value per row, in the order the query returns them; empty when it returns none.</returns>
    public static List<T> Query<T>(SqliteConnection connection, string sql, Func<SqliteDataReader, T> map, params (string Name, object? Value)[] parameters)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(map);
        using var cmd = Command(connection, sql, parameters);
        using var r = cmd.ExecuteReader();
        var rows = new List<T>();
        while (r.Read())
        {
            rows.Add(map(r));
        }

        return rows;
    }

    /// <summary>Turns SQLite's low-level errors into one line a person can act on.</summary>
    /// <param name="e">The SQLite error.</param>
    /// <param name="where">The workspace folder, named in the message.</param>
    /// <returns>The error to throw.</returns>
    public static PhotoPrefsException DescribeSqliteError(SqliteException e, string where)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.SqliteErrorCode switch
        {
            13 => new PhotoPrefsException($"disk full while writing the workspace in {where}: free some space and run the command again (nothing already saved is lost)", e),
            8 => new PhotoPrefsException($"the workspace in {where} is read-only", e),
            26 => new PhotoPrefsException($"{Path.Combine(where, DatabaseFileName)} is not a PhotoPrefs workspace database", e),
            11 => new PhotoPrefsException($"the workspace database in {where} is damaged (SQLite: {e.Message})", e),
            _ => new PhotoPrefsException($"workspace error in {where}: {e.Message}", e),
        };
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, (string Name, object? Value)[] parameters)
    {
        var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return cmd;
    }

    private void Migrate()
    {
        using var c = Connect();
        using (var wal = c.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode = WAL;";
            wal.ExecuteNonQuery();
        }

        int version = Convert.ToInt32(Scalar(c, "PRAGMA user_version"), CultureInfo.InvariantCulture);
        if (version > Schema.CurrentVersion)
        {
            throw new PhotoPrefsException(
                $"the workspace in {Directory} has schema version {version}, newer than this PhotoPrefs understands ({Schema.CurrentVersion}); update PhotoPrefs");
        }

        for (int v = version; v < Schema.CurrentVersion; v++)
        {
            using var tx = c.BeginTransaction();
            using var cmd = c.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = Schema.Migrations[v] + $"\nPRAGMA user_version = {v + 1};";
            cmd.ExecuteNonQuery();
            tx.Commit();
        }
    }
}
