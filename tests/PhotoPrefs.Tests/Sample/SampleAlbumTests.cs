using PhotoPrefs.Albums;
using PhotoPrefs.Sample;
using PhotoPrefs.Testing;
using PhotoPrefs.Store;

namespace PhotoPrefs.Tests.Sample;

/// <summary>The committed data-sample against its generator and its documented rules.</summary>
public sealed class SampleAlbumTests
{
    // The values data-sample/README.md names for the committed album.
    private const int Photos = 420;
    private const int Seed = 2020;

    private static string DataSample =>
        DataSampleFolder.Find(AppContext.BaseDirectory) ?? throw new DirectoryNotFoundException("data-sample not found above " + AppContext.BaseDirectory);

    [Fact]
    public void Regeneration_reproduces_every_committed_file()
    {
        var plan = SampleAlbumGenerator.Plan(Photos, Seed);
        var committed = SampleAlbumGenerator.ReadAttributes(Path.Combine(DataSample, "attributes.csv"));
        Assert.Equal(plan, committed);
        var mismatched = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, plan.Count, i =>
        {
            var bytes = SampleAlbumGenerator.Render(plan[i], Seed, i);
            var onDisk = File.ReadAllBytes(Path.Combine(DataSample, "album", plan[i].File));
            if (!bytes.AsSpan().SequenceEqual(onDisk))
            {
                mismatched.Add(plan[i].File);
            }
        });
        Assert.Empty(mismatched);
        var files = Directory.EnumerateFiles(Path.Combine(DataSample, "album"), "*", SearchOption.AllDirectories).Count();
        Assert.Equal(plan.Count, files);
    }

    [Fact]
    public void Label_files_match_the_rules()
    {
        var plan = SampleAlbumGenerator.ReadAttributes(Path.Combine(DataSample, "attributes.csv"));
        var mid = SimulatedUsers.Midpoint(plan);
        foreach (var user in SimulatedUsers.Names)
        {
            var lines = File.ReadAllLines(Path.Combine(DataSample, "labels", user + ".csv"));
            Assert.Equal("file,label", lines[0]);
            var labels = lines.Skip(1).Select(l => l.Split(',')).ToDictionary(f => f[0], f => f[1]);
            Assert.Equal(plan.Count, labels.Count);
            foreach (var p in plan)
            {
                Assert.Equal(SimulatedUsers.Deletes(user, p, mid) ? "delete" : "keep", labels[p.File]);
            }
        }
    }

    [Theory]
    [InlineData("J", 0.25, 0.40)]
    [InlineData("F", 0.18, 0.35)]
    [InlineData("C", 0.08, 0.10)]
    public void Deletion_rate_is_in_the_stated_range(string user, double min, double max)
    {
        var plan = SampleAlbumGenerator.ReadAttributes(Path.Combine(DataSample, "attributes.csv"));
        var mid = SimulatedUsers.Midpoint(plan);
        double rate = plan.Count(p => SimulatedUsers.Deletes(user, p, mid)) / (double)plan.Count;
        Assert.InRange(rate, min, max);
    }

    [Fact]
    public void Every_category_and_format_is_present()
    {
        var plan = SampleAlbumGenerator.ReadAttributes(Path.Combine(DataSample, "attributes.csv"));
        Assert.True(plan.Count >= 410);
        foreach (var kind in Enum.GetValues<SampleKind>())
        {
            Assert.Contains(plan, p => p.Kind == kind);
        }

        foreach (var category in new[] { "blurred", "dark", "overexposed", "burst", "floor", "screenshot", "chat", "meme", "document", "portrait", "food", "outdoor" })
        {
            Assert.Contains(plan, p => p.Category == category);
        }

        foreach (var ext in new[] { ".jpg", ".png", ".webp" })
        {
            Assert.Contains(plan, p => p.File.EndsWith(ext, StringComparison.Ordinal));
        }

        Assert.True(plan.Where(p => p.BurstId is not null).GroupBy(p => p.BurstId).All(g => g.Count(p => p.BurstRank == 0) == 1));
        long bytes = Directory.EnumerateFiles(DataSample, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        Assert.True(bytes < 20_000_000, $"data-sample is {bytes} bytes");
    }

    [Fact]
    public void F_changes_habit_at_the_midpoint()
    {
        var plan = SampleAlbumGenerator.ReadAttributes(Path.Combine(DataSample, "attributes.csv"));
        var mid = SimulatedUsers.Midpoint(plan);
        var screens = plan.Where(p => p.Kind == SampleKind.Screenshot && !p.Blurred && !p.Dark).ToList();
        Assert.All(screens.Where(p => p.TakenAt < mid), p => Assert.True(SimulatedUsers.Deletes("F", p, mid)));
        Assert.All(screens.Where(p => p.TakenAt >= mid), p => Assert.False(SimulatedUsers.Deletes("F", p, mid)));
        Assert.Contains(screens, p => p.TakenAt < mid);
        Assert.Contains(screens, p => p.TakenAt >= mid);
    }

    [Fact]
    public void The_sample_imports_cleanly_with_exif_times()
    {
        using var tmp = new TempDir();
        var ws = Workspace.Open(Path.Combine(tmp.Path, "ws"));
        var album = Path.Combine(DataSample, "album");
        var before = TestImages.Fingerprint(album);
        var s = AlbumImporter.Import(album, ws);
        Assert.Equal(420, s.Added);
        Assert.Empty(s.Skipped);
        using var db = ws.Connect();
        Assert.Equal(0L, Workspace.Scalar(db, "SELECT COUNT(*) FROM photos WHERE taken_at_source <> 'exif' AND format = 'JPEG'"));
        Assert.Equal(0L, Workspace.Scalar(db, "SELECT COUNT(*) FROM photos WHERE taken_at_source = 'file'"));
        Assert.True((long)Workspace.Scalar(db, "SELECT COUNT(*) FROM photos WHERE orientation = 6")! > 0);
        Assert.Equal(before, TestImages.Fingerprint(album));
    }
}
