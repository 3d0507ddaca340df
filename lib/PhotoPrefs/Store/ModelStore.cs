using System.Globalization;
using Microsoft.Data.Sqlite;

namespace PhotoPrefs.Store;

/// <summary>
/// The <c>models</c> table: per user, trained models and training checkpoints, each a kind, a JSON of its settings and
/// history, and a blob. A model's p(delete) per photo is in the <c>predictions</c> table (<see cref="PredictionStore"/>),
/// written in the same transaction as the model.
/// </summary>
public static class ModelStore
{
    /// <summary>
    /// Stores a model and its prediction for every given photo in one transaction, and in the same transaction removes the
    /// user's rows of <paramref name="replacedKind"/> (the checkpoints the model was trained from). The user profile is
    /// created when missing.
    /// </summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="user">The profile name.</param>
    /// <param name="kind">The model's kind.</param>
    /// <param name="metaJson">What is stored next to the data.</param>
    /// <param name="data">The model's bytes.</param>
    /// <param name="photoIds">The photos predicted.</param>
    /// <param name="pDelete">Their p(delete), in the order of <paramref name="photoIds"/>.</param>
    /// <param name="replacedKind">The kind of the user's rows to remove; null to keep every row.</param>
    /// <returns>The new model's id.</returns>
    /// <exception cref="ArgumentException">Photos and predictions differ in number.</exception>
    /// <exception cref="PhotoPrefsException">Invalid user name.</exception>
    public static long Save(Workspace workspace, string user, string kind, string metaJson, byte[] data, IReadOnlyList<long> photoIds, IReadOnlyList<double> pDelete, string? replacedKind = null)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var userId = LabelStore.EnsureUser(workspace, user);
        using var db = workspace.Connect();
        using var tx = db.BeginTransaction();
        var id = Insert(db, userId, kind, metaJson, data);
        PredictionStore.Insert(db, id, photoIds, pDelete);
        if (replacedKind is not null)
        {
            Workspace.Execute(db, "DELETE FROM models WHERE user_id = $u AND kind = $k", ("$u", userId), ("$k", replacedKind));
        }

        tx.Commit();
        return id;
    }

    /// <summary>Stores a row without predictions (a checkpoint) and removes the rows <paramref name="replaced"/>, in one transaction. The user profile is created when missing.</summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="user">The profile name.</param>
    /// <param name="kind">The row's kind.</param>
    /// <param name="metaJson">What is stored next to the data.</param>
    /// <param name="data">The bytes.</param>
    /// <param name="replaced">Ids of rows to remove; ids that are not there are ignored.</param>
    /// <returns>The new row's id.</returns>
    /// <exception cref="PhotoPrefsException">Invalid user name.</exception>
    public static long Replace(Workspace workspace, string user, string kind, string metaJson, byte[] data, IEnumerable<long> replaced)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(replaced);
        var userId = LabelStore.EnsureUser(workspace, user);
        using var db = workspace.Connect();
        using var tx = db.BeginTransaction();
        foreach (var old in replaced)
        {
            Workspace.Execute(db, "DELETE FROM models WHERE id = $id", ("$id", old));
        }

        var id = Insert(db, userId, kind, metaJson, data);
        tx.Commit();
        return id;
    }

    /// <summary>The id and JSON of each of the user's rows of a kind, oldest first (without their data).</summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="user">The profile name.</param>
    /// <param name="kind">The kind.</param>
    /// <returns>Ids and JSON, by ascending id; empty for an unknown user.</returns>
    public static IReadOnlyList<(long Id, string MetaJson)> Metas(Workspace workspace, string user, string kind)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        using var db = workspace.Connect();
        return Workspace.Query(db, "SELECT m.id, m.meta_json FROM models m JOIN users u ON u.id = m.user_id WHERE u.name = $n AND m.kind = $k ORDER BY m.id",
            r => (r.GetInt64(0), r.GetString(1)), ("$n", user), ("$k", kind));
    }

    /// <summary>The user's newest row of a kind (the highest id).</summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="user">The profile name.</param>
    /// <param name="kind">The kind.</param>
    /// <returns>The row, or null when the user has none of that kind.</returns>
    public static ModelRow? Latest(Workspace workspace, string user, string kind)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        using var db = workspace.Connect();
        var row = Workspace.Scalar(db, "SELECT m.id FROM models m JOIN users u ON u.id = m.user_id WHERE u.name = $n AND m.kind = $k ORDER BY m.id DESC LIMIT 1", ("$n", user), ("$k", kind));
        return row is long id ? Get(db, id) : null;
    }

    /// <summary>One row.</summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="id">Its id.</param>
    /// <returns>The row, or null when there is none with that id.</returns>
    public static ModelRow? Get(Workspace workspace, long id)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        using var db = workspace.Connect();
        return Get(db, id);
    }

    private static ModelRow? Get(SqliteConnection db, long id) =>
        Workspace.Query(db, "SELECT m.id, u.name, m.kind, m.meta_json, m.data FROM models m JOIN users u ON u.id = m.user_id WHERE m.id = $id",
            r => new ModelRow(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), (byte[])r.GetValue(4)), ("$id", id)).FirstOrDefault();

    private static long Insert(SqliteConnection db, long userId, string kind, string metaJson, byte[] data) =>
        (long)Workspace.Scalar(db, "INSERT INTO models(user_id, kind, created_at, meta_json, data) VALUES ($u, $k, $t, $m, $d) RETURNING id",
            ("$u", userId), ("$k", kind), ("$t", DateTime.UtcNow.ToString("o", CultureInfo.InvariantCulture)), ("$m", metaJson), ("$d", data))!;
}
