using System.Diagnostics;
using ImageMagick;
using PhotoPrefs.Clustering;
using PhotoPrefs.Duplicates;
using PhotoPrefs.Pipeline;
using PhotoPrefs.Sample;
using PhotoPrefs.SemiSupervised;
using PhotoPrefs.Suggestions;

namespace PhotoPrefs.Benchmarks;

/// <summary>
/// A large album end to end: the sample generator draws N photos (<c>--photos N</c>, default 1000; seeded), at its
/// own size or scaled up by <c>--scale S</c> toward a phone's (4 gives about 2600 x 1900), or made into a phone's
/// album by <c>--phone</c> (<see cref="PhoneAlbum"/>: 4032 x 3024 JPEGs, full-size PNG screenshots, and with
/// <c>--heic N</c> that many HEIC photos, default 0), and every stage runs on them
/// as a person would run it: import, features, embeddings, clustering with k chosen, simulated user J's labels on the
/// representatives, FixMatch (<c>--steps</c>, default the library's), prediction over the whole album (stored with
/// the model), suggestions, and near-duplicate groups (<c>--until STAGE</c> stops after that stage). Per stage: seconds and the process's peak working set while it
/// ran (sampled every 50 ms), and on Linux the peak of its anonymous part; then the workspace's size per photo. Run it for several N to read the growth.
/// <c>--keep DIR</c> leaves the album and its workspace in DIR (which must not exist yet) for the commands to be
/// timed or profiled on again; without it they are deleted. <c>--from DIR</c> times the stages again on the album a
/// <c>--keep DIR</c> run drew (DIR/album and its labels, with the options it was drawn with), in a new workspace.
/// </summary>
internal static class AlbumSuite
{
    private static readonly string[] StageNames = ["import", "features", "embeddings", "clustering", "training_and_prediction", "suggestions", "duplicates"];

    public static Dictionary<string, object> Run(string[] args)
    {
        int photos = Option(args, "--photos", 1000);
        int scale = Option(args, "--scale", 1);
        int steps = Option(args, "--steps", AlbumTraining.Defaults.Steps);
        bool phone = args.Contains("--phone");
        int heic = Option(args, "--heic", 0);
        if (photos < 50 || scale < 1 || steps < 1 || heic < 0 || (phone && scale > 1) || (heic > 0 && !phone))
        {
            throw new ArgumentException("--photos is at least 50, --scale and --steps at least 1; --phone replaces --scale, and --heic N (N >= 0) goes with --phone");
        }

        int untilAt = Array.IndexOf(args, "--until");
        string? until = untilAt >= 0 && untilAt + 1 < args.Length ? args[untilAt + 1] : null;
        if (until is not null && !StageNames.Contains(until))
        {
            throw new ArgumentException($"--until {until}: one of {string.Join(", ", StageNames)}");
        }

        int keepAt = Array.IndexOf(args, "--keep");
        string? keep = keepAt >= 0 && keepAt + 1 < args.Length ? Path.GetFullPath(args[keepAt + 1]) : null;
        if (keep is not null && Directory.Exists(keep))
        {
            throw new ArgumentException($"--keep {keep}: the folder exists; give one that does not");
        }

        int fromAt = Array.IndexOf(args, "--from");
        string? from = fromAt >= 0 && fromAt + 1 < args.Length ? Path.GetFullPath(args[fromAt + 1]) : null;
        if (from is not null && (keep is not null || !Directory.Exists(Path.Combine(from, "album"))))
        {
            throw new ArgumentException($"--from {from}: a folder a --keep run left (with album/ in it), and without --keep");
        }

        var root = keep ?? from ?? Path.Combine(Path.GetTempPath(), "photoprefs-bench-album-" + Guid.NewGuid().ToString("N")[..8]);
        var wsFolder = Path.Combine(root, from is null ? "ws" : "ws-" + Guid.NewGuid().ToString("N")[..8]);
        var result = new Dictionary<string, object> { ["photos"] = photos, ["scale"] = scale, ["phone"] = phone, ["steps"] = steps };
        if (from is not null)
        {
            result["from"] = from;
        }
        var stages = new Dictionary<string, object>();
        try
        {
            var clock = Stopwatch.StartNew();
            var album = Path.Combine(root, "album");
            if (from is null)
            {
                Draw(root, album, photos, scale, phone, heic, result);
            }

            long albumBytes = Directory.EnumerateFiles(album, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
            photos = Directory.EnumerateFiles(album, "*", SearchOption.AllDirectories).Count();
            result["photos"] = photos;
            result["album_mb"] = Math.Round(albumBytes / 1e6, 1);
            Console.Error.WriteLine($"album of {photos} photos ({albumBytes / 1e6:F0} MB) {(from is null ? "drawn" : "found")} in {clock.Elapsed.TotalSeconds:F0} s");
            var pipeline = Album.Open(wsFolder);
            AlbumClusteringResult? clustering = null;
            StoredModel? model = null;
            IReadOnlyList<Suggestion>? suggestions = null;
            IReadOnlyList<DuplicateGroup>? groups = null;
            var order = new (string Name, Action Run, Action? After)[]
            {
                ("import", () => pipeline.Import(album), null),
                ("features", () => pipeline.ComputeFeatures(new FeatureOptions(Embeddings: false)), null),
                ("embeddings", () => pipeline.ComputeEmbeddings(), null),
                ("clustering", () => clustering = pipeline.Cluster(new ClusterOptions(PickFeatures: null)), () =>
                {
                    result["k"] = clustering!.ChosenK;
                    pipeline.ImportLabels("J", Path.Combine(root, "labels", "J.csv"), clustering.Representatives.Count, "simulated");
                }),
                ("training_and_prediction", () => model = pipeline.Train("J", new TrainOptions(AlbumTraining.Defaults with { Steps = steps })), () => result["predicted_photos"] = model!.PDelete.Count),
                ("suggestions", () => suggestions = pipeline.Suggest("J"), () => result["suggestions"] = suggestions!.Count),
                ("duplicates", () => groups = AlbumDuplicates.Find(pipeline.Workspace), () => result["duplicate_groups"] = groups!.Count), // the search itself, though suggestions stored its groups
            };
            Debug.Assert(order.Select(o => o.Name).SequenceEqual(StageNames), "the stages are those named");
            foreach (var (name, run, after) in order)
            {
                Stage(stages, name, run);
                after?.Invoke();
                if (name == until)
                {
                    result["until"] = until;
                    break;
                }
            }

            result["stages"] = stages;
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            long wsBytes = Directory.EnumerateFiles(pipeline.Workspace.Directory, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
            result["workspace_mb"] = Math.Round(wsBytes / 1e6, 1);
            result["workspace_kb_per_photo"] = Math.Round(wsBytes / 1e3 / photos, 1);
            result["total_s"] = Math.Round(stages.Values.Cast<Dictionary<string, object>>().Sum(s => (double)s["seconds"]), 1);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (from is not null && Directory.Exists(wsFolder))
            {
                Directory.Delete(wsFolder, true);
            }
            else if (keep is null && from is null && Directory.Exists(root))
            {
                Directory.Delete(root, true);
            }
        }

        return result;
    }

    // Draws the album: the sample generator's photos, enlarged by scale or made into a phone's album.
    private static void Draw(string root, string album, int photos, int scale, bool phone, int heic, Dictionary<string, object> result)
    {
        SampleAlbumGenerator.Generate(root, photos, seed: 7);
        if (scale > 1)
        {
            Parallel.ForEach(Directory.EnumerateFiles(album, "*", SearchOption.AllDirectories).ToList(), file =>
            {
                using var image = new MagickImage(file);
                image.Resize(new Percentage(100 * scale));
                image.Write(file);
            });
        }

        if (phone)
        {
            var (jpeg, png, heifs) = PhoneAlbum.Make(album, heic);
            result["phone_jpeg"] = jpeg;
            result["phone_png"] = png;
            result["phone_heic"] = heifs;
        }
    }

    private static int Option(string[] args, string name, int fallback)
    {
        int at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
    }

    /// <summary>
    /// Runs one stage, timing it and sampling the process's working set, and on Linux its anonymous part too (RssAnon:
    /// the heaps and buffers the process itself holds, without the pages of files it maps, such as the libraries and
    /// the workspace's database, which the system can drop and read again).
    /// </summary>
    private static void Stage(Dictionary<string, object> stages, string name, Action run)
    {
        using var process = Process.GetCurrentProcess();
        long peak = 0, anonymous = -1;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                process.Refresh();
                peak = Math.Max(peak, process.WorkingSet64);
                anonymous = Math.Max(anonymous, AnonymousBytes());
                try
                {
                    await Task.Delay(50, stop.Token);
                }
                catch (TaskCanceledException)
                {
                    break;
                }
            }
        });
        var clock = Stopwatch.StartNew();
        run();
        clock.Stop();
        stop.Cancel();
        sampler.Wait();
        process.Refresh();
        peak = Math.Max(peak, process.WorkingSet64);
        anonymous = Math.Max(anonymous, AnonymousBytes());
        var stage = new Dictionary<string, object> { ["seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 2), ["peak_working_set_mb"] = peak / (1024 * 1024) };
        if (anonymous >= 0)
        {
            stage["peak_anonymous_mb"] = anonymous / (1024 * 1024);
        }

        stages[name] = stage;
        Console.Error.WriteLine($"{name}: {clock.Elapsed.TotalSeconds:F1} s, peak working set {peak / (1024 * 1024)} MB{(anonymous >= 0 ? $" (anonymous {anonymous / (1024 * 1024)} MB)" : "")}");
    }

    // RssAnon of /proc/self/status in bytes; -1 where there is no such file (not Linux).
    private static long AnonymousBytes()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("RssAnon:", StringComparison.Ordinal))
                {
                    var kb = line["RssAnon:".Length..].Trim().Split(' ')[0];
                    return long.Parse(kb, System.Globalization.CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return -1;
    }
}
