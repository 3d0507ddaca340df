using PhotoPrefs.Store;

namespace PhotoPrefs.Tests.Store;

/// <summary><see cref="Workspace.Query{T}"/>: parameters are bound by name and every row is mapped, in the order the query returns them.</summary>
public sealed class WorkspaceQueryTests
{
    [Fact]
    public void Query_binds_the_parameters_and_maps_every_row_in_order()
    {
        using var tmp = new TempDir();
        var ws = Workspace.Open(Path.Combine(tmp.Path, "ws"));
        using var db = ws.Connect();
        foreach (var (key, value) in new[] { ("test.b", "2"), ("test.c", "3"), ("test.a", "1") })
        {
            Workspace.Execute(db, "INSERT INTO meta(key, value) VALUES ($k, $v)", ("$k", key), ("$v", value));
        }

        var rows = Workspace.Query(db, "SELECT key, value FROM meta WHERE key LIKE $prefix AND key <> $skip ORDER BY key DESC",
            r => (Key: r.GetString(0), Value: r.GetString(1)), ("$prefix", "test.%"), ("$skip", "test.b"));

        Assert.Equal([("test.c", "3"), ("test.a", "1")], rows);
    }

    [Fact]
    public void Query_binds_a_null_value_as_NULL_and_returns_an_empty_list_for_no_rows()
    {
        using var tmp = new TempDir();
        var ws = Workspace.Open(Path.Combine(tmp.Path, "ws"));
        using var db = ws.Connect();

        Assert.Equal([1L], Workspace.Query(db, "SELECT $x IS NULL", r => r.GetInt64(0), ("$x", null)));
        int mapped = 0;
        Assert.Empty(Workspace.Query(db, "SELECT key FROM meta WHERE key = $k", r => mapped++, ("$k", "absent")));
        Assert.Equal(0, mapped);
    }
}
