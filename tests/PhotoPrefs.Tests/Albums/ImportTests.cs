using Microsoft.Data.Sqlite;
using PhotoPrefs.Albums;
using PhotoPrefs.Testing;
using PhotoPrefs.Store;

namespace PhotoPrefs.Tests.Albums;

public sealed class ImportTests : IDisposable
{
    private readonly TempDir _tmp = new();

    public void Dispose() => _tmp.Dispose();

    private string GoodAlbum(int photos, int width = 320, int height = 240)
    {
        var album = _tmp.Sub("album");
        for (int i = 0; i < photos; i++)
        {
            var dir = i % 2 == 0 ? album : Directory.CreateDirectory(Path.Combine(album, "sub")).FullName;
            File.WriteAllBytes(Path.Combine(dir, $"p{i:D2}.jpg"), TestImages.Jpeg(width, height, seed: i));
        }

        return album;
    }

    private Workspace NewWorkspace() => Workspace.Open(Path.Combine(_tmp.Path, "ws"));

    private string BadAlbum()
    {
        var album = GoodAlbum(2);
        var outside = _tmp.Sub("outside");
        File.WriteAllBytes(Path.Combine(outside, "secret.jpg"), TestImages.Jpeg(64, 64, 99));
        File.WriteAllBytes(Path.Combine(album, "zero.jpg"), []);
        var good = TestImages.Jpeg(400, 300, 3);
        File.WriteAllBytes(Path.Combine(album, "truncated.jpg"), good[..(good.Length / 2)]);
        File.WriteAllText(Path.Combine(album, "notes.jpg"), "this is a text file with a photo's name\n");
        File.WriteAllBytes(Path.Combine(album, "random.png"), RandomBytes(5000, 11));
        File.WriteAllBytes(Path.Combine(album, "bomb.png"), TestImages.PngWithHeader(40_000, 40_000));
        File.WriteAllBytes(Path.Combine(album, "huge-claim.png"), TestImages.PngWithHeader(int.MaxValue, int.MaxValue));
        File.WriteAllBytes(Path.Combine(album, "lying.jpg"), TestImages.JpegWithLyingHeader(65_000, 65_000));
        File.CreateSymbolicLink(Path.Combine(album, "escape.jpg"), Path.Combine(outside, "secret.jpg"));
        File.CreateSymbolicLink(Path.Combine(album, "loop.jpg"), Path.Combine(album, "loop.jpg"));
        Directory.CreateSymbolicLink(Path.Combine(album, "sub", "back"), album);
        File.CreateSymbolicLink(Path.Combine(album, "broken.jpg"), Path.Combine(album, "nowhere.jpg"));
        return album;
    }

    private static byte[] RandomBytes(int n, int seed)
    {
        var b = new byte[n];
        new Random(seed).NextBytes(b);
        return b;
    }

    [Fact]
    public void Photos_imported_without_a_detail_image_are_prepared_again_keeping_their_labels()
    {
        var album = GoodAlbum(3);
        var ws = NewWorkspace();
        AlbumImporter.Import(album, ws);
        var id = LabelStore.PhotoIdsByPath(ws).Values.Min();
        LabelStore.Set(ws, "J", id, PhotoLabel.Delete, "test");
        using (var db = ws.Connect())
        {
            Workspace.Execute(db, "DELETE FROM thumbnails WHERE kind = 'detail'");
        }

        var again = AlbumImporter.Import(album, ws);
        Assert.Equal(3, again.Updated);
        using (var db = ws.Connect())
        {
            Assert.Equal(3L, Workspace.Scalar(db, "SELECT COUNT(*) FROM thumbnails WHERE kind = 'detail'"));
        }

        Assert.Equal(PhotoLabel.Delete, LabelStore.Get(ws, "J")[id]);
        Assert.Equal(3, AlbumImporter.Import(album, ws).Unchanged);
    }

    [Fact]
    public void Import_stores_photos_with_their_thumbnails()
    {
        var album = GoodAlbum(4);
        var ws = NewWorkspace();
        var s = AlbumImporter.Import(album, ws);
        Assert.Equal(4, s.Found);
        Assert.Equal(4, s.Added);
        Assert.Empty(s.Skipped);
        using var db = ws.Connect();
        Assert.Equal(4L, Workspace.Scalar(db, "SELECT COUNT(*) FROM photos WHERE status = 'ok' AND width = 320 AND height = 240"));
        Assert.Equal(12L, Workspace.Scalar(db, "SELECT COUNT(*) FROM thumbnails"));
        Assert.Equal(4L, Workspace.Scalar(db, "SELECT COUNT(*) FROM thumbnails WHERE kind = 'detail'"));
        Assert.Equal(0L, Workspace.Scalar(db, "SELECT COUNT(*) FROM thumbnails WHERE kind = 'compressed' AND LENGTH(data) > 3072"));
        Assert.Equal("sub/p01.jpg", Workspace.Scalar(db, "SELECT path FROM photos ORDER BY path LIMIT 1 OFFSET 2"));
    }

    [Fact]
    public void Bad_files_are_skipped_with_a_reason_and_never_stop_the_import()
    {
        var album = BadAlbum();
        var s = AlbumImporter.Import(album, NewWorkspace());
        var reasons = s.Skipped.ToDictionary(k => k.RelativePath, k => k.Reason);
        Assert.Equal(2, s.Added);
        Assert.Contains("empty file", reasons["zero.jpg"]);
        Assert.Contains("truncated or corrupt", reasons["truncated.jpg"]);
        Assert.Contains("not a readable image", reasons["notes.jpg"]);
        Assert.Contains("not a readable image", reasons["random.png"]);
        Assert.Contains("over the limit", reasons["bomb.png"]);
        Assert.True(reasons["huge-claim.png"].Contains("over the limit", StringComparison.Ordinal) || reasons["huge-claim.png"].Contains("not a readable image", StringComparison.Ordinal), reasons["huge-claim.png"]);
        Assert.Contains("over the limit", reasons["lying.jpg"]);
        Assert.Contains("outside the album", reasons["escape.jpg"]);
        Assert.Contains("symlink loop", reasons["loop.jpg"]);
        Assert.Contains("symlink loop", reasons["sub/back"]);
        Assert.Contains("broken symlink", reasons["broken.jpg"]);
        Assert.Equal(11, s.Skipped.Count);
    }

    [Fact]
    public void The_album_fingerprint_follows_the_photos_and_their_dates()
    {
        var album = GoodAlbum(3);
        var files = Directory.GetFiles(album, "*.jpg", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        for (int i = 0; i < files.Length; i++)
        {
            File.SetLastWriteTimeUtc(files[i], new DateTime(2024, 5, 1 + i, 10, 0, 0, DateTimeKind.Utc)); // no EXIF time: dated by the file
        }

        string Fingerprint(string folder, string name)
        {
            var ws = Workspace.Open(Path.Combine(_tmp.Path, name));
            AlbumImporter.Import(folder, ws);
            return WorkspaceSummary.AlbumFingerprint(ws);
        }

        var first = Fingerprint(album, "ws1");
        Assert.Matches("^[0-9a-f]{16}$", first);
        Assert.Equal(first, Fingerprint(album, "ws2"));

        // A copy that does not keep the files' dates is another timeline, so another fingerprint; with the dates kept it is the same album.
        var copy = _tmp.Sub("copy");
        foreach (var f in files)
        {
            var dest = Path.Combine(copy, Path.GetRelativePath(album, f));
            Directory.CreateDirectory(Path.GetDirectoryName(dest)!);
            File.Copy(f, dest);
            File.SetLastWriteTimeUtc(dest, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        }

        Assert.NotEqual(first, Fingerprint(copy, "ws3"));
        foreach (var f in files)
        {
            File.SetLastWriteTimeUtc(Path.Combine(copy, Path.GetRelativePath(album, f)), File.GetLastWriteTimeUtc(f));
        }

        Assert.Equal(first, Fingerprint(copy, "ws4"));

        // Another photo changes it too.
        File.WriteAllBytes(Path.Combine(copy, "extra.jpg"), TestImages.Jpeg(320, 240, seed: 9));
        File.SetLastWriteTimeUtc(Path.Combine(copy, "extra.jpg"), new DateTime(2024, 6, 1, 10, 0, 0, DateTimeKind.Utc));
        Assert.NotEqual(first, Fingerprint(copy, "ws5"));
    }

    [Fact]
    public void Skipped_files_are_recorded_in_the_workspace()
    {
        var album = BadAlbum();
        var ws = NewWorkspace();
        AlbumImporter.Import(album, ws);
        var summary = WorkspaceSummary.Read(ws);
        Assert.Equal(2, summary.Photos);
        Assert.Equal(11, summary.Skipped.Count);
        Assert.All(summary.Skipped, k => Assert.False(string.IsNullOrWhiteSpace(k.Reason)));

        // A second run reports the same skipped files without reading them again.
        var again = AlbumImporter.Import(album, ws);
        Assert.Equal(11, again.Skipped.Count);
        Assert.Equal(0, again.Added);
    }

    [Fact]
    public void Unreadable_file_is_skipped_or_imported_but_never_fatal()
    {
        var album = GoodAlbum(1);
        var locked = Path.Combine(album, "locked.jpg");
        File.WriteAllBytes(locked, TestImages.Jpeg(64, 64, 5));
        File.SetUnixFileMode(locked, UnixFileMode.None);
        bool readable;
        try
        {
            using var _ = File.OpenRead(locked);
            readable = true;
        }
        catch (UnauthorizedAccessException)
        {
            readable = false;
        }

        var s = AlbumImporter.Import(album, NewWorkspace());
        if (readable)
        {
            // Root reads anything: the file is a good photo then.
            Assert.Equal(2, s.Added);
        }
        else
        {
            Assert.Equal(1, s.Added);
            Assert.Contains("file not readable", Assert.Single(s.Skipped).Reason);
        }
    }

    [Fact]
    public void Album_bytes_are_identical_before_and_after_import()
    {
        var album = BadAlbum();
        var before = TestImages.Fingerprint(album);
        var ws = NewWorkspace();
        AlbumImporter.Import(album, ws);
        AlbumImporter.Import(album, ws);
        Assert.Equal(before, TestImages.Fingerprint(album));
    }

    [Fact]
    public void Reimport_is_a_no_op()
    {
        var album = GoodAlbum(5);
        var ws = NewWorkspace();
        AlbumImporter.Import(album, ws);
        var rowsBefore = Dump(ws);
        var s = AlbumImporter.Import(album, ws);
        Assert.Equal((0, 0, 0, 5), (s.Added, s.Updated, s.Moved, s.Unchanged));
        Assert.Equal(rowsBefore, Dump(ws));
    }

    [Fact]
    public void Changed_file_is_decoded_again_and_new_file_added()
    {
        var album = GoodAlbum(3);
        var ws = NewWorkspace();
        AlbumImporter.Import(album, ws);
        File.WriteAllBytes(Path.Combine(album, "p00.jpg"), TestImages.Jpeg(200, 100, seed: 42));
        File.WriteAllBytes(Path.Combine(album, "new.jpg"), TestImages.Jpeg(100, 200, seed: 43));
        var s = AlbumImporter.Import(album, ws);
        Assert.Equal((1, 1, 2), (s.Added, s.Updated, s.Unchanged));
        using var db = ws.Connect();
        Assert.Equal(200L, Workspace.Scalar(db, "SELECT width FROM photos WHERE path = 'p00.jpg'"));
    }

    [Fact]
    public void Moved_file_is_recognised_by_hash_and_keeps_its_id()
    {
        var album = GoodAlbum(3);
        var ws = NewWorkspace();
        AlbumImporter.Import(album, ws);
        long id;
        using (var db = ws.Connect())
        {
            id = (long)Workspace.Scalar(db, "SELECT id FROM photos WHERE path = 'p02.jpg'")!;
        }

        Directory.CreateDirectory(Path.Combine(album, "moved"));
        File.Move(Path.Combine(album, "p02.jpg"), Path.Combine(album, "moved", "renamed.jpg"));
        var s = AlbumImporter.Import(album, ws);
        Assert.Equal((0, 1, 0), (s.Added, s.Moved, s.Missing));
        using var db2 = ws.Connect();
        Assert.Equal(id, Workspace.Scalar(db2, "SELECT id FROM photos WHERE path = 'moved/renamed.jpg'"));
    }

    [Fact]
    public void Deleted_file_is_marked_missing()
    {
        var album = GoodAlbum(3);
        var ws = NewWorkspace();
        AlbumImporter.Import(album, ws);
        File.Delete(Path.Combine(album, "p00.jpg"));
        var s = AlbumImporter.Import(album, ws);
        Assert.Equal(1, s.Missing);
        Assert.Equal(2, WorkspaceSummary.Read(ws).Photos);
    }

    [Fact]
    public void Interrupted_import_leaves_a_consistent_workspace_and_resumes()
    {
        var album = GoodAlbum(12);
        var ws = NewWorkspace();
        using var cts = new CancellationTokenSource();
        var progress = new SyncProgress(p =>
        {
            if (p.Done >= 4)
            {
                cts.Cancel();
            }
        });
        Assert.ThrowsAny<OperationCanceledException>(() => AlbumImporter.Import(album, ws, new ImportOptions(MaxParallelism: 1), progress, cts.Token));
        int partial;
        using (var db = ws.Connect())
        {
            partial = Convert.ToInt32(Workspace.Scalar(db, "SELECT COUNT(*) FROM photos WHERE status = 'ok'"));
            Assert.InRange(partial, 4, 11);
            Assert.Equal((long)partial * 3, Workspace.Scalar(db, "SELECT COUNT(*) FROM thumbnails"));
        }

        var s = AlbumImporter.Import(album, ws);
        Assert.Equal(12 - partial, s.Added);
        Assert.Equal(partial, s.Unchanged);
        Assert.Equal(12, WorkspaceSummary.Read(ws).Photos);
    }

    [Fact]
    public void A_fresh_import_numbers_the_photos_in_path_order_whichever_finishes_first()
    {
        // The first file is by far the slowest to prepare: written as it finished, it would come last.
        var album = _tmp.Sub("album");
        File.WriteAllBytes(Path.Combine(album, "a-large.jpg"), TestImages.Jpeg(2400, 1800, seed: 1));
        for (int i = 0; i < 7; i++)
        {
            File.WriteAllBytes(Path.Combine(album, $"b{i}.jpg"), TestImages.Jpeg(96, 64, seed: 10 + i));
        }

        var ws = NewWorkspace();
        AlbumImporter.Import(album, ws, new ImportOptions(MaxParallelism: 4));
        using var db = ws.Connect();
        using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT path FROM photos ORDER BY id";
        var paths = new List<string>();
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
            {
                paths.Add(r.GetString(0));
            }
        }

        Assert.Equal(paths.Order(StringComparer.Ordinal), paths);
        Assert.Equal("a-large.jpg", paths[0]);
    }

    [Fact]
    public void Missing_album_is_a_clear_error()
    {
        var e = Assert.Throws<PhotoPrefsException>(() => AlbumImporter.Import(Path.Combine(_tmp.Path, "nope"), NewWorkspace()));
        Assert.Contains("album folder not found", e.Message);
    }

    [Fact]
    public void Workspace_from_a_newer_schema_is_refused()
    {
        var ws = NewWorkspace();
        using (var db = ws.Connect())
        {
            Workspace.Execute(db, "PRAGMA user_version = 999");
        }

        SqliteConnection.ClearAllPools();
        var e = Assert.Throws<PhotoPrefsException>(() => Workspace.Open(ws.Directory));
        Assert.Contains("newer", e.Message);
    }

    [Fact]
    public void Opening_a_missing_workspace_without_create_is_a_clear_error()
    {
        var e = Assert.Throws<PhotoPrefsException>(() => Workspace.Open(Path.Combine(_tmp.Path, "none"), create: false));
        Assert.Contains("workspace not found", e.Message);
    }

    [Fact]
    public void A_file_that_is_not_a_database_is_refused_clearly()
    {
        var dir = _tmp.Sub("fake");
        File.WriteAllText(Path.Combine(dir, Workspace.DatabaseFileName), new string('x', 5000));
        var e = Assert.Throws<PhotoPrefsException>(() => Workspace.Open(dir));
        Assert.Contains("not a PhotoPrefs workspace", e.Message);
    }

    private static string Dump(Workspace ws)
    {
        using var db = ws.Connect();
        using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT p.id, p.path, p.content_hash, p.imported_at, p.modified_at, t.kind, LENGTH(t.data) FROM photos p JOIN thumbnails t ON t.photo_id = p.id ORDER BY p.id, t.kind";
        using var r = cmd.ExecuteReader();
        var sb = new System.Text.StringBuilder();
        while (r.Read())
        {
            for (int i = 0; i < r.FieldCount; i++)
            {
                sb.Append(r.GetValue(i)).Append('|');
            }

            sb.AppendLine();
        }

        return sb.ToString();
    }

    private sealed class SyncProgress(Action<ImportProgress> action) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => action(value);
    }
}
