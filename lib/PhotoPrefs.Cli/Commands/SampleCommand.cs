using System.CommandLine;
using PhotoPrefs.Sample;

namespace PhotoPrefs.Cli.Commands;

/// <summary><c>photoprefs sample generate --out DIR --photos N --seed S</c>.</summary>
internal static class SampleCommand
{
    public const int DefaultPhotos = 420;
    public const int DefaultSeed = 2020;

    public static Command Create()
    {
        var outDir = new Option<string>("--out", "-o") { Description = "Output folder (album/, attributes.csv, labels/, README.md, contact-sheet.png).", Required = true };
        var photos = new Option<int>("--photos") { Description = "How many photos.", DefaultValueFactory = _ => DefaultPhotos };
        var seed = new Option<int>("--seed") { Description = "The seed: the same seed gives the same bytes.", DefaultValueFactory = _ => DefaultSeed };
        var generate = new Command("generate", "Generate the sample album and the simulated users' labels.") { outDir, photos, seed };
        generate.SetAction((parse, ct) => CommonOptions.Guard(_ => Task.FromResult(Run(parse.GetValue(outDir)!, parse.GetValue(photos), parse.GetValue(seed))), ct));
        return new Command("sample", "The generated sample album.") { generate };
    }

    internal static int Run(string outDir, int photos, int seed)
    {
        if (photos < 60)
        {
            throw new PhotoPrefsException("--photos must be at least 60");
        }

        var full = Path.GetFullPath(outDir);
        var album = Path.Combine(full, "album");
        if (Directory.Exists(album))
        {
            // Regenerating replaces the album wholesale so no stale file survives; only a sample this command wrote.
            if (!File.Exists(Path.Combine(full, "attributes.csv")))
            {
                throw new PhotoPrefsException($"{album} exists and is not a generated sample album (no attributes.csv beside it): choose another --out");
            }

            Directory.Delete(album, recursive: true);
        }

        Console.WriteLine($"generating {photos} photos with seed {seed} into {full}");
        int last = 0;
        var lockObj = new Lock();
        var plan = SampleAlbumGenerator.Generate(full, photos, seed, new InlineProgress<int>(n =>
        {
            lock (lockObj)
            {
                if (n * 10 / photos > last)
                {
                    last = n * 10 / photos;
                    Console.WriteLine($"  {n}/{photos}");
                }
            }
        }));
        var files = plan.Select(p => Path.Combine(album, p.File)).ToList();
        File.WriteAllBytes(Path.Combine(full, "contact-sheet.png"), ContactSheet.Build(files));
        long bytes = files.Sum(f => new FileInfo(f).Length);
        File.WriteAllText(Path.Combine(full, "README.md"), SampleReadme.Markdown(plan, photos, seed, bytes));
        Console.WriteLine($"wrote {plan.Count} photos ({bytes / 1e6:F1} MB), attributes.csv, labels/J.csv F.csv C.csv, README.md, contact-sheet.png");
        return 0;
    }
}
