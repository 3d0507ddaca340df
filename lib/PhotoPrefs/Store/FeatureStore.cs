using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using PhotoPrefs.Embeddings;
using PhotoPrefs.Features;

namespace PhotoPrefs.Store;

/// <summary>
/// The <c>features</c> and <c>feature_models</c> tables. A feature row is one photo's float32 values of one kind
/// (<see cref="FeatureKinds"/>, or an embedding kind such as <see cref="EmbeddingExtraction.Kind"/>) under the version
/// of that kind's definition; a photo has at most one row per kind. A feature model is an album-level blob per kind
/// (the eigen-photos of <see cref="FeatureKinds.Pca"/>). Reads see only <c>ok</c> photos unless they say otherwise.
/// </summary>
public static class FeatureStore
{
    /// <summary>Loads one kind, at the current <see cref="FeatureKinds.Version"/>, for every imported photo, in photo id order.</summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="kind">The kind.</param>
    /// <returns>Photo ids and a row-major matrix (one row per photo).</returns>
    /// <exception cref="PhotoPrefsException">Some photos lack the kind: run <c>photoprefs features</c>.</exception>
    public static (long[] PhotoIds, float[] Matrix, int Dimension) Load(Workspace workspace, string kind) => Load(workspace, kind, FeatureKinds.Version);

    /// <summary>Loads one kind at one version for every imported photo, in photo id order.</summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="kind">The kind.</param>
    /// <param name="version">The version the rows must have.</param>
    /// <returns>Photo ids and a row-major matrix (one row per photo; width 0 for an empty workspace).</returns>
    /// <exception cref="PhotoPrefsException">Some photos lack the kind at that version: run <c>photoprefs features</c>.</exception>
    public static (long[] PhotoIds, float[] Matrix, int Dimension) Load(Workspace workspace, string kind, int version)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var ids = PhotoStore.Ids(workspace);
        using var db = workspace.Connect();
        var rows = Workspace.Query(db, "SELECT photo_id, data FROM features WHERE kind = $k AND version = $v",
            r => (PhotoId: r.GetInt64(0), Values: Floats((byte[])r.GetValue(1))), ("$k", kind), ("$v", version))
            .ToDictionary(row => row.PhotoId, row => row.Values);

        var missing = ids.Count(id => !rows.ContainsKey(id));
        if (missing > 0)
        {
            throw new PhotoPrefsException($"{missing} of {ids.Length} photos have no '{kind}' features: run 'photoprefs features --workspace {workspace.Directory} --kinds {kind}'");
        }

        int d = ids.Length == 0 ? 0 : rows[ids[0]].Length;
        var m = new float[ids.Length * d];
        for (int i = 0; i < ids.Length; i++)
        {
            rows[ids[i]].CopyTo(m, i * d);
        }

        return (ids, m, d);
    }

    /// <summary>The rows of one kind at one version that exist, for imported photos, in photo id order.</summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="kind">The kind.</param>
    /// <param name="version">Its version.</param>
    /// <returns>Photo ids and their stored values, back to back; photos without a current row are left out.</returns>
    public static (long[] Ids, float[] Vectors) LoadAvailable(Workspace workspace, string kind, int version)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        using var db = workspace.Connect();
        var rows = Workspace.Query(db, """
            SELECT f.photo_id, f.data FROM features f JOIN photos p ON p.id = f.photo_id
            WHERE f.kind = $k AND f.version = $v AND p.status = 'ok' ORDER BY f.photo_id
            """, r => (PhotoId: r.GetInt64(0), Values: Floats((byte[])r.GetValue(1))), ("$k", kind), ("$v", version));
        return ([.. rows.Select(row => row.PhotoId)], [.. rows.SelectMany(row => row.Values)]);
    }

    /// <summary>The cached embeddings (<see cref="EmbeddingExtraction.Kind"/> at <see cref="ImageEmbedder.Version"/>) of the album's photos, in photo id order.</summary>
    /// <param name="workspace">The workspace.</param>
    /// <returns>Photo ids and a row-major matrix of <see cref="ImageEmbedder.Dimensions"/> values per photo; photos without a current embedding are left out.</returns>
    public static (long[] Ids, float[] Vectors) LoadEmbeddings(Workspace workspace) => LoadAvailable(workspace, EmbeddingExtraction.Kind, ImageEmbedder.Version);

    /// <summary>One photo's row of one kind at one version.</summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="photoId">The photo.</param>
    /// <param name="kind">The kind.</param>
    /// <param name="version">Its version.</param>
    /// <returns>The values, or null when not stored at that version.</returns>
    public static float[]? Get(Workspace workspace, long photoId, string kind, int version)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        using var db = workspace.Connect();
        return Workspace.Scalar(db, "SELECT data FROM features WHERE photo_id = $id AND kind = $k AND version = $v", ("$id", photoId), ("$k", kind), ("$v", version)) is byte[] data
            ? Floats(data)
            : null;
    }

    /// <summary>One photo's row of one kind, whatever its version, on an open connection.</summary>
    /// <param name="db">An open workspace connection.</param>
    /// <param name="photoId">The photo.</param>
    /// <param name="kind">The kind.</param>
    /// <returns>The values, or null when the photo has no row of that kind.</returns>
    public static float[]? Get(SqliteConnection db, long photoId, string kind) =>
        Workspace.Scalar(db, "SELECT data FROM features WHERE photo_id = $id AND kind = $k", ("$id", photoId), ("$k", kind)) is byte[] data
            ? Floats(data)
            : null;

    /// <summary>The cached embedding of one photo (<see cref="EmbeddingExtraction.Kind"/> at <see cref="ImageEmbedder.Version"/>).</summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="photoId">The photo.</param>
    /// <returns>The embedding, or null when not computed.</returns>
    public static float[]? GetEmbedding(Workspace workspace, long photoId) => Get(workspace, photoId, EmbeddingExtraction.Kind, ImageEmbedder.Version);

    /// <summary>Which (photo, kind) pairs have a row at <paramref name="version"/>.</summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="version">The version.</param>
    /// <returns>The pairs (any photo status).</returns>
    public static HashSet<(long PhotoId, string Kind)> Have(Workspace workspace, int version)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        using var db = workspace.Connect();
        return Have(db, version);
    }

    /// <summary>Which (photo, kind) pairs have a row at <paramref name="version"/>, on an open connection.</summary>
    /// <param name="db">An open workspace connection.</param>
    /// <param name="version">The version.</param>
    /// <returns>The pairs (any photo status).</returns>
    public static HashSet<(long PhotoId, string Kind)> Have(SqliteConnection db, int version)
    {
        ArgumentNullException.ThrowIfNull(db);
        return [.. Workspace.Query(db, "SELECT photo_id, kind FROM features WHERE version = $v", r => (r.GetInt64(0), r.GetString(1)), ("$v", version))];
    }

    /// <summary>Every imported photo, in id order, with whether it has a row of <paramref name="kind"/> at <paramref name="version"/>, on an open connection.</summary>
    /// <param name="db">An open workspace connection.</param>
    /// <param name="kind">The kind.</param>
    /// <param name="version">Its version.</param>
    /// <returns>One entry per imported photo; empty for an empty workspace.</returns>
    public static IReadOnlyList<(long PhotoId, bool Stored)> Presence(SqliteConnection db, string kind, int version)
    {
        ArgumentNullException.ThrowIfNull(db);
        return Workspace.Query(db, """
            SELECT p.id, EXISTS(SELECT 1 FROM features f WHERE f.photo_id = p.id AND f.kind = $k AND f.version = $v)
            FROM photos p WHERE p.status = 'ok' ORDER BY p.id
            """, r => (r.GetInt64(0), r.GetInt64(1) != 0), ("$k", kind), ("$v", version));
    }

    /// <summary>Whether every imported photo has a row of <paramref name="kind"/> at <paramref name="version"/>.</summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="kind">The kind.</param>
    /// <param name="version">Its version.</param>
    /// <returns>True when none is missing (and at least one photo is imported).</returns>
    public static bool Complete(Workspace workspace, string kind, int version)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        using var db = workspace.Connect();
        return Workspace.Scalar(db, """
            SELECT COUNT(*) > 0 AND SUM(NOT EXISTS(SELECT 1 FROM features f WHERE f.photo_id = p.id AND f.kind = $k AND f.version = $v)) = 0
            FROM photos p WHERE p.status = 'ok'
            """, ("$k", kind), ("$v", version)) is long complete && complete == 1;
    }

    /// <summary>How many imported photos have a row of <paramref name="kind"/>, at <paramref name="version"/> when given.</summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="kind">The kind.</param>
    /// <param name="version">The version the rows must have; null for any version.</param>
    /// <returns>The count.</returns>
    public static long Count(Workspace workspace, string kind, int? version = null)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        using var db = workspace.Connect();
        var count = version is { } v
            ? Workspace.Scalar(db, "SELECT COUNT(*) FROM features f JOIN photos p ON p.id = f.photo_id WHERE p.status = 'ok' AND f.kind = $k AND f.version = $v", ("$k", kind), ("$v", v))
            : Workspace.Scalar(db, "SELECT COUNT(*) FROM features f JOIN photos p ON p.id = f.photo_id WHERE p.status = 'ok' AND f.kind = $k", ("$k", kind));
        return Convert.ToInt64(count, CultureInfo.InvariantCulture);
    }

    /// <summary>Every row of the table without its values, whatever the photo's status, by photo id then kind.</summary>
    /// <param name="workspace">The workspace.</param>
    /// <returns>The rows.</returns>
    public static IReadOnlyList<StoredFeature> List(Workspace workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        using var db = workspace.Connect();
        return List(db);
    }

    /// <summary>Every row of the table without its values, by photo id then kind, on an open connection.</summary>
    /// <param name="db">An open workspace connection.</param>
    /// <returns>The rows.</returns>
    public static IReadOnlyList<StoredFeature> List(SqliteConnection db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return Workspace.Query(db, "SELECT photo_id, kind, version FROM features ORDER BY photo_id, kind", r => new StoredFeature(r.GetInt64(0), r.GetString(1), r.GetInt32(2)));
    }

    /// <summary>Writes (or replaces) one photo's row of one kind, on an open connection (inside the caller's transaction when it has one).</summary>
    /// <param name="db">An open workspace connection.</param>
    /// <param name="photoId">The photo.</param>
    /// <param name="kind">The kind.</param>
    /// <param name="version">The version of the kind's definition.</param>
    /// <param name="values">The values, stored as little-endian float32.</param>
    public static void Save(SqliteConnection db, long photoId, string kind, int version, ReadOnlySpan<float> values) =>
        Workspace.Execute(db, """
            INSERT INTO features(photo_id, kind, version, data) VALUES ($id, $k, $v, $d)
            ON CONFLICT(photo_id, kind) DO UPDATE SET version = excluded.version, data = excluded.data
            """, ("$id", photoId), ("$k", kind), ("$v", version), ("$d", MemoryMarshal.AsBytes(values).ToArray()));

    /// <summary>Deletes every row of one photo, on an open connection (its file changed and is imported again).</summary>
    /// <param name="db">An open workspace connection.</param>
    /// <param name="photoId">The photo.</param>
    /// <returns>Rows deleted.</returns>
    public static int Delete(SqliteConnection db, long photoId) =>
        Workspace.Execute(db, "DELETE FROM features WHERE photo_id = $id", ("$id", photoId));

    /// <summary>The stored model of one kind, whatever its version.</summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="kind">The kind (<see cref="FeatureKinds.Pca"/>).</param>
    /// <returns>The blob, or null when none is stored.</returns>
    public static byte[]? LoadModel(Workspace workspace, string kind)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        using var db = workspace.Connect();
        return Workspace.Scalar(db, "SELECT data FROM feature_models WHERE kind = $k", ("$k", kind)) as byte[];
    }

    /// <summary>Writes (or replaces) the model of one kind, stamped with the current UTC time, on an open connection.</summary>
    /// <param name="db">An open workspace connection.</param>
    /// <param name="kind">The kind.</param>
    /// <param name="version">The version of the kind's definition.</param>
    /// <param name="data">The model's bytes.</param>
    public static void SaveModel(SqliteConnection db, string kind, int version, byte[] data) =>
        Workspace.Execute(db, """
            INSERT INTO feature_models(kind, version, created_at, data) VALUES ($kind, $v, $t, $d)
            ON CONFLICT(kind) DO UPDATE SET version = excluded.version, created_at = excluded.created_at, data = excluded.data
            """, ("$kind", kind), ("$v", version), ("$t", DateTime.UtcNow.ToString("o", CultureInfo.InvariantCulture)), ("$d", data));

    private static float[] Floats(byte[] data) => MemoryMarshal.Cast<byte, float>(data).ToArray();
}
