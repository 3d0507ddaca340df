using System.Diagnostics;
using System.Globalization;
using System.Text;
using ImageMagick;
using ImageMagick.Drawing;

namespace PhotoPrefs.Benchmarks;

/// <summary>
/// Builds the real-photo development album: <c>real-album --out DIR [--seed S]</c> writes <c>DIR/album</c>,
/// <c>DIR/labels/&lt;user&gt;.csv</c> for <c>photoprefs study</c>, and <c>DIR/manifest.csv</c> with what each photo is.
/// Its photographs come from Debian packages (<c>tests/tools/real-album-sources.sh</c> unpacks them; nothing is
/// committed): 25 photographs become scenes of 8 to 15 phone shots each (other crops and framings, portrait and
/// landscape, some stored sideways with an EXIF orientation), nine scenes with a burst of 3 to 5 shots a fraction of a
/// second apart whose shots but one are shaken, and shots that are blurred, dark or over-exposed. Beside the camera
/// roll: desktop screenshots (the KStars handbook's), photographed documents (pages of Debian's licence texts set in
/// DejaVu Serif, on a table, at an angle), downloaded artwork (the wallpaper packages' drawings) and pocket and floor
/// shots. The users' rules (see <see cref="Users"/>) are about quality, clutter, tidiness and content.
/// </summary>
internal static class RealAlbumSuite
{
    /// <summary>The four users and their rules, for the album's README and the results document.</summary>
    public static readonly (string Name, string Rule)[] Users =
    [
        ("J", "quality: deletes blurred, dark and over-exposed shots, pocket and floor shots, the shaken shots of a burst (all but its sharpest) and screenshots"),
        ("F", "clutter: deletes everything that is not a camera photo of a scene: screenshots, photographed documents, downloaded artwork, and pocket shots"),
        ("C", "tidy: deletes only pocket and floor shots and the shaken shots of a burst (under a tenth of the album)"),
        ("P", "content: deletes photos of things (food and drink, objects, vehicles) whatever their quality; keeps people, animals, plants, landscapes and the sky, and everything that is not a camera photo"),
    ];

    // Photographs and what they show; "thing" is what user P deletes.
    private static readonly (string File, string Content)[] Photographs =
    [
        ("astronaut.png", "person"), ("camera.png", "person"), ("chelsea.png", "animal"), ("coffee.png", "thing"), ("coins.png", "thing"),
        ("hubble_deep_field.jpg", "sky"), ("moon.png", "sky"), ("motorcycle_left.png", "thing"), ("rocket.jpg", "thing"),
        ("Bridge_by_Sander_Klootwijk.jpg", "landscape"), ("Dragonfly_by_Bolly.jpg", "plant"), ("Kleiber_by_Lukas_Baubkus.jpg", "animal"),
        ("Picture_0B_by_freespace.jpg", "thing"), ("Picture_1A_by_freespace.jpg", "thing"), ("Wine_by_Jakkub_Mede.jpg", "thing"),
        ("aitzgorri_by_Aitzol_Berasategi.jpg", "landscape"), ("analogpattern_by_Peter_Nerlich.jpg", "plant"), ("free_by_Peter_Nerlich.jpg", "thing"),
        ("friends_by_Aitzol_Berasategi.jpg", "animal"), ("greentock_by_Peter_Nerlich.jpg", "thing"), ("life_by_Aitzol_Berasategi.jpg", "landscape"),
        ("picosdeeuropa_by_Aitzol_Berasategi.jpg", "landscape"), ("seeding_by_Clements_Engelhardt.jpg", "plant"), ("sunset_by_Aitzol_Berasategi.jpg", "landscape"),
        ("Infinite-Sea_by_Aury88.jpg", "sky"),
    ];

    private static readonly string[] Artwork =
    [
        "2004default.jpg", "Fossa_by_Jasper_Roks.jpg", "Painting-Colors_by__herobrine7gamer.jpg", "calla.png", "city.png", "desert.png",
        "firstgeneration.jpg", "fluent-color.png", "focal-ubuntukylin.png", "goldfish.png", "rhythm.jpg", "rollpaper.png", "string.jpg",
        "the-mouse.jpg", "umang_by_Abhishek_Mudgal.jpg", "warty-final-ubuntu.png", "Sway_Wallpaper_Blue_1920x1080.png",
    ];

    private sealed record Shot(string File, string Kind, string Content, string Defect, int Burst, bool BurstBest, DateTime TakenAt);

    public static Dictionary<string, object> Run(string[] args)
    {
        string output = Value(args, "--out") ?? throw new ArgumentException("real-album --out DIR [--seed S]");
        int seed = int.Parse(Value(args, "--seed") ?? "1", CultureInfo.InvariantCulture);
        var sources = Sources();
        var clock = Stopwatch.StartNew();
        var album = Path.Combine(output, "album");
        if (Directory.Exists(album))
        {
            Directory.Delete(album, true);
        }

        Directory.CreateDirectory(album);
        var rng = new Random(seed);
        var start = new DateTime(2025, 1, 4, 9, 0, 0);
        var shots = new List<Shot>();
        var jobs = new List<(Shot Shot, Func<MagickImage> Make)>();
        string Find(string name) => Directory.EnumerateFiles(sources, name, SearchOption.AllDirectories).FirstOrDefault()
            ?? throw new FileNotFoundException($"{name} is not in {sources}: run tests/tools/real-album-sources.sh again");

        var burstScenes = Enumerable.Range(0, Photographs.Length).OrderBy(_ => rng.Next()).Take(9).ToHashSet();
        int bursts = 0;
        for (int s = 0; s < Photographs.Length; s++)
        {
            var (file, content) = Photographs[s];
            var path = Find(file);
            var when = start.AddDays(rng.Next(0, 330)).AddMinutes(rng.Next(0, 600));
            int count = rng.Next(8, 16);
            int burstAt = burstScenes.Contains(s) ? rng.Next(0, count - 2) : -1;
            int burstSize = burstAt >= 0 ? rng.Next(3, 6) : 0;
            for (int i = 0; i < count; i++)
            {
                when = when.AddSeconds(rng.Next(20, 900));
                var frame = Frame.Draw(rng);
                if (i == burstAt)
                {
                    int best = rng.Next(burstSize);
                    int id = bursts++;
                    for (int b = 0; b < burstSize; b++)
                    {
                        var t = when.AddMilliseconds(b * rng.Next(180, 520));
                        var shot = new Shot(Name("IMG", t, shots.Count, ".jpg"), "camera", content, b == best ? "none" : "shaken", id, b == best, t);
                        var jitter = frame.Nudge(rng);
                        double shake = 0.004 + (rng.NextDouble() * 0.004);
                        int sub = rng.Next();
                        jobs.Add((shot, () => Camera(path, jitter, shot.Defect, shake, new Random(sub))));
                        shots.Add(shot);
                        when = t;
                    }

                    i += burstSize - 1;
                    continue;
                }

                double roll = rng.NextDouble();
                string defect = roll < 0.10 ? "blurred" : roll < 0.17 ? "dark" : roll < 0.23 ? "overexposed" : "none";
                var ext = rng.NextDouble() < 0.08 ? ".webp" : rng.NextDouble() < 0.05 ? ".png" : ".jpg";
                var single = new Shot(Name("IMG", when, shots.Count, ext), "camera", content, defect, -1, false, when);
                int subSeed = rng.Next();
                jobs.Add((single, () => Camera(path, frame, single.Defect, 0, new Random(subSeed))));
                shots.Add(single);
            }
        }

        var screenshots = Directory.EnumerateFiles(sources, "*.png", SearchOption.AllDirectories)
            .Where(f => f.Contains("/doc/HTML/en/kstars/", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        foreach (var path in screenshots.OrderBy(_ => rng.Next()).Take(40))
        {
            var t = start.AddDays(rng.Next(0, 330)).AddMinutes(rng.Next(0, 900));
            var shot = new Shot(Name("Screenshot", t, shots.Count, ".png"), "screenshot", "screen", "none", -1, false, t);
            jobs.Add((shot, () => new MagickImage(path)));
            shots.Add(shot);
        }

        var licences = Directory.Exists("/usr/share/common-licenses")
            ? Directory.EnumerateFiles("/usr/share/common-licenses").Where(f => new FileInfo(f).Length > 4000).Order(StringComparer.Ordinal).ToList()
            : [];
        if (licences.Count == 0)
        {
            throw new FileNotFoundException("no licence texts in /usr/share/common-licenses to set the documents from");
        }

        for (int d = 0; d < 30; d++)
        {
            var t = start.AddDays(rng.Next(0, 330)).AddMinutes(rng.Next(0, 900));
            var shot = new Shot(Name("IMG", t, shots.Count, ".jpg"), "document", "document", "none", -1, false, t);
            var text = File.ReadAllLines(licences[rng.Next(licences.Count)]);
            int from = rng.Next(0, Math.Max(1, text.Length - 60));
            int sub = rng.Next();
            jobs.Add((shot, () => Document(text.Skip(from).Take(48).ToArray(), new Random(sub))));
            shots.Add(shot);
        }

        foreach (var name in Artwork)
        {
            var path = Find(name);
            for (int c = 0; c < 2; c++)
            {
                var t = start.AddDays(rng.Next(0, 330)).AddMinutes(rng.Next(0, 900));
                var shot = new Shot($"Download/{Path.GetFileNameWithoutExtension(name).ToLowerInvariant()}_{c}{(c == 0 ? ".jpg" : ".png")}", "artwork", "artwork", "none", -1, false, t);
                var frame = Frame.Draw(rng);
                jobs.Add((shot, () => Crop(path, frame, 1280)));
                shots.Add(shot);
            }
        }

        string[] floors = ["grass.png", "gravel.png", "brick.png"];
        for (int p = 0; p < 14; p++)
        {
            var t = start.AddDays(rng.Next(0, 330)).AddMinutes(rng.Next(0, 900));
            bool pocket = p % 2 == 0;
            var shot = new Shot(Name("IMG", t, shots.Count, ".jpg"), pocket ? "pocket" : "floor", "none", "none", -1, false, t);
            var path = Find(floors[rng.Next(floors.Length)]);
            int sub = rng.Next();
            jobs.Add((shot, () => Accident(path, pocket, new Random(sub))));
            shots.Add(shot);
        }

        Parallel.ForEach(jobs, job =>
        {
            using var image = job.Make();
            Save(image, Path.Combine(album, job.Shot.File), job.Shot, job.Shot.Kind is "camera" or "document" or "pocket" or "floor");
        });

        WriteLabels(output, shots);
        var result = new Dictionary<string, object>
        {
            ["photos"] = shots.Count,
            ["out"] = Path.GetFullPath(output),
            ["seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 1),
        };
        foreach (var (user, _) in Users)
        {
            result["delete_" + user] = shots.Count(s => Deletes(user, s));
        }

        Console.Error.WriteLine($"album of {shots.Count} photos in {Path.Combine(output, "album")} ({clock.Elapsed.TotalSeconds:F0} s)");
        return result;
    }

    private static bool Deletes(string user, Shot s)
    {
        bool accident = s.Kind is "pocket" or "floor";
        bool poor = s.Defect is "blurred" or "dark" or "overexposed";
        bool shaken = s.Defect == "shaken";
        return user switch
        {
            "J" => accident || poor || shaken || s.Kind == "screenshot",
            "F" => s.Kind is "screenshot" or "document" or "artwork" or "pocket",
            "C" => accident || shaken,
            "P" => s.Content == "thing",
            _ => throw new ArgumentException("unknown user " + user),
        };
    }

    private static void WriteLabels(string output, List<Shot> shots)
    {
        var labels = Directory.CreateDirectory(Path.Combine(output, "labels")).FullName;
        foreach (var (user, _) in Users)
        {
            var csv = new StringBuilder("file,label\n");
            foreach (var s in shots)
            {
                csv.Append(CultureInfo.InvariantCulture, $"{s.File},{(Deletes(user, s) ? "delete" : "keep")}\n");
            }

            File.WriteAllText(Path.Combine(labels, user + ".csv"), csv.ToString());
        }

        var manifest = new StringBuilder("file,kind,content,defect,burst,burst_best,taken_at\n");
        foreach (var s in shots)
        {
            manifest.Append(CultureInfo.InvariantCulture, $"{s.File},{s.Kind},{s.Content},{s.Defect},{s.Burst},{s.BurstBest},{s.TakenAt:yyyy-MM-ddTHH:mm:ss.fff}\n");
        }

        File.WriteAllText(Path.Combine(output, "manifest.csv"), manifest.ToString());
        var readme = new StringBuilder($"# Real-photo development album\n\nBuilt by `real-album` (tests/PhotoPrefs.Benchmarks/RealAlbumSuite.cs) from Debian packages; {shots.Count} photos.\n\n");
        foreach (var (user, rule) in Users)
        {
            readme.Append(CultureInfo.InvariantCulture, $"- **{user}**, {rule}: {shots.Count(s => Deletes(user, s))} deletes.\n");
        }

        File.WriteAllText(Path.Combine(output, "README.md"), readme.ToString());
    }

    // A phone framing: the part of the photograph in view and the shape of the frame.
    private readonly record struct Frame(double X, double Y, double Area, double Aspect)
    {
        public static Frame Draw(Random rng)
        {
            double roll = rng.NextDouble();
            double aspect = roll < 0.5 ? 4.0 / 3 : roll < 0.8 ? 3.0 / 4 : roll < 0.9 ? 16.0 / 9 : 1;
            return new Frame(rng.NextDouble(), rng.NextDouble(), 0.45 + (rng.NextDouble() * 0.5), aspect);
        }

        // The same framing moved by a hand between two shots of a burst.
        public Frame Nudge(Random rng) => this with { X = Math.Clamp(X + ((rng.NextDouble() - 0.5) * 0.04), 0, 1), Y = Math.Clamp(Y + ((rng.NextDouble() - 0.5) * 0.04), 0, 1) };
    }

    private static MagickImage Crop(string path, Frame frame, int longSide)
    {
        var image = new MagickImage(path);
        image.AutoOrient();
        double w = image.Width, h = image.Height;
        // the largest window of the frame's shape, then the frame's share of its area
        double cw = Math.Min(w, h * frame.Aspect), ch = cw / frame.Aspect;
        double scale = Math.Sqrt(frame.Area);
        cw *= scale;
        ch *= scale;
        int x = (int)((w - cw) * frame.X), y = (int)((h - ch) * frame.Y);
        image.Crop(new MagickGeometry(x, y, (uint)Math.Max(16, cw), (uint)Math.Max(16, ch)));
        image.ResetPage();
        if (Math.Max(image.Width, image.Height) > longSide)
        {
            image.Resize(new MagickGeometry((uint)longSide, (uint)longSide));
        }

        image.ColorSpace = ColorSpace.sRGB;
        return image;
    }

    private static MagickImage Camera(string path, Frame frame, string defect, double shake, Random rng)
    {
        var image = Crop(path, frame, 1600);
        double side = Math.Max(image.Width, image.Height);
        // a little white balance and exposure difference from shot to shot
        image.Evaluate(Channels.Red, EvaluateOperator.Multiply, 0.95 + (rng.NextDouble() * 0.1));
        image.Evaluate(Channels.Blue, EvaluateOperator.Multiply, 0.95 + (rng.NextDouble() * 0.1));
        switch (defect)
        {
            case "blurred":
                if (rng.NextDouble() < 0.5)
                {
                    image.GaussianBlur(0, side * (0.006 + (rng.NextDouble() * 0.008)));
                }
                else
                {
                    image.MotionBlur(0, side * (0.008 + (rng.NextDouble() * 0.01)), rng.Next(0, 180));
                }

                break;
            case "shaken":
                image.MotionBlur(0, side * shake, rng.Next(0, 180));
                break;
            case "dark":
                image.Evaluate(Channels.RGB, EvaluateOperator.Multiply, 0.10 + (rng.NextDouble() * 0.12));
                Grain(image, rng, 6);
                break;
            case "overexposed":
                image.Evaluate(Channels.RGB, EvaluateOperator.Multiply, 2.2 + (rng.NextDouble() * 1.3));
                image.Evaluate(Channels.RGB, EvaluateOperator.Add, 20);
                break;
        }

        return image;
    }

    private static MagickImage Document(string[] lines, Random rng)
    {
        using var page = new MagickImage(new MagickColor(246, 244, 236), 1000, 1400);
        var draw = new Drawables().FillColor(new MagickColor(30, 30, 35)).FontPointSize(21 + rng.Next(0, 6));
        var font = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf";
        if (File.Exists(font))
        {
            draw = draw.Font(font);
        }

        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length > 0)
            {
                draw = draw.Text(70, 90 + (i * 27), lines[i].Length > 78 ? lines[i][..78] : lines[i]);
            }
        }

        draw.Draw(page);
        // a plain desk of some colour, with a little grain
        MagickColor[] desks = [new(120, 84, 52), new(182, 150, 110), new(70, 72, 78), new(210, 206, 198), new(140, 40, 36)];
        var image = new MagickImage(desks[rng.Next(desks.Length)], 1600, 1200);
        Grain(image, rng, 5);
        page.Resize(new Percentage(70 + rng.Next(0, 20)));
        page.BackgroundColor = MagickColors.None;
        page.Rotate(rng.Next(-10, 11));
        image.Composite(page, Gravity.Center, CompositeOperator.Over);
        // uneven light across the desk
        using var light = new MagickImage();
        light.Read("gradient:white-gray60", image.Width, image.Height);
        light.Rotate(90 * rng.Next(0, 4));
        light.Resize(new MagickGeometry(image.Width, image.Height) { IgnoreAspectRatio = true });
        image.Composite(light, CompositeOperator.Multiply);
        image.GaussianBlur(0, 0.8);
        return image;
    }

    private static MagickImage Accident(string texture, bool pocket, Random rng)
    {
        var image = Crop(texture, Frame.Draw(rng), 1600);
        image.Resize(new MagickGeometry(1600, 1200) { IgnoreAspectRatio = true });
        if (pocket)
        {
            image.GaussianBlur(0, 18);
            image.Evaluate(Channels.RGB, EvaluateOperator.Multiply, 0.04 + (rng.NextDouble() * 0.06));
            Grain(image, rng, 12);
        }
        else
        {
            image.MotionBlur(0, 25 + rng.Next(0, 20), rng.Next(0, 180));
            image.Evaluate(Channels.RGB, EvaluateOperator.Multiply, 0.6 + (rng.NextDouble() * 0.5));
        }

        return image;
    }

    private static void Save(MagickImage image, string file, Shot shot, bool camera)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        image.Strip();
        var exif = new ExifProfile();
        if (camera)
        {
            var stamp = shot.TakenAt.ToString("yyyy:MM:dd HH:mm:ss", CultureInfo.InvariantCulture);
            exif.SetValue(ExifTag.DateTimeOriginal, stamp);
            exif.SetValue(ExifTag.SubsecTimeOriginal, shot.TakenAt.Millisecond.ToString("000", CultureInfo.InvariantCulture));
            exif.SetValue(ExifTag.Make, "PhotoPrefs");
            exif.SetValue(ExifTag.Model, "Development Phone");
            // some portrait shots stored sideways with an orientation, as phones do
            if (image.Height > image.Width && file.EndsWith(".jpg", StringComparison.Ordinal) && StableHash(shot.File) % 4 == 0)
            {
                image.Rotate(-90);
                exif.SetValue(ExifTag.Orientation, (ushort)6);
                // the writer puts the image's own orientation into the EXIF profile: without this it would write 1
                image.Orientation = Orientation.RightTop;
            }

            image.SetProfile(exif);
        }

        image.Quality = 88;
        image.Settings.SetDefine(MagickFormat.Png, "exclude-chunks", "date,time");
        image.Write(file, Path.GetExtension(file) switch { ".png" => MagickFormat.Png, ".webp" => MagickFormat.WebP, _ => MagickFormat.Jpeg });

        // a file without an EXIF time (screenshots, downloads) is dated by its modification time, as it would be
        // on a phone: its own time, not the build's, so that two builds give the same album
        File.SetLastWriteTimeUtc(file, DateTime.SpecifyKind(shot.TakenAt, DateTimeKind.Utc));
    }

    // Sensor-like noise from the shot's own seeded source (ImageMagick's noise draws from one shared source, which
    // threads reach in no fixed order), so that the album is the same bytes on every build.
    private static void Grain(MagickImage image, Random rng, double sigma)
    {
        using var pixels = image.GetPixelsUnsafe();
        var rgb = pixels.ToByteArray(PixelMapping.RGB) ?? throw new InvalidOperationException("no pixels");
        for (int i = 0; i < rgb.Length; i++)
        {
            double gauss = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
            rgb[i] = (byte)Math.Clamp(Math.Round(rgb[i] + (sigma * gauss)), 0, 255);
        }

        image.ImportPixels(rgb, new PixelImportSettings(image.Width, image.Height, StorageType.Char, PixelMapping.RGB));
    }

    private static uint StableHash(string text)
    {
        uint hash = 2166136261;
        foreach (char c in text)
        {
            hash = (hash ^ c) * 16777619;
        }

        return hash;
    }

    private static string Name(string prefix, DateTime t, int index, string ext) =>
        string.Create(CultureInfo.InvariantCulture, $"{(prefix == "Screenshot" ? "Screenshots/" : "Camera/")}{prefix}_{t:yyyyMMdd_HHmmss}_{index:D3}{ext}");

    private static string Sources() => ToolScript.Folder("real-album-sources.sh", "the Debian packages' photographs are needed");

    private static string? Value(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
