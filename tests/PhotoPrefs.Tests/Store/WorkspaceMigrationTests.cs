using PhotoPrefs.Store;

namespace PhotoPrefs.Tests.Store;

/// <summary>A workspace written by an earlier PhotoPrefs opens, is upgraded in place and keeps its photos and labels.</summary>
public sealed class WorkspaceMigrationTests
{
    // Schema version 2: two photos (one named "beach, day 2.jpg") and two labels of J, made by the release before
    // the workspace layer added migration 3.
    private static string Fixture => Path.Combine(AppContext.BaseDirectory, "Store", "Fixtures", "workspace-v2.db");

    [Fact]
    public void A_workspace_from_the_previous_schema_opens_and_upgrades()
    {
        using var tmp = new TempDir();
        var folder = tmp.Sub("ws");
        File.Copy(Fixture, Path.Combine(folder, Workspace.DatabaseFileName));
        using (var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(folder, Workspace.DatabaseFileName)};Pooling=False"))
        {
            db.Open();
            Assert.Equal(2L, Workspace.Scalar(db, "PRAGMA user_version"));
        }

        var ws = Workspace.Open(folder, create: false);
        Assert.Equal(Schema.CurrentVersion, ws.SchemaVersion());
        Assert.True(Schema.CurrentVersion > 2);
        var ids = PhotoStore.IdsByPath(ws);
        Assert.Equal(["Camera/IMG_20230112_123403.jpg", "Camera/beach, day 2.jpg"], ids.Keys.Order(StringComparer.Ordinal));
        var labels = LabelStore.Get(ws, "J");
        Assert.Equal(PhotoLabel.Delete, labels[ids["Camera/IMG_20230112_123403.jpg"]]);
        Assert.Equal(PhotoLabel.Keep, labels[ids["Camera/beach, day 2.jpg"]]);
        Assert.NotNull(ThumbnailStore.Get(ws, ids["Camera/beach, day 2.jpg"], ThumbnailKinds.Thumb));

        // Opening again is a no-op: the version stays and nothing is lost.
        Assert.Equal(Schema.CurrentVersion, Workspace.Open(folder, create: false).SchemaVersion());
        Assert.Equal(2, LabelStore.Get(ws, "J").Count);
    }
}
