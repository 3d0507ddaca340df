using System.Globalization;

namespace PhotoPrefs.Store;

/// <summary>
/// The <c>clusterings</c> and <c>cluster_members</c> tables: each run of the clustering stage adds one clustering
/// (its feature spec, chosen k, seed and k-sweep scores) with every photo's cluster and the representatives' ranks.
/// Nothing is overwritten; "the latest" is the one with the largest id.
/// </summary>
public static class ClusteringStore
{
    /// <summary>Stores a clustering and its members in one transaction, stamped with the current UTC time.</summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="features">The feature spec.</param>
    /// <param name="k">The number of clusters chosen.</param>
    /// <param name="seed">The seed.</param>
    /// <param name="sweepJson">The k sweep's score table as JSON.</param>
    /// <param name="members">Every clustered photo (inserted in this order).</param>
    /// <returns>The new clustering's id.</returns>
    public static long Save(Workspace workspace, string features, int k, int seed, string sweepJson, IEnumerable<ClusterMember> members)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(members);
        using var db = workspace.Connect();
        using var tx = db.BeginTransaction();
        var id = (long)Workspace.Scalar(db, """
            INSERT INTO clusterings(features, k, seed, created_at, sweep_json) VALUES ($f, $k, $s, $t, $j) RETURNING id
            """, ("$f", features), ("$k", k), ("$s", seed), ("$t", DateTime.UtcNow.ToString("o", CultureInfo.InvariantCulture)),
            ("$j", sweepJson))!;
        foreach (var m in members)
        {
            Workspace.Execute(db, "INSERT INTO cluster_members(clustering_id, photo_id, cluster, representative_rank) VALUES ($c, $p, $k, $r)",
                ("$c", id), ("$p", m.PhotoId), ("$k", m.Cluster), ("$r", m.RepresentativeRank));
        }

        tx.Commit();
        return id;
    }

    /// <summary>The latest clustering (largest id), or the latest one that used <paramref name="features"/>.</summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="features">A feature spec, compared as stored (<c>hog+pca+color</c>); null for the latest of any spec.</param>
    /// <returns>The clustering with its members, or null when there is none.</returns>
    public static StoredClustering? Latest(Workspace workspace, string? features = null)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        using var db = workspace.Connect();
        var latest = Workspace.Query(db,
            features is null
                ? "SELECT id, features, k, seed, created_at, sweep_json FROM clusterings ORDER BY id DESC LIMIT 1"
                : "SELECT id, features, k, seed, created_at, sweep_json FROM clusterings WHERE features = $f ORDER BY id DESC LIMIT 1",
            r => new StoredClustering(r.GetInt64(0), r.GetString(1), r.GetInt32(2), r.GetInt32(3),
                DateTime.Parse(r.GetString(4), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind), r.GetString(5), []),
            features is null ? [] : [("$f", features)]).FirstOrDefault();
        if (latest is null)
        {
            return null;
        }

        var members = Workspace.Query(db, "SELECT photo_id, cluster, representative_rank FROM cluster_members WHERE clustering_id = $c ORDER BY photo_id",
            r => new ClusterMember(r.GetInt64(0), r.GetInt32(1), r.IsDBNull(2) ? null : r.GetInt32(2)), ("$c", latest.Id));
        return latest with { Members = members };
    }
}
