using System.Globalization;
using ImageMagick;

namespace PhotoPrefs.Sample;

/// <summary>
/// Generates the sample album: a seeded plan of photos (kinds, defects, bursts, a timeline over two
/// years), each rendered from its own seeded random source by <see cref="SceneRenderer"/>, written as
/// JPEG (camera), PNG (screenshots) or WebP (a few downloads) with EXIF time, plus
/// <c>attributes.csv</c> and <c>labels/&lt;user&gt;.csv</c>. The generator is the source of truth:
/// the same seed and count give the same bytes. HEIC is not written: Magick.NET here reads HEIC but
/// has no HEIC encoder.
/// </summary>
public static class SampleAlbumGenerator
{
    private static readonly DateTime Start = new(2023, 1, 1, 8, 0, 0);
    private static readonly DateTime End = new(2024, 12, 31, 20, 0, 0);

    /// <summary>Plans the album: which photos exist and their hidden attributes, without rendering.</summary>
    /// <param name="photos">How many photos (at least 60).</param>
    /// <param name="seed">The seed.</param>
    /// <returns>The photos in time order.</returns>
    public static IReadOnlyList<SamplePhoto> Plan(int photos, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(photos, 60);
        var rng = new Random(seed);
        var items = new List<(SampleKind Kind, bool Blur, bool Dark, bool Over)>();
        void Add(int n, SampleKind k, bool blur = false, bool dark = false, bool over = false)
        {
            for (int i = 0; i < n; i++)
            {
                items.Add((k, blur, dark, over));
            }
        }

        int Share(double f) => (int)Math.Round(photos * f);
        SampleKind[] scenes = [SampleKind.Outdoor, SampleKind.Food, SampleKind.Portrait];
        Add(Share(0.08), SampleKind.Screenshot);
        Add(Share(0.05), SampleKind.Chat);
        Add(Share(0.05), SampleKind.Meme);
        Add(Share(0.07), SampleKind.Document);
        Add(Share(0.12), SampleKind.Portrait);
        Add(Share(0.10), SampleKind.Food);
        for (int i = 0; i < Share(0.06); i++)
        {
            items.Add((i % 4 == 3 ? SampleKind.Document : scenes[i % 3], true, false, false));
        }

        for (int i = 0; i < Share(0.035); i++)
        {
            items.Add((scenes[i % 3], false, true, false));
        }

        for (int i = 0; i < Share(0.035); i++)
        {
            items.Add((scenes[i % 3], false, false, true));
        }

        Add(Share(0.03), SampleKind.Floor, blur: true);

        // Bursts of 3 or 4 shots, the rest of the album outdoor scenes.
        var bursts = new List<int>();
        int burstPhotos = 0;
        for (int b = 0; b < Math.Max(2, Share(0.022)); b++)
        {
            int size = 3 + rng.Next(2);
            bursts.Add(size);
            burstPhotos += size;
        }

        Add(Math.Max(0, photos - items.Count - burstPhotos), SampleKind.Outdoor);
        var span = (End - Start).TotalSeconds;
        var planned = new List<SamplePhoto>();
        foreach (var (kind, blur, dark, over) in items)
        {
            var t = Start.AddSeconds(Math.Floor(rng.NextDouble() * span));
            var (w, h) = Size(kind, rng);
            planned.Add(new SamplePhoto("", kind, blur, dark, over, null, 0, t, w, h));
        }

        for (int b = 0; b < bursts.Count; b++)
        {
            var t = Start.AddSeconds(Math.Floor(rng.NextDouble() * span));
            var kind = scenes[b % 3];
            var (w, h) = Size(kind, rng);
            // The best shot is not always the first one taken.
            var ranks = Enumerable.Range(0, bursts[b]).OrderBy(_ => rng.Next()).ToArray();
            for (int i = 0; i < bursts[b]; i++)
            {
                planned.Add(new SamplePhoto("", kind, false, false, false, b, ranks[i], t.AddSeconds(i / 2), w, h));
            }
        }

        planned.Sort((a, b) => a.TakenAt != b.TakenAt ? a.TakenAt.CompareTo(b.TakenAt) : Nullable.Compare(a.BurstId, b.BurstId));
        var names = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<SamplePhoto>(planned.Count);
        int webp = 0;
        foreach (var p in planned)
        {
            string stamp = p.TakenAt.ToString("yyyyMMdd_HHmmss", CultureInfo.InvariantCulture);
            string name = p.Kind switch
            {
                SampleKind.Screenshot or SampleKind.Chat => $"Screenshots/Screenshot_{stamp}.png",
                SampleKind.Meme => $"Downloads/meme_{stamp}." + (webp++ % 3 == 0 ? "webp" : "jpg"),
                _ => $"Camera/IMG_{stamp}.jpg",
            };
            var stem = name[..name.LastIndexOf('.')];
            var ext = name[name.LastIndexOf('.')..];
            for (int k = 1; !names.Add(name); k++)
            {
                name = $"{stem}_{k}{ext}";
            }

            result.Add(p with { File = name });
        }

        return result;
    }

    /// <summary>Writes the whole sample into <paramref name="outDir"/>: <c>album/</c>, <c>attributes.csv</c>, <c>labels/</c>.</summary>
    /// <param name="outDir">Output folder; created when missing. Existing album files with the same names are overwritten.</param>
    /// <param name="photos">How many photos.</param>
    /// <param name="seed">The seed.</param>
    /// <param name="progress">Receives the number of photos written; may be null.</param>
    /// <returns>The planned photos.</returns>
    public static IReadOnlyList<SamplePhoto> Generate(string outDir, int photos, int seed, IProgress<int>? progress = null)
    {
        var plan = Plan(photos, seed);
        var album = Path.Combine(outDir, "album");
        Directory.CreateDirectory(album);
        int done = 0;
        Parallel.For(0, plan.Count, i =>
        {
            var bytes = Render(plan[i], seed, i);
            var path = Path.Combine(album, plan[i].File.Replace('/', Path.DirectorySeparatorChar));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, bytes);
            progress?.Report(Interlocked.Increment(ref done));
        });

        File.WriteAllLines(Path.Combine(outDir, "attributes.csv"), [SamplePhoto.CsvHeader, .. plan.Select(p => p.ToCsv())]);
        WriteLabels(Path.Combine(outDir, "labels"), plan);
        return plan;
    }

    /// <summary>Writes <c>&lt;user&gt;.csv</c> (<c>file,label</c>, keep/delete) for J, F and C.</summary>
    /// <param name="labelsDir">The folder.</param>
    /// <param name="plan">The album's photos.</param>
    public static void WriteLabels(string labelsDir, IReadOnlyList<SamplePhoto> plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        Directory.CreateDirectory(labelsDir);
        var mid = SimulatedUsers.Midpoint(plan);
        foreach (var user in SimulatedUsers.Names)
        {
            File.WriteAllLines(Path.Combine(labelsDir, user + ".csv"),
                ["file,label", .. plan.Select(p => p.File + "," + (SimulatedUsers.Deletes(user, p, mid) ? "delete" : "keep"))]);
        }
    }

    /// <summary>Reads <c>attributes.csv</c> back.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The photos in file order.</returns>
    public static IReadOnlyList<SamplePhoto> ReadAttributes(string path) =>
        File.ReadLines(path).Skip(1).Where(l => l.Length > 0).Select(SamplePhoto.FromCsv).ToList();

    /// <summary>Renders and encodes photo <paramref name="index"/> of the plan.</summary>
    /// <param name="photo">The planned photo.</param>
    /// <param name="seed">The album seed.</param>
    /// <param name="index">Its index in the plan (mixes into its own seed).</param>
    /// <returns>The file bytes.</returns>
    public static byte[] Render(SamplePhoto photo, int seed, int index)
    {
        ArgumentNullException.ThrowIfNull(photo);
        // Burst members share the scene's seed; each photo otherwise has its own.
        int sceneSeed = photo.BurstId is { } b ? Seeds.Mix(seed, 100_000 + b) : Seeds.Mix(seed, index);
        using var image = SceneRenderer.Render(photo, sceneSeed, Seeds.Mix(seed, index));
        image.Strip();
        var exif = new ExifProfile();
        var stamp = photo.TakenAt.ToString("yyyy:MM:dd HH:mm:ss", CultureInfo.InvariantCulture);
        exif.SetValue(ExifTag.DateTimeOriginal, stamp);
        exif.SetValue(ExifTag.DateTime, stamp);
        if (photo.Kind is not (SampleKind.Screenshot or SampleKind.Chat or SampleKind.Meme))
        {
            exif.SetValue(ExifTag.Make, "PhotoPrefs");
            exif.SetValue(ExifTag.Model, "Sample Phone");
        }

        // Some portrait-format camera shots are stored sideways with an EXIF orientation, as phones do.
        var rng = new Random(Seeds.Mix(seed, index) ^ 0x5EED);
        if (photo.File.EndsWith(".jpg", StringComparison.Ordinal) && photo.Height > photo.Width && rng.NextDouble() < 0.3)
        {
            image.Rotate(-90);
            image.Orientation = ImageMagick.Orientation.RightTop;
            exif.SetValue(ExifTag.Orientation, (ushort)6);
        }

        image.SetProfile(exif);
        if (photo.File.EndsWith(".png", StringComparison.Ordinal))
        {
            image.Format = MagickFormat.Png;
            image.Settings.SetDefine(MagickFormat.Png, "exclude-chunks", "date,time");
            image.Quality = 95;
        }
        else if (photo.File.EndsWith(".webp", StringComparison.Ordinal))
        {
            image.Format = MagickFormat.WebP;
            image.Quality = 80;
        }
        else
        {
            image.Format = MagickFormat.Jpeg;
            image.Quality = 82;
            image.Settings.SetDefine(MagickFormat.Jpeg, "sampling-factor", "2x2,1x1,1x1");
        }

        return image.ToByteArray();
    }

    private static (int W, int H) Size(SampleKind kind, Random rng)
    {
        (int, int)[] landscape = [(640, 480), (720, 480), (640, 360), (600, 450)];
        return kind switch
        {
            SampleKind.Screenshot or SampleKind.Chat => (360, 760),
            SampleKind.Meme => (480, 480),
            SampleKind.Portrait or SampleKind.Document => rng.NextDouble() < 0.8 ? (480, 640) : (640, 480),
            _ => rng.NextDouble() < 0.25 ? (480, 640) : landscape[rng.Next(landscape.Length)],
        };
    }
}
