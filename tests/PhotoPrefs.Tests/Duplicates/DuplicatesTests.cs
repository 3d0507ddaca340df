using ImageMagick;
using Microsoft.Data.Sqlite;
using PhotoPrefs.Albums;
using PhotoPrefs.Duplicates;
using PhotoPrefs.Embeddings;
using PhotoPrefs.Features;
using PhotoPrefs.Testing;
using PhotoPrefs.Store;

namespace PhotoPrefs.Tests.Duplicates;

/// <summary>Near-duplicate groups: exact and edited copies found, other photos left alone, the right copy kept.</summary>
public sealed class DuplicatesTests
{
    private static string Sample(string relative) => SampleAlbumFiles.Path(relative);

    [Fact]
    public void Exact_and_edited_copies_are_grouped_and_the_largest_sharpest_copy_is_kept()
    {
        using var tmp = new TempDir();
        var album = tmp.Sub("album");
        var camera = Directory.GetFiles(Sample("Camera"), "*.jpg").Order(StringComparer.Ordinal).ToList();
        string a = camera[0], b = camera[40];
        string screenshot = Directory.GetFiles(Sample("Screenshots")).Order(StringComparer.Ordinal).First();
        File.Copy(a, Path.Combine(album, "a.jpg"));
        Directory.CreateDirectory(Path.Combine(album, "backup"));
        File.Copy(a, Path.Combine(album, "backup", "a.jpg"));
        using (var sent = new MagickImage(a))
        {
            sent.Resize(new Percentage(70));
            sent.Quality = 40;
            sent.Write(Path.Combine(album, "a-sent.jpg"));
        }

        File.Copy(b, Path.Combine(album, "b.jpg"));
        using (var smaller = new MagickImage(b))
        {
            // An edited copy: half the size, recompressed, a little brighter, saved as PNG.
            smaller.Resize(new Percentage(50));
            smaller.BrightnessContrast(new Percentage(8), new Percentage(0));
            smaller.Write(Path.Combine(album, "b-sent.png"), MagickFormat.Png);
        }

        File.Copy(screenshot, Path.Combine(album, "screen.png"));
        try
        {
            var ws = Workspace.Open(tmp.Sub("ws"));
            AlbumImporter.Import(album, ws);
            FeatureExtraction.Compute(ws, [FeatureKinds.Quality, FeatureKinds.Color, FeatureKinds.Hash]);
            EmbeddingExtraction.Compute(ws);
            var groups = AlbumDuplicates.Find(ws);
            var copies = groups.Where(g => g.Kind == DuplicateKind.Copy).ToList();
            var exact = Assert.Single(copies, g => g.Members.Any(m => m.Path == "a.jpg"));
            // The byte-identical twin and the smaller re-encoded copy make one group, and a full-size file is kept.
            Assert.Equal(["a-sent.jpg", "a.jpg", "backup/a.jpg"], exact.Members.Select(m => m.Path).Order(StringComparer.Ordinal));
            Assert.NotEqual("a-sent.jpg", exact.Keep.Path);
            var edited = Assert.Single(copies, g => g.Members.Any(m => m.Path == "b.jpg"));
            Assert.Equal(["b-sent.png", "b.jpg"], edited.Members.Select(m => m.Path).Order(StringComparer.Ordinal));
            Assert.Equal("b.jpg", edited.Keep.Path);
            Assert.StartsWith("largest", edited.Reasons[0], StringComparison.Ordinal);
            Assert.DoesNotContain(groups, g => g.Members.Any(m => m.Path == "screen.png"));

            // Kept in the workspace: the first call searches and stores, the next reads the stored groups back, and a
            // change to the album (a capture time corrected) or to the thresholds makes it search again.
            string Groups(IReadOnlyList<DuplicateGroup> g) => string.Join("; ", g.Select(x => $"{x.Kind} {x.Keep.Path}: {string.Join(", ", x.Members.Select(m => m.Path))} ({string.Join(", ", x.Reasons)})"));
            Assert.Equal(Groups(groups), Groups(AlbumDuplicates.Stored(ws)));
            MetaStore.Set(ws, AlbumDuplicates.MetaKey, MetaStore.Get(ws, AlbumDuplicates.MetaKey)!.Replace("\"b.jpg\"", "\"marked.jpg\"", StringComparison.Ordinal));

            Assert.Contains("marked.jpg", Groups(AlbumDuplicates.Stored(ws)), StringComparison.Ordinal); // read back, not searched
            Assert.DoesNotContain("marked.jpg", Groups(AlbumDuplicates.Stored(ws, new DuplicateOptions(CopyAgreement: 0.9))), StringComparison.Ordinal);
            MetaStore.Set(ws, AlbumDuplicates.MetaKey, "not json");

            Assert.Equal(Groups(groups), Groups(AlbumDuplicates.Stored(ws))); // unreadable: searched again
            MetaStore.Set(ws, AlbumDuplicates.MetaKey, MetaStore.Get(ws, AlbumDuplicates.MetaKey)!.Replace("\"b.jpg\"", "\"marked.jpg\"", StringComparison.Ordinal));
            using (var db = ws.Connect())
            {
                Workspace.Execute(db, "UPDATE photos SET taken_at = '2020-01-01T00:00:00' WHERE path = 'screen.png'");
            }

            Assert.Equal(Groups(groups), Groups(AlbumDuplicates.Stored(ws))); // the album changed: searched again
        }
        finally
        {
            SqliteConnection.ClearAllPools();
        }
    }

    [Fact]
    public void The_finder_works_on_arrays_alone()
    {
        // Rows 0 and 1 are byte-identical files, rows 2 and 3 one burst with known capture times, row 4 alone;
        // one-hot embeddings keep every centred cosine at -0.25, so nothing else is alike.
        static DuplicateInput Photo(long id, string hash, int burst, string taken) =>
            new(new DuplicatePhoto(id, $"{id}.jpg", 100, 100, 2.5, 0), hash, taken, KnownTime: true, burst, PHash: 0);
        DuplicateInput[] photos = [Photo(1, "h", -1, "t1"), Photo(2, "h", -1, "t1"), Photo(3, "x", 0, "t2"), Photo(4, "y", 0, "t3"), Photo(5, "z", -1, "t4")];
        var embeddings = new float[5 * 5];
        for (int i = 0; i < 5; i++)
        {
            embeddings[(i * 5) + i] = 1;
        }

        var asked = new List<int>();
        var groups = DuplicateFinder.Find(photos, embeddings, 5, ids =>
        {
            asked.Add(ids.Count);
            return new Dictionary<long, byte[]>();
        });
        Assert.Equal([0], asked); // no pair needed its pixels compared
        Assert.Collection(
            groups,
            copy => Assert.Equal((DuplicateKind.Copy, "1.jpg", "1.jpg, 2.jpg"), (copy.Kind, copy.Keep.Path, string.Join(", ", copy.Members.Select(m => m.Path)))),
            burst => Assert.Equal((DuplicateKind.Burst, "3.jpg", "3.jpg, 4.jpg"), (burst.Kind, burst.Keep.Path, string.Join(", ", burst.Members.Select(m => m.Path)))));
        Assert.Throws<ArgumentException>(() => DuplicateFinder.Find(photos, new float[7], 5, _ => new Dictionary<long, byte[]>()));
    }

    [Fact]
    public void The_pick_weighs_pixels_then_sharpness_then_exposure()
    {
        var big = new DuplicatePhoto(1, "big.jpg", 4000, 3000, 3.5, 0.0);
        var small = new DuplicatePhoto(2, "small.jpg", 1000, 750, 2.0, 0.0);
        var group = DuplicateFinder.Group(DuplicateKind.Copy, [small, big]);
        Assert.Equal("big.jpg", group.Keep.Path);
        Assert.Equal(["big.jpg", "small.jpg"], group.Members.Select(m => m.Path));
        Assert.Equal("largest (4000 x 3000)", group.Reasons[0]);

        var blurred = new DuplicatePhoto(3, "burst-1.jpg", 4000, 3000, 6.2, 0.01);
        var sharp = new DuplicatePhoto(4, "burst-2.jpg", 4000, 3000, 2.4, 0.01);
        var dark = new DuplicatePhoto(5, "burst-3.jpg", 4000, 3000, 2.4, 0.30);
        var burst = DuplicateFinder.Group(DuplicateKind.Burst, [blurred, dark, sharp]);
        Assert.Equal("burst-2.jpg", burst.Keep.Path);
        Assert.Equal(["sharpest (edges 2.4 px wide)", "better exposed (1% clipped)"], burst.Reasons);

        // Copies of one picture: a brightened or captioned edit clips pixels and looks sharper; the untouched one is kept.
        var untouched = new DuplicatePhoto(8, "IMG_1.jpg", 4000, 3000, 3.1, 0.002);
        var brightened = new DuplicatePhoto(9, "IMG_1-bright.jpg", 4000, 3000, 2.2, 0.04);
        var captioned = new DuplicatePhoto(10, "IMG_1-caption.jpg", 4000, 3000, 2.6, 0.13);
        var copies = DuplicateFinder.Group(DuplicateKind.Copy, [brightened, captioned, untouched]);
        Assert.Equal("IMG_1.jpg", copies.Keep.Path);
        Assert.Equal(["least clipped (0.2%)"], copies.Reasons);
        // The same three as shots of a burst: the sharpest is kept.
        Assert.Equal("IMG_1-bright.jpg", DuplicateFinder.Group(DuplicateKind.Burst, [brightened, captioned, untouched]).Keep.Path);

        var twins = DuplicateFinder.Group(DuplicateKind.Copy, [new DuplicatePhoto(7, "z.jpg", 10, 10, 3, 0), new DuplicatePhoto(6, "y.jpg", 10, 10, 3, 0)]);
        Assert.Equal("y.jpg", twins.Keep.Path);
        Assert.Equal(["as good as the others; first by name"], twins.Reasons);
    }

    [Fact]
    public void A_copy_that_keeps_its_originals_capture_time_is_a_copy_and_the_bursts_other_shots_stay_a_burst()
    {
        using var tmp = new TempDir();
        var album = tmp.Sub("album");
        // Three shots of one burst in the sample, given the subseconds a phone writes, and a smaller copy of the
        // middle one that keeps its EXIF, as sharing and editing apps do.
        string[] shots = ["IMG_20230730_144921_1.jpg", "IMG_20230730_144921.jpg", "IMG_20230730_144922.jpg"];
        string[] subseconds = ["120", "480", "050"];
        for (int i = 0; i < shots.Length; i++)
        {
            using var shot = new MagickImage(Sample(Path.Combine("Camera", shots[i])));
            var exif = shot.GetExifProfile() ?? new ExifProfile();
            exif.SetValue(ExifTag.SubsecTimeOriginal, subseconds[i]);
            shot.SetProfile(exif);
            shot.Quality = 95;
            shot.Write(Path.Combine(album, shots[i]));
        }

        using (var edited = new MagickImage(Path.Combine(album, shots[1])))
        {
            edited.Resize(new Percentage(80));
            edited.Quality = 70;
            edited.Write(Path.Combine(album, "IMG_20230730_144921-edited.jpg"));
        }

        try
        {
            var ws = Workspace.Open(tmp.Sub("ws"));
            AlbumImporter.Import(album, ws);
            using (var db = ws.Connect())
            {
                Assert.Equal("2023-07-30T14:49:21.48", Workspace.Scalar(db, "SELECT taken_at FROM photos WHERE path = 'IMG_20230730_144921-edited.jpg'"));
            }

            FeatureExtraction.Compute(ws, [FeatureKinds.Quality, FeatureKinds.Color, FeatureKinds.Hash]);
            EmbeddingExtraction.Compute(ws);
            var groups = AlbumDuplicates.Find(ws).Where(g => g.Kind != DuplicateKind.Similar).ToList();
            var copy = Assert.Single(groups, g => g.Kind == DuplicateKind.Copy);
            Assert.Equal(["IMG_20230730_144921-edited.jpg", "IMG_20230730_144921.jpg"], copy.Members.Select(m => m.Path).Order(StringComparer.Ordinal));
            var burst = Assert.Single(groups, g => g.Kind == DuplicateKind.Burst);
            Assert.Equal(["IMG_20230730_144921_1.jpg", "IMG_20230730_144922.jpg"], burst.Members.Select(m => m.Path).Order(StringComparer.Ordinal));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
        }
    }

    [Fact]
    public void Thresholds_out_of_order_are_refused()
    {
        using var tmp = new TempDir();
        var ws = Workspace.Open(tmp.Sub("ws"));
        try
        {
            Assert.Contains("out of order", Assert.Throws<PhotoPrefsException>(() => AlbumDuplicates.Find(ws, new DuplicateOptions(CopyCosine: 0.5f, SimilarCosine: 0.9f))).Message, StringComparison.Ordinal);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
        }
    }
}
