using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace PhotoPrefs.Store;

/// <summary>The result of importing a labels file.</summary>
/// <param name="Applied">Rows written.</param>
/// <param name="Unmatched">Files named in the CSV that are not in the workspace.</param>
public sealed record LabelImport(int Applied, IReadOnlyList<string> Unmatched);

/// <summary>
/// Keep/delete labels per user profile. Every change is one SQLite transaction that updates the
/// <c>labels</c> table and appends to <c>label_events</c> (the undo history), committed before the call
/// returns: a killed process loses nothing that was acknowledged.
/// </summary>
public static partial class LabelStore
{
    /// <summary>Longest accepted user name.</summary>
    public const int MaxUserName = 32;

    /// <summary>Checks a user profile name: 1 to 32 letters, digits, '-' or '_'.</summary>
    /// <param name="user">The name.</param>
    /// <returns>The name.</returns>
    /// <exception cref="PhotoPrefsException">Any other name.</exception>
    public static string ValidateUser(string? user)
    {
        if (string.IsNullOrEmpty(user) || user.Length > MaxUserName || !UserPattern().IsMatch(user))
        {
            throw new PhotoPrefsException($"invalid user name '{user}': use 1 to {MaxUserName} letters, digits, '-' or '_'");
        }

        return user;
    }

    /// <summary>Parses <c>keep</c> or <c>delete</c> (any case).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The label.</returns>
    /// <exception cref="PhotoPrefsException">Anything else.</exception>
    public static PhotoLabel Parse(string? text) => text?.Trim().ToUpperInvariant() switch
    {
        "KEEP" => PhotoLabel.Keep,
        "DELETE" => PhotoLabel.Delete,
        _ => throw new PhotoPrefsException($"invalid label '{text}': expected keep or delete"),
    };

    /// <summary>The stored text of a label.</summary>
    /// <param name="label">The label.</param>
    /// <returns><c>keep</c> or <c>delete</c>.</returns>
    public static string ToText(PhotoLabel label) => label == PhotoLabel.Delete ? "delete" : "keep";

    /// <summary>Creates the user profile when missing.</summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="user">The profile name.</param>
    /// <returns>The user's id.</returns>
    public static long EnsureUser(Workspace workspace, string user)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        using var db = workspace.Connect();
        return EnsureUser(db, ValidateUser(user));
    }

    /// <summary>Sets (or with null clears) one photo's label and records the change.</summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="user">The profile name.</param>
    /// <param name="photoId">The photo.</param>
    /// <param name="label">The label, or null to clear it.</param>
    /// <param name="source">Where it came from (<c>widget</c>, <c>csv</c>, …).</param>
    /// <exception cref="PhotoPrefsException">Unknown photo or invalid user.</exception>
    public static void Set(Workspace workspace, string user, long photoId, PhotoLabel? label, string source)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ValidateUser(user);
        using var db = workspace.Connect();
        using var tx = db.BeginTransaction();
        if (Workspace.Scalar(db, "SELECT 1 FROM photos WHERE id = $id AND status = 'ok'", ("$id", photoId)) is null)
        {
            throw new PhotoPrefsException($"no photo with id {photoId} in the workspace");
        }

        Apply(db, EnsureUser(db, user), photoId, label, source);
        tx.Commit();
    }

    /// <summary>
    /// Undoes the user's most recent change that has not been undone yet: the photo returns to the label it
    /// had before (or to unlabeled). The undo is itself recorded, so it survives a restart.
    /// </summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="user">The profile name.</param>
    /// <returns>The photo whose label was restored, or null when there is nothing to undo.</returns>
    public static long? Undo(Workspace workspace, string user)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ValidateUser(user);
        using var db = workspace.Connect();
        using var tx = db.BeginTransaction();
        var userId = EnsureUser(db, user);
        var events = Workspace.Query(db, "SELECT id, photo_id, label, source FROM label_events WHERE user_id = $u ORDER BY id",
            r => (Id: r.GetInt64(0), Photo: r.GetInt64(1), Label: r.IsDBNull(2) ? null : r.GetString(2), Source: r.GetString(3)), ("$u", userId));

        // Replay: an 'undo' event cancels the latest change still standing.
        var standing = new List<int>();
        for (int i = 0; i < events.Count; i++)
        {
            if (events[i].Source == UndoSource)
            {
                if (standing.Count > 0)
                {
                    standing.RemoveAt(standing.Count - 1);
                }
            }
            else
            {
                standing.Add(i);
            }
        }

        if (standing.Count == 0)
        {
            return null;
        }

        var target = events[standing[^1]];
        standing.RemoveAt(standing.Count - 1);
        var before = standing.LastOrDefault(i => events[i].Photo == target.Photo, -1);
        PhotoLabel? restored = before < 0 || events[before].Label is null ? null : Parse(events[before].Label);
        Apply(db, userId, target.Photo, restored, UndoSource);
        tx.Commit();
        return target.Photo;
    }

    /// <summary>The source recorded for undo events.</summary>
    public const string UndoSource = "undo";

    /// <summary>A user's current labels.</summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="user">The profile name.</param>
    /// <returns>Photo id to label (empty for an unknown user).</returns>
    public static IReadOnlyDictionary<long, PhotoLabel> Get(Workspace workspace, string user)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ValidateUser(user);
        using var db = workspace.Connect();
        return Workspace.Query(db, "SELECT l.photo_id, l.label FROM labels l JOIN users u ON u.id = l.user_id JOIN photos p ON p.id = l.photo_id WHERE u.name = $n AND p.status = 'ok'",
            r => (PhotoId: r.GetInt64(0), Label: Parse(r.GetString(1))), ("$n", user)).ToDictionary(row => row.PhotoId, row => row.Label);
    }

    /// <summary>
    /// A user's most recent labels that still stand with <paramref name="source"/> as their source (an answer undone or
    /// relabeled from elsewhere no longer counts), newest first.
    /// </summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="user">The profile name.</param>
    /// <param name="source">The source, for example <c>review</c>.</param>
    /// <param name="count">At most this many; 0 or less for none.</param>
    /// <returns>The labels, newest first (empty for an unknown user).</returns>
    public static IReadOnlyList<PhotoLabel> Recent(Workspace workspace, string user, string source, int count)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(source);
        ValidateUser(user);
        if (count <= 0)
        {
            return [];
        }

        using var db = workspace.Connect();
        return Workspace.Query(db, """
            SELECT l.label FROM labels l JOIN users u ON u.id = l.user_id JOIN photos p ON p.id = l.photo_id
            WHERE u.name = $n AND l.source = $s AND p.status = 'ok' ORDER BY l.labeled_at DESC, l.rowid DESC LIMIT $c
            """, r => Parse(r.GetString(0)), ("$n", user), ("$s", source), ("$c", count));
    }

    /// <summary>One photo's current labels, by user.</summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="photoId">The photo.</param>
    /// <returns>User name to label, sorted by name (empty when nobody labeled it).</returns>
    public static IReadOnlyDictionary<string, PhotoLabel> ForPhoto(Workspace workspace, long photoId)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        using var db = workspace.Connect();
        var labels = Workspace.Query(db, "SELECT u.name, l.label FROM labels l JOIN users u ON u.id = l.user_id WHERE l.photo_id = $p",
            r => (User: r.GetString(0), Label: Parse(r.GetString(1))), ("$p", photoId));
        return new SortedDictionary<string, PhotoLabel>(labels.ToDictionary(row => row.User, row => row.Label), StringComparer.Ordinal);
    }

    /// <summary>The workspace's user profiles.</summary>
    /// <param name="workspace">The workspace.</param>
    /// <returns>Names, sorted.</returns>
    public static IReadOnlyList<string> Users(Workspace workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        using var db = workspace.Connect();
        return Workspace.Query(db, "SELECT name FROM users ORDER BY name", r => r.GetString(0));
    }

    /// <summary>Applies labels read from a CSV to the photos with those relative paths, in one transaction.</summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="user">The profile name.</param>
    /// <param name="rows">Relative paths and labels (see <see cref="LabelCsv.Read(string)"/>).</param>
    /// <param name="source">Recorded source.</param>
    /// <param name="only">When given, only photos with these ids are labeled (for example 45 representatives).</param>
    /// <returns>What was applied and what did not match.</returns>
    public static LabelImport Import(Workspace workspace, string user, IEnumerable<(string File, PhotoLabel Label)> rows, string source, IReadOnlySet<long>? only = null)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(rows);
        ValidateUser(user);
        var byPath = PhotoIdsByPath(workspace);
        var unmatched = new List<string>();
        int applied = 0;
        using var db = workspace.Connect();
        using var tx = db.BeginTransaction();
        long userId = EnsureUser(db, user);
        foreach (var (file, label) in rows)
        {
            if (!byPath.TryGetValue(file, out var id))
            {
                unmatched.Add(file);
                continue;
            }

            if (only is null || only.Contains(id))
            {
                Apply(db, userId, id, label, source);
                applied++;
            }
        }

        tx.Commit();
        return new LabelImport(applied, unmatched);
    }

    /// <summary>Photo ids by their path relative to the album (with '/').</summary>
    /// <param name="workspace">The workspace.</param>
    /// <returns>The map.</returns>
    public static IReadOnlyDictionary<string, long> PhotoIdsByPath(Workspace workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        using var db = workspace.Connect();
        var map = new Dictionary<string, long>(StringComparer.Ordinal);
        // Two stored paths can read the same once '\' becomes '/': the later row wins.
        foreach (var (id, path) in Workspace.Query(db, "SELECT id, path FROM photos WHERE status = 'ok'", r => (r.GetInt64(0), r.GetString(1).Replace('\\', '/'))))
        {
            map[path] = id;
        }

        return map;
    }

    private static long EnsureUser(SqliteConnection db, string user)
    {
        Workspace.Execute(db, "INSERT INTO users(name, created_at) VALUES ($n, $t) ON CONFLICT(name) DO NOTHING", ("$n", user), ("$t", Now()));
        return (long)Workspace.Scalar(db, "SELECT id FROM users WHERE name = $n", ("$n", user))!;
    }

    private static void Apply(SqliteConnection db, long userId, long photoId, PhotoLabel? label, string source)
    {
        var now = Now();
        if (label is { } l)
        {
            Workspace.Execute(db, """
                INSERT INTO labels(user_id, photo_id, label, source, labeled_at) VALUES ($u, $p, $l, $s, $t)
                ON CONFLICT(user_id, photo_id) DO UPDATE SET label = excluded.label, source = excluded.source, labeled_at = excluded.labeled_at
                """, ("$u", userId), ("$p", photoId), ("$l", ToText(l)), ("$s", source), ("$t", now));
        }
        else
        {
            Workspace.Execute(db, "DELETE FROM labels WHERE user_id = $u AND photo_id = $p", ("$u", userId), ("$p", photoId));
        }

        Workspace.Execute(db, "INSERT INTO label_events(user_id, photo_id, label, source, at) VALUES ($u, $p, $l, $s, $t)",
            ("$u", userId), ("$p", photoId), ("$l", label is { } x ? ToText(x) : null), ("$s", source), ("$t", now));
    }

    private static string Now() => DateTime.UtcNow.ToString("o", CultureInfo.InvariantCulture);

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex UserPattern();
}
