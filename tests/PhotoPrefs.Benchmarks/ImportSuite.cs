using System.Diagnostics;
using PhotoPrefs.Albums;
using PhotoPrefs.Sample;
using PhotoPrefs.Store;

namespace PhotoPrefs.Benchmarks;

/// <summary>
/// Import throughput on 4000x3000 camera-sized JPEGs: the fast path (libjpeg DCT scaling to the
/// working size) against a full decode followed by a resize, each a whole import into a fresh workspace.
/// </summary>
internal static class ImportSuite
{
    public static Dictionary<string, object> Run(string[] args)
    {
        int photos = 12;
        var root = Path.Combine(Path.GetTempPath(), "photoprefs-bench-import");
        var album = Path.Combine(root, "album");
        Directory.CreateDirectory(album);
        Console.Error.WriteLine($"rendering {photos} 4000x3000 JPEGs into {album}");
        for (int i = 0; i < photos; i++)
        {
            var path = Path.Combine(album, $"IMG_{i:D3}.jpg");
            if (!File.Exists(path))
            {
                var photo = new SamplePhoto($"IMG_{i:D3}.jpg", (SampleKind)(i % 3), false, false, false, null, 0, new DateTime(2024, 1, 1).AddHours(i), 4000, 3000);
                File.WriteAllBytes(path, SampleAlbumGenerator.Render(photo, 7, i));
            }
        }

        double mb = Directory.EnumerateFiles(album).Sum(f => new FileInfo(f).Length) / 1e6;
        double Measure(bool fast)
        {
            var best = double.MaxValue;
            for (int rep = 0; rep < 2; rep++)
            {
                // A fresh folder each time: pooled SQLite connections keep a deleted database alive.
                var wsDir = Path.Combine(root, "ws-" + Guid.NewGuid().ToString("N"));

                var ws = Workspace.Open(wsDir);
                var sw = Stopwatch.StartNew();
                var s = AlbumImporter.Import(album, ws, new ImportOptions(FastDecode: fast));
                sw.Stop();
                if (s.Added != photos)
                {
                    throw new InvalidOperationException($"imported {s.Added} of {photos}: {string.Join("; ", s.Skipped.Select(k => k.RelativePath + " " + k.Reason))} unchanged {s.Unchanged}");
                }

                best = Math.Min(best, sw.Elapsed.TotalSeconds);
            }

            return photos / best;
        }

        Measure(true); // warm-up: JIT and Magick's first-use costs
        double full = Measure(false);
        double fastRate = Measure(true);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var dir in Directory.EnumerateDirectories(root, "ws-*"))
        {
            Directory.Delete(dir, true);
        }

        Console.Error.WriteLine($"fast {fastRate:F2} photos/s, full {full:F2} photos/s, ratio {fastRate / full:F2}");
        return new Dictionary<string, object>
        {
            ["photos"] = photos,
            ["album_mb"] = Math.Round(mb, 1),
            ["fast_photos_per_s"] = Math.Round(fastRate, 2),
            ["full_photos_per_s"] = Math.Round(full, 2),
            ["fast_over_full"] = Math.Round(fastRate / full, 2),
        };
    }
}
