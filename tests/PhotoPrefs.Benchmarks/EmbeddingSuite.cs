using System.Diagnostics;
using System.Runtime.Intrinsics.X86;
using ImageMagick;
using PhotoPrefs.Albums;
using PhotoPrefs.Embeddings;
using PhotoPrefs.SemiSupervised;
using PhotoPrefs.Store;

namespace PhotoPrefs.Benchmarks;

/// <summary>
/// The network passes of the embedding stage against ONNX Runtime alone: <c>embeddings [--photos N]</c> imports the
/// first N photos of the sample album (default 128), then times
/// <list type="bullet">
/// <item>the stage as <c>photoprefs features</c> runs it (<see cref="EmbeddingExtraction.ComputeKinds"/> with the plain
/// embedding and the <see cref="EmbeddingViews.Count"/> training views: thumbnails read from the workspace, decoded
/// once, cropped and resized, the views drawn, every input embedded <see cref="ImageEmbedder.BatchSize"/> at a time,
/// written back), per network pass;</item>
/// <item>the bare inference of the same prepared inputs with the same sessions, one batch size at a time (1, 2, 4,
/// 8, 16, 32), per image;</item>
/// </list>
/// and reports the stage's time per pass over the best batch's, and the rate in GFLOP/s (ResNet18's
/// <see cref="GflopPerImage"/> per pass). Each is timed twice after a warm-up, alternated; the faster run counts.
/// </summary>
internal static class EmbeddingSuite
{
    /// <summary>ResNet18's multiply-adds at 224 x 224 (1.82 G), counted as two operations each.</summary>
    public const double GflopPerImage = 3.64;

    private static readonly int[] Batches = [1, 2, 4, 8, 16, 32];

    public static Dictionary<string, object> Run(string[] args)
    {
        int at = Array.IndexOf(args, "--photos");
        int photos = at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], System.Globalization.CultureInfo.InvariantCulture) : 128;
        var sample = Path.Combine(PhotoPrefs.Sample.DataSampleFolder.Find(Directory.GetCurrentDirectory(), AppContext.BaseDirectory)
            ?? throw new DirectoryNotFoundException("data-sample: run from the repository"), "album");
        var root = Path.Combine(Path.GetTempPath(), "photoprefs-bench-embeddings-" + Guid.NewGuid().ToString("N")[..8]);
        var album = Path.Combine(root, "album");
        Directory.CreateDirectory(album);
        foreach (var (file, i) in Directory.EnumerateFiles(sample, "*.jpg", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Take(photos).Select((f, i) => (f, i)))
        {
            File.Copy(file, Path.Combine(album, $"{i:D4}.jpg"));
        }

        var ws = Workspace.Open(Path.Combine(root, "ws"));
        Console.Error.WriteLine($"importing {photos} photos of {sample}");
        AlbumImporter.Import(album, ws);
        using var embedder = new ImageEmbedder();
        using var db = ws.Connect();
        var ids = new List<long>();
        using (var cmd = db.CreateCommand())
        {
            cmd.CommandText = "SELECT id FROM photos WHERE status = 'ok' ORDER BY id";
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                ids.Add(r.GetInt64(0));
            }
        }

        int passesPerPhoto = 1 + EmbeddingViews.Count;
        double Stage()
        {
            Workspace.Execute(db, "DELETE FROM features WHERE kind IN ($a, $b)", ("$a", EmbeddingExtraction.Kind), ("$b", EmbeddingViews.Kind));
            var sw = Stopwatch.StartNew();
            var n = EmbeddingExtraction.ComputeKinds(ws, [EmbeddingExtraction.Plain, EmbeddingViews.Definition], embedder);
            sw.Stop();
            if (n.Any(c => c != ids.Count))
            {
                throw new InvalidOperationException($"computed {string.Join("/", n)} of {ids.Count}");
            }

            return sw.Elapsed.TotalSeconds;
        }

        // The bare inference gets the very inputs the stage makes (the plain input and the views), prepared beforehand.
        const int inputSize = 3 * ImageEmbedder.InputSide * ImageEmbedder.InputSide;
        var inputs = new float[ids.Count * passesPerPhoto * inputSize];
        for (int p = 0; p < ids.Count; p++)
        {
            using var image = new MagickImage((byte[])Workspace.Scalar(db, "SELECT data FROM thumbnails WHERE photo_id = $id AND kind = 'thumb'", ("$id", ids[p]))!);
            var planes = new float[inputSize];
            ImageEmbedder.Planes(image, planes);
            planes.CopyTo(inputs, p * passesPerPhoto * inputSize);
            var views = Enumerable.Range(0, EmbeddingViews.Count).Select(_ => new float[inputSize]).ToArray();
            EmbeddingViews.Draw(ids[p], planes, views);
            for (int v = 0; v < views.Length; v++)
            {
                views[v].CopyTo(inputs, ((p * passesPerPhoto) + 1 + v) * inputSize);
            }
        }

        int images = ids.Count * passesPerPhoto;
        var output = new float[Batches.Max() * ImageEmbedder.Dimensions];
        double Bare(int batch)
        {
            var buffer = new float[batch * inputSize];
            var sw = Stopwatch.StartNew();
            for (int start = 0; start < images; start += batch)
            {
                int count = Math.Min(batch, images - start);
                Array.Copy(inputs, start * inputSize, buffer, 0, count * inputSize);
                embedder.Embed(buffer, count, output);
            }

            return sw.Elapsed.TotalSeconds;
        }

        Console.Error.WriteLine("warm-up");
        Bare(ImageEmbedder.BatchSize);
        Stage();
        var bare = Batches.ToDictionary(b => b, _ => double.MaxValue);
        double stage = double.MaxValue;
        for (int rep = 0; rep < 2; rep++)
        {
            // Alternated, so that a slower stretch of the machine falls on all.
            foreach (var b in Batches)
            {
                bare[b] = Math.Min(bare[b], Bare(b));
            }

            stage = Math.Min(stage, Stage());
            Console.Error.WriteLine($"run {rep + 1}: stage {stage:F2} s; bare {string.Join(", ", Batches.Select(b => $"batch {b} {bare[b]:F2} s"))}");
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(root, true);
        double Ms(double seconds) => Math.Round(1000 * seconds / images, 2);
        double Gflops(double seconds) => Math.Round(GflopPerImage * images / seconds, 1);
        int best = bare.MinBy(kv => kv.Value).Key;
        return new Dictionary<string, object>
        {
            ["photos"] = ids.Count,
            ["passes_per_photo"] = passesPerPhoto,
            ["stage_batch"] = ImageEmbedder.BatchSize,
            ["stage_s"] = Math.Round(stage, 3),
            ["stage_ms_per_pass"] = Ms(stage),
            ["stage_gflops"] = Gflops(stage),
            ["bare_ms_per_image"] = Batches.ToDictionary(b => b.ToString(System.Globalization.CultureInfo.InvariantCulture), b => (object)Ms(bare[b])),
            ["best_bare_batch"] = best,
            ["best_bare_ms_per_image"] = Ms(bare[best]),
            ["best_bare_gflops"] = Gflops(bare[best]),
            ["stage_over_best_bare"] = Math.Round(stage / bare[best], 3),
            ["onnxruntime_threads"] = Environment.ProcessorCount,
            ["avx2"] = Avx2.IsSupported,
            ["avx512f"] = Avx512F.IsSupported,
        };
    }
}
