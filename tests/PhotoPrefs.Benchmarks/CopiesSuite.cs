using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using ImageMagick;
using ImageMagick.Drawing;
using PhotoPrefs.Albums;
using PhotoPrefs.Duplicates;
using PhotoPrefs.Embeddings;
using PhotoPrefs.Features;
using PhotoPrefs.Store;

namespace PhotoPrefs.Benchmarks;

/// <summary>
/// A development set of real photographs with known copies, built at run time from Debian's wallpaper packages
/// (tests/tools/copies-devset-packages.sh installs them; nothing is committed): each original, scaled to at most
/// 1600 pixels, gets three altered copies drawn (seeded) from six edits: resized, cropped, recompressed, brightened,
/// captioned, converted to PNG. The originals are one another's distractors. It measures, on the album's pairs, how well each rule groups a photo with its copies (pairwise precision and recall of the
/// single-link groups, at each threshold): cosine similarity of the embeddings, the same after centring on the
/// album's mean embedding, and pHash's Hamming distance. Then search by image: every altered copy, kept outside an
/// album of the originals and the sample album's 420 drawn photos as distractors, is a query, and the original
/// should be among the top 5. (The drawn photos are not distractors for grouping: they hold bursts and
/// near-identical shots of their own, which no truth here marks.)
/// </summary>
internal static class CopiesSuite
{
    private static readonly string[] Packages = ["ukui-wallpapers", "lomiri-wallpapers", "lomiri-wallpapers-16.04", "lomiri-wallpapers-20.04", "sway-backgrounds"];

    private static readonly string[] Edits = ["resized", "cropped", "recompressed", "brightened", "captioned", "png"];

    /// <summary>The confirmation set's photographs in python3-skimage's data folder (its drawings, masks and test patterns left out).</summary>
    private static readonly string[] ConfirmPhotos =
    [
        "astronaut.png", "brick.png", "camera.png", "cell.png", "chelsea.png", "clock_motion.png", "coffee.png", "coins.png", "grass.png", "gravel.png",
        "hubble_deep_field.jpg", "ihc.png", "moon.png", "motorcycle_left.png", "motorcycle_right.png", "page.png", "retina.jpg", "rocket.jpg", "text.png",
    ];

    /// <summary>
    /// Runs the suite. <c>--set dev</c> (the default) is the development set above, on which the thresholds were
    /// chosen; <c>--set confirm</c> checks them, unchanged, on other photographs (python3-skimage's data, unpacked
    /// by tests/tools/copies-confirmset.sh: grey and colour, microscope and telescope images, and a stereo pair of
    /// one motorcycle, two shots that are not copies) with edits of other strengths: resized to 55 %, cropped off
    /// centre, recompressed at quality 20, brightened more, captioned at the top, converted to WebP.
    /// </summary>
    public static Dictionary<string, object> Run(string[] args)
    {
        int setAt = Array.IndexOf(args, "--set");
        var set = setAt >= 0 && setAt + 1 < args.Length ? args[setAt + 1] : "dev";
        if (set is not ("dev" or "confirm"))
        {
            throw new ArgumentException("--set is dev or confirm");
        }

        bool confirm = set == "confirm";
        var originals = confirm ? ConfirmOriginals() : Originals();
        Console.Error.WriteLine($"{originals.Count} originals ({set} set)");
        var root = Path.Combine(Path.GetTempPath(), "photoprefs-bench-copies-" + Guid.NewGuid().ToString("N")[..8]);
        var album = Path.Combine(root, "album");
        var outside = Path.Combine(root, "queries");
        var plain = Path.Combine(root, "album-without-copies");
        Directory.CreateDirectory(album);
        Directory.CreateDirectory(outside);
        Directory.CreateDirectory(plain);
        var rng = new Random(confirm ? 20261202 : 20261201);
        var truth = new Dictionary<string, int>(StringComparer.Ordinal); // file -> original index
        var queries = new List<(string File, int Original)>();
        for (int i = 0; i < originals.Count; i++)
        {
            using var image = new MagickImage(originals[i]);
            image.AutoOrient();
            if (Math.Max(image.Width, image.Height) > 1600)
            {
                image.Resize(new MagickGeometry(1600, 1600));
            }

            image.Quality = 92;
            var name = $"orig_{i:D2}.jpg";
            Console.Error.WriteLine($"{name}: {originals[i]}");
            image.Write(Path.Combine(album, name), MagickFormat.Jpeg);
            image.Write(Path.Combine(plain, name), MagickFormat.Jpeg);
            truth[name] = i;
            foreach (var edit in Edits.OrderBy(_ => rng.Next()).Take(3))
            {
                using var copy = confirm ? ConfirmEdit(image, edit) : Edit(image, edit);
                var file = $"copy_{i:D2}_{edit}.{(edit == "png" ? (confirm ? "webp" : "png") : "jpg")}";
                copy.Write(Path.Combine(album, file));
                copy.Write(Path.Combine(outside, file));
                truth[file] = i;
                queries.Add((file, i));
            }
        }

        var sample = Path.Combine(PhotoPrefs.Sample.DataSampleFolder.Find(Directory.GetCurrentDirectory(), AppContext.BaseDirectory)
            ?? throw new DirectoryNotFoundException("data-sample: run from the repository"), "album");
        foreach (var f in Directory.EnumerateFiles(sample, "*", SearchOption.AllDirectories))
        {
            File.Copy(f, Path.Combine(plain, "distractor_" + Path.GetFileName(f)));
        }

        using var embedder = new ImageEmbedder();
        var ws = Workspace.Open(Path.Combine(root, "ws"));
        var clock = Stopwatch.StartNew();
        AlbumImporter.Import(album, ws);
        FeatureExtraction.Compute(ws, [FeatureKinds.Hash, FeatureKinds.Quality, FeatureKinds.Color]);
        EmbeddingExtraction.Compute(ws, embedder);
        Console.Error.WriteLine($"album of {Directory.GetFiles(album).Length} photos imported and embedded in {clock.Elapsed.TotalSeconds:F0} s");

        var (ids, vectors) = FeatureStore.LoadEmbeddings(ws);
        var paths = LabelStore.PhotoIdsByPath(ws).ToDictionary(kv => kv.Value, kv => kv.Key);
        int n = ids.Length, d = ImageEmbedder.Dimensions;
        var group = ids.Select(id => truth.TryGetValue(paths[id], out var g) ? g : -1 - (int)id).ToArray();
        var (hashIds, hashMatrix, hashDim) = FeatureStore.Load(ws, FeatureKinds.Hash);
        var hashOf = new Dictionary<long, ulong>();
        for (int i = 0; i < hashIds.Length; i++)
        {
            hashOf[hashIds[i]] = FeatureExtraction.Hashes(hashMatrix.AsSpan(i * hashDim, hashDim)).PHash;
        }

        var centred = EmbeddingSpace.Centre(vectors, d);
        var raw = new float[n * n];
        var cen = new float[n * n];
        var ham = new float[n * n];
        var both = new float[n * n];
        for (int a = 0; a < n; a++)
        {
            for (int b = a + 1; b < n; b++)
            {
                raw[(a * n) + b] = TensorPrimitives.Dot(vectors.AsSpan(a * d, d), vectors.AsSpan(b * d, d));
                cen[(a * n) + b] = TensorPrimitives.Dot(centred.AsSpan(a * d, d), centred.AsSpan(b * d, d));
                ham[(a * n) + b] = -System.Numerics.BitOperations.PopCount(hashOf[ids[a]] ^ hashOf[ids[b]]);
                both[(a * n) + b] = -ham[(a * n) + b] <= DuplicateOptions.DefaultCopyHamming ? cen[(a * n) + b] : -1;
            }
        }

        // Pairs of different pictures that look alike most, for reading the mistakes.
        var closest = new List<(float Score, string A, string B)>();
        for (int a = 0; a < n; a++)
        {
            for (int b = a + 1; b < n; b++)
            {
                if (group[a] != group[b])
                {
                    closest.Add((cen[(a * n) + b], paths[ids[a]], paths[ids[b]]));
                }
            }
        }

        foreach (var (score, a, b) in closest.OrderByDescending(c => c.Score).Take(8))
        {
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"different pictures at centred cosine {score:F3}: {a} {b}"));
        }

        var result = new Dictionary<string, object> { ["set"] = set, ["originals"] = originals.Count, ["copies"] = queries.Count, ["album_photos"] = n };
        foreach (var (method, scores, thresholds) in new (string, float[], float[])[]
        {
            ("cosine", raw, Enumerable.Range(160, 40).Select(t => t / 200f).ToArray()),
            ("centred_cosine", cen, Enumerable.Range(40, 60).Select(t => t / 100f).ToArray()),
            ("centred_cosine_and_phash", both, Enumerable.Range(40, 60).Select(t => t / 100f).ToArray()),
            ("phash_hamming", ham, Enumerable.Range(0, 25).Select(t => -(float)t).ToArray()),
        })
        {
            (float T, double P, double R) best = (float.NaN, 0, 0);
            foreach (var t in thresholds)
            {
                var (p, r) = PairwiseScores(scores, n, t, group);
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{method,-15} threshold {(method == "phash_hamming" ? -t : t),6:F2}: precision {p:F3} recall {r:F3}"));
                if (p >= 0.95 && r > best.R)
                {
                    best = (t, p, r);
                }
            }

            result[method] = new Dictionary<string, object?>
            {
                ["threshold"] = float.IsNaN(best.T) ? null : method == "phash_hamming" ? -best.T : best.T,
                ["pairwise_precision"] = Math.Round(best.P, 4),
                ["pairwise_recall"] = Math.Round(best.R, 4),
            };
        }

        // The command's own groups (AlbumDuplicates.Find at its default thresholds), scored the same way: its copy groups,
        // and its copy and burst groups together (a copy that keeps its original's EXIF time is taken for a burst shot).
        var rowOf = ids.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i);
        var findClock = Stopwatch.StartNew();
        var allGroups = AlbumDuplicates.Find(ws);
        result["find_seconds"] = Math.Round(findClock.Elapsed.TotalSeconds, 2);
        var copyGroups = allGroups.Where(g => g.Kind == DuplicateKind.Copy).ToList();
        var anyAssigned = Enumerable.Range(0, n).Select(i => -1 - i).ToArray();
        var copyOrBurst = allGroups.Where(g => g.Kind != DuplicateKind.Similar).ToList();
        for (int g = 0; g < copyOrBurst.Count; g++)
        {
            foreach (var m in copyOrBurst[g].Members)
            {
                anyAssigned[rowOf[m.PhotoId]] = g;
            }
        }

        var (ap, ar) = GroupScores(anyAssigned, group);
        result["duplicates_copy_or_burst_groups"] = new Dictionary<string, object>
        {
            ["groups"] = copyOrBurst.Count,
            ["burst_groups"] = copyOrBurst.Count - copyGroups.Count,
            ["pairwise_precision"] = Math.Round(ap, 4),
            ["pairwise_recall"] = Math.Round(ar, 4),
        };
        var assigned = Enumerable.Range(0, n).Select(i => -1 - i).ToArray();
        for (int g = 0; g < copyGroups.Count; g++)
        {
            foreach (var m in copyGroups[g].Members)
            {
                assigned[rowOf[m.PhotoId]] = g;
            }
        }

        var (cp, cr) = GroupScores(assigned, group);
        for (int a = 0; a < n; a++)
        {
            for (int b = a + 1; b < n; b++)
            {
                if (group[a] == group[b] && assigned[a] != assigned[b] && (paths[ids[a]].StartsWith("orig_", StringComparison.Ordinal) || paths[ids[b]].StartsWith("orig_", StringComparison.Ordinal)))
                {
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"copy not grouped with its original: {paths[ids[a]]} {paths[ids[b]]} (centred cosine {cen[(a * n) + b]:F3}, pHash distance {-ham[(a * n) + b]})"));
                }
            }
        }

        result["duplicates_copy_groups"] = new Dictionary<string, object>
        {
            ["copy_cosine"] = DuplicateOptions.DefaultCopyCosine,
            ["copy_hamming"] = DuplicateOptions.DefaultCopyHamming,
            ["groups"] = copyGroups.Count,
            ["pairwise_precision"] = Math.Round(cp, 4),
            ["pairwise_recall"] = Math.Round(cr, 4),
        };
        Console.Error.WriteLine($"duplicates' copy groups: {copyGroups.Count}, pairwise precision {cp:F3}, recall {cr:F3}");

        // Search by image: queries from outside an album that holds the originals and the distractors, not the copies.
        var plainWs = Workspace.Open(Path.Combine(root, "ws-plain"));
        AlbumImporter.Import(plain, plainWs);
        EmbeddingExtraction.Compute(plainWs, embedder);
        int top1 = 0, top5 = 0;
        var missed = new List<string>();
        foreach (var (file, original) in queries)
        {
            var found = SimilarPhotos.Find(plainWs, EmbeddingExtraction.EmbedFile(embedder, Path.Combine(outside, file)), top: 5);
            var want = $"orig_{original:D2}.jpg";
            int at = found.ToList().FindIndex(f => f.Path == want);
            top1 += at == 0 ? 1 : 0;
            top5 += at >= 0 ? 1 : 0;
            if (at < 0)
            {
                missed.Add(file);
            }
        }

        result["search_top1"] = Math.Round(top1 / (double)queries.Count, 4);
        result["search_top5"] = Math.Round(top5 / (double)queries.Count, 4);
        result["search_missed"] = missed;
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Environment.GetEnvironmentVariable("PHOTOPREFS_BENCH_KEEP") == "1")
        {
            Console.Error.WriteLine($"kept {root}");
        }
        else
        {
            Directory.Delete(root, true);
        }
        return result;
    }

    /// <summary>Pairwise precision and recall of the single-link groups that pairs scoring at least <paramref name="threshold"/> make.</summary>
    private static (double Precision, double Recall) PairwiseScores(float[] scores, int n, float threshold, int[] truth)
    {
        var parent = Enumerable.Range(0, n).ToArray();
        int Find(int x) => parent[x] == x ? x : parent[x] = Find(parent[x]);
        for (int a = 0; a < n; a++)
        {
            for (int b = a + 1; b < n; b++)
            {
                if (scores[(a * n) + b] >= threshold)
                {
                    parent[Find(a)] = Find(b);
                }
            }
        }

        return GroupScores(Enumerable.Range(0, n).Select(Find).ToArray(), truth);
    }

    /// <summary>Pairwise precision and recall of a grouping (one label per photo) against the truth.</summary>
    private static (double Precision, double Recall) GroupScores(int[] predictedGroup, int[] truth)
    {
        int n = truth.Length;
        long tp = 0, fp = 0, fn = 0;
        for (int a = 0; a < n; a++)
        {
            for (int b = a + 1; b < n; b++)
            {
                bool predicted = predictedGroup[a] == predictedGroup[b], actual = truth[a] == truth[b];
                tp += predicted && actual ? 1 : 0;
                fp += predicted && !actual ? 1 : 0;
                fn += !predicted && actual ? 1 : 0;
            }
        }

        return (tp + fp == 0 ? 1 : tp / (double)(tp + fp), tp + fn == 0 ? 1 : tp / (double)(tp + fn));
    }

    private static MagickImage Edit(MagickImage original, string edit)
    {
        var copy = (MagickImage)original.Clone();
        switch (edit)
        {
            case "resized":
                copy.Resize(new Percentage(40));
                copy.Quality = 85;
                break;
            case "cropped":
                copy.Crop(new MagickGeometry((int)(copy.Width / 10), (int)(copy.Height / 10), copy.Width * 4 / 5, copy.Height * 4 / 5));
                copy.ResetPage();
                copy.Quality = 85;
                break;
            case "recompressed":
                copy.Quality = 30;
                break;
            case "brightened":
                copy.BrightnessContrast(new Percentage(25), new Percentage(5));
                copy.Quality = 85;
                break;
            case "captioned":
                int band = (int)(copy.Height / 8);
                new Drawables().FillColor(MagickColors.Black).Rectangle(0, copy.Height - band, copy.Width, copy.Height)
                    .FillColor(MagickColors.White).FontPointSize(band * 0.6).Text(band * 0.3, copy.Height - (band * 0.3), "when you see it")
                    .Draw(copy);
                copy.Quality = 85;
                break;
            case "png":
                copy.Format = MagickFormat.Png;
                break;
        }

        return copy;
    }

    private static MagickImage ConfirmEdit(MagickImage original, string edit)
    {
        var copy = (MagickImage)original.Clone();
        switch (edit)
        {
            case "resized":
                copy.Resize(new Percentage(55));
                copy.Quality = 80;
                break;
            case "cropped":
                copy.Crop(new MagickGeometry((int)(copy.Width / 20), (int)(copy.Height * 3 / 20), copy.Width * 17 / 20, copy.Height * 4 / 5));
                copy.ResetPage();
                copy.Quality = 85;
                break;
            case "recompressed":
                copy.Quality = 20;
                break;
            case "brightened":
                copy.BrightnessContrast(new Percentage(30), new Percentage(10));
                copy.Quality = 85;
                break;
            case "captioned":
                int band = (int)(copy.Height / 7);
                new Drawables().FillColor(MagickColors.White).Rectangle(0, 0, copy.Width, band)
                    .FillColor(MagickColors.Black).FontPointSize(band * 0.5).Text(band * 0.3, band * 0.7, "look at this")
                    .Draw(copy);
                copy.Quality = 85;
                break;
            case "png":
                copy.Format = MagickFormat.WebP;
                copy.Quality = 75;
                break;
        }

        return copy;
    }

    private static List<string> ConfirmOriginals()
    {
        var folder = ToolScript.Folder("copies-confirmset.sh", "python3-skimage's photographs are needed");
        return ConfirmPhotos.Select(f => Path.Combine(folder, f)).ToList();
    }

    private static List<string> Originals()
    {
        var script = Path.Combine(PhotoPrefs.Sample.DataSampleFolder.Find(Directory.GetCurrentDirectory(), AppContext.BaseDirectory) is { } ds ? Path.GetDirectoryName(ds)! : ".", "tests", "tools", "copies-devset-packages.sh");
        using (var install = Process.Start("bash", [script]))
        {
            install.WaitForExit();
            if (install.ExitCode != 0)
            {
                throw new InvalidOperationException($"{script} failed: the wallpaper packages are needed");
            }
        }

        var files = new List<string>();
        Console.Error.WriteLine("originals: " + string.Join(", ", Packages));
        foreach (var package in Packages)
        {
            var psi = new ProcessStartInfo("dpkg", ["-L", package]) { RedirectStandardOutput = true };
            using var dpkg = Process.Start(psi)!;
            var lines = dpkg.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            dpkg.WaitForExit();
            // Sway ships one picture at several sizes: one of them only, so that the others are not unmarked copies.
            files.AddRange(lines.Where(l => (l.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase) || l.EndsWith(".png", StringComparison.OrdinalIgnoreCase)) && File.Exists(l)
                && (package != "sway-backgrounds" || l.EndsWith("Blue_1920x1080.png", StringComparison.Ordinal))));
        }

        // The packages ship some pictures twice under other names (lomiri-default-background.png is warty-final-ubuntu.png): one of each.
        return files.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .GroupBy(f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f)))).Select(g => g.First()).ToList();
    }
}
