using Microsoft.Data.Sqlite;

namespace PhotoPrefs.Store;

/// <summary>The <c>predictions</c> table: a stored model's p(delete) for each photo (written with the model by <see cref="ModelStore.Save"/>).</summary>
public static class PredictionStore
{
    /// <summary>Writes a model's predictions on an open connection (inside the caller's transaction).</summary>
    /// <param name="db">An open workspace connection.</param>
    /// <param name="modelId">The model (a row of <c>models</c>).</param>
    /// <param name="photoIds">The photos.</param>
    /// <param name="pDelete">Their p(delete), in the order of <paramref name="photoIds"/>.</param>
    /// <exception cref="ArgumentException">Photos and predictions differ in number.</exception>
    public static void Insert(SqliteConnection db, long modelId, IReadOnlyList<long> photoIds, IReadOnlyList<double> pDelete)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(photoIds);
        ArgumentNullException.ThrowIfNull(pDelete);
        if (photoIds.Count != pDelete.Count)
        {
            throw new ArgumentException($"{photoIds.Count} photos but {pDelete.Count} predictions", nameof(pDelete));
        }

        for (int i = 0; i < photoIds.Count; i++)
        {
            Workspace.Execute(db, "INSERT INTO predictions(model_id, photo_id, p_delete) VALUES ($m, $p, $v)", ("$m", modelId), ("$p", photoIds[i]), ("$v", pDelete[i]));
        }
    }

    /// <summary>A model's predictions.</summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="modelId">The model.</param>
    /// <returns>p(delete) by photo id; empty for a model without predictions.</returns>
    public static Dictionary<long, double> ForModel(Workspace workspace, long modelId)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        using var db = workspace.Connect();
        return Workspace.Query(db, "SELECT photo_id, p_delete FROM predictions WHERE model_id = $id", r => (PhotoId: r.GetInt64(0), PDelete: r.GetDouble(1)), ("$id", modelId))
            .ToDictionary(row => row.PhotoId, row => row.PDelete);
    }
}
