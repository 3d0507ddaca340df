using PhotoPrefs.Albums;
using PhotoPrefs.Testing;
using PhotoPrefs.Store;

namespace PhotoPrefs.Tests.Store;

/// <summary>Labels per user: durable writes, undo that survives reopening, CSV import, hostile names refused.</summary>
public sealed class LabelStoreTests
{
    private static (TempDir Tmp, Workspace Ws, long[] Ids) Imported(int photos)
    {
        var tmp = new TempDir();
        var album = tmp.Sub("album");
        for (int i = 0; i < photos; i++)
        {
            File.WriteAllBytes(Path.Combine(album, $"p{i}.jpg"), TestImages.Jpeg(64, 48, i));
        }

        var ws = Workspace.Open(Path.Combine(tmp.Path, "ws"));
        AlbumImporter.Import(album, ws);
        var ids = LabelStore.PhotoIdsByPath(ws).OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Value).ToArray();
        return (tmp, ws, ids);
    }

    [Fact]
    public void Set_undo_and_reopen()
    {
        var (tmp, ws, ids) = Imported(3);
        using var _ = tmp;
        LabelStore.Set(ws, "J", ids[0], PhotoLabel.Delete, "test");
        LabelStore.Set(ws, "J", ids[1], PhotoLabel.Keep, "test");
        LabelStore.Set(ws, "J", ids[0], PhotoLabel.Keep, "test");
        LabelStore.Set(ws, "F", ids[2], PhotoLabel.Delete, "test");

        // A fresh handle on the same folder sees everything (nothing held in memory).
        var again = Workspace.Open(ws.Directory, create: false);
        Assert.Equal(PhotoLabel.Keep, LabelStore.Get(again, "J")[ids[0]]);
        Assert.Equal(2, LabelStore.Get(again, "J").Count);
        Assert.Equal(["F", "J"], LabelStore.Users(again));

        // Undo walks back J's changes one at a time, F untouched.
        Assert.Equal(ids[0], LabelStore.Undo(again, "J"));
        Assert.Equal(PhotoLabel.Delete, LabelStore.Get(again, "J")[ids[0]]);
        Assert.Equal(ids[1], LabelStore.Undo(Workspace.Open(ws.Directory, create: false), "J"));
        Assert.False(LabelStore.Get(again, "J").ContainsKey(ids[1]));
        Assert.Equal(ids[0], LabelStore.Undo(again, "J"));
        Assert.Empty(LabelStore.Get(again, "J"));
        Assert.Null(LabelStore.Undo(again, "J"));
        Assert.Single(LabelStore.Get(again, "F"));
    }

    [Fact]
    public void One_photos_labels_by_user()
    {
        var (tmp, ws, ids) = Imported(3);
        using var _ = tmp;
        LabelStore.Set(ws, "J", ids[0], PhotoLabel.Delete, "test");
        LabelStore.Set(ws, "F", ids[0], PhotoLabel.Keep, "test");
        LabelStore.Set(ws, "C", ids[1], PhotoLabel.Keep, "test");
        LabelStore.Set(ws, "C", ids[1], null, "test");

        var first = LabelStore.ForPhoto(ws, ids[0]);
        Assert.Equal(["F", "J"], first.Keys);
        Assert.Equal(PhotoLabel.Keep, first["F"]);
        Assert.Equal(PhotoLabel.Delete, first["J"]);
        Assert.Empty(LabelStore.ForPhoto(ws, ids[1])); // the label was cleared
        Assert.Empty(LabelStore.ForPhoto(ws, ids[2]));
    }

    [Fact]
    public void Bad_input_is_refused_with_a_clear_error()
    {
        var (tmp, ws, ids) = Imported(1);
        using var _ = tmp;
        Assert.Throws<PhotoPrefsException>(() => LabelStore.Set(ws, "../etc", ids[0], PhotoLabel.Keep, "test"));
        Assert.Throws<PhotoPrefsException>(() => LabelStore.Set(ws, "J'; DROP TABLE labels;--", ids[0], PhotoLabel.Keep, "test"));
        Assert.Throws<PhotoPrefsException>(() => LabelStore.Set(ws, new string('a', 33), ids[0], PhotoLabel.Keep, "test"));
        var e = Assert.Throws<PhotoPrefsException>(() => LabelStore.Set(ws, "J", 999_999, PhotoLabel.Keep, "test"));
        Assert.Contains("999999", e.Message, StringComparison.Ordinal);
        Assert.Throws<PhotoPrefsException>(() => LabelStore.Parse("maybe"));
        Assert.Empty(LabelStore.Get(ws, "J"));
    }

    [Fact]
    public void Csv_import_matches_relative_paths_and_names_bad_lines()
    {
        var (tmp, ws, ids) = Imported(3);
        using var _ = tmp;
        var csv = Path.Combine(tmp.Path, "J.csv");
        File.WriteAllText(csv, "file,label\np0.jpg,delete\np1.jpg,KEEP\n\nnot-there.jpg,keep\n");
        var result = LabelStore.Import(ws, "J", LabelCsv.Read(csv), "csv");
        Assert.Equal(2, result.Applied);
        Assert.Equal(["not-there.jpg"], result.Unmatched);
        Assert.Equal(PhotoLabel.Delete, LabelStore.Get(ws, "J")[ids[0]]);

        File.WriteAllText(csv, "file,label\np0.jpg,delete\np1.jpg,perhaps\n");
        var e = Assert.Throws<PhotoPrefsException>(() => LabelCsv.Read(csv));
        Assert.Contains(":3:", e.Message, StringComparison.Ordinal);
        Assert.Throws<PhotoPrefsException>(() => LabelCsv.Read(Path.Combine(tmp.Path, "missing.csv")));
    }

    [Fact]
    public void Csv_with_a_byte_order_mark_crlf_and_a_quoted_name_holding_a_comma_imports()
    {
        var (tmp, ws, ids) = Imported(2);
        using var _ = tmp;
        File.Copy(Path.Combine(tmp.Path, "album", "p1.jpg"), Path.Combine(tmp.Path, "album", "beach, \"day\" 2.jpg"));
        AlbumImporter.Import(Path.Combine(tmp.Path, "album"), ws);
        var byPath = PhotoStore.IdsByPath(ws);
        var csv = Path.Combine(tmp.Path, "J.csv");
        File.WriteAllBytes(csv, [0xEF, 0xBB, 0xBF, .. System.Text.Encoding.UTF8.GetBytes("file,label\r\n\"beach, \"\"day\"\" 2.jpg\",delete\r\np0.jpg , keep\r\n\r\n")]);
        var rows = LabelCsv.Read(csv);
        Assert.Equal([("beach, \"day\" 2.jpg", PhotoLabel.Delete), ("p0.jpg", PhotoLabel.Keep)], rows);
        var result = LabelStore.Import(ws, "J", rows, "csv");
        Assert.Equal(2, result.Applied);
        Assert.Empty(result.Unmatched);
        Assert.Equal(PhotoLabel.Delete, LabelStore.Get(ws, "J")[byPath["beach, \"day\" 2.jpg"]]);
        Assert.Equal(PhotoLabel.Keep, LabelStore.Get(ws, "J")[ids[0]]);
    }

    [Fact]
    public void Csv_written_reads_back_and_an_unquoted_extra_comma_names_its_line()
    {
        using var tmp = new TempDir();
        var csv = Path.Combine(tmp.Path, "out.csv");
        (string, PhotoLabel)[] rows = [("a, b.jpg", PhotoLabel.Delete), ("Camera/\"q\".png", PhotoLabel.Keep), ("plain.jpg", PhotoLabel.Keep)];
        LabelCsv.Write(csv, rows);
        Assert.Equal(rows, LabelCsv.Read(csv));
        Assert.StartsWith("file,label\n", File.ReadAllText(csv), StringComparison.Ordinal);

        File.WriteAllText(csv, "p0.jpg,keep\na, b.jpg,delete\n");
        var e = Assert.Throws<PhotoPrefsException>(() => LabelCsv.Read(csv));
        Assert.Contains(":2:", e.Message, StringComparison.Ordinal);
    }
}
