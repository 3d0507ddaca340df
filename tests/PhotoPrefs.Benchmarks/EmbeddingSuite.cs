using System.Diagnostics;
using System.Runtime.Intrinsics.X86;
using ImageMagick;
using PhotoPrefs.Albums;
using PhotoPrefs.Embeddings;
using PhotoPrefs.Store;

namespace PhotoPrefs.Benchmarks;

/// <summary>
/// Embedding throughput on the sample album (420 photos): the whole stage (<see cref="EmbeddingExtraction.Compute"/>:
/// thumbnails read from the workspace, decoded, cropped and resized, embedded, written back) against ONNX Runtime's
/// bare inference of the same prepared inputs with the same sessions. Each is timed twice after a warm-up; the
/// faster run counts.
/// </summary>
internal static class EmbeddingSuite
{
    public static Dictionary<string, object> Run(string[] args)
    {
        var album = Path.Combine(PhotoPrefs.Sample.DataSampleFolder.Find(Directory.GetCurrentDirectory(), AppContext.BaseDirectory)
            ?? throw new DirectoryNotFoundException("data-sample: run from the repository"), "album");
        var root = Path.Combine(Path.GetTempPath(), "photoprefs-bench-embeddings-" + Guid.NewGuid().ToString("N")[..8]);
        var ws = Workspace.Open(root);
        Console.Error.WriteLine($"importing {album}");
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

        double Stage()
        {
            Workspace.Execute(db, "DELETE FROM features WHERE kind = $k", ("$k", EmbeddingExtraction.Kind));
            var sw = Stopwatch.StartNew();
            int n = EmbeddingExtraction.Compute(ws, embedder);
            sw.Stop();
            if (n != ids.Count)
            {
                throw new InvalidOperationException($"embedded {n} of {ids.Count}");
            }

            return sw.Elapsed.TotalSeconds;
        }

        // The bare inference gets the very inputs the stage makes, prepared beforehand.
        var inputs = ids.Select(id =>
        {
            using var image = new MagickImage((byte[])Workspace.Scalar(db, "SELECT data FROM thumbnails WHERE photo_id = $id AND kind = 'thumb'", ("$id", id))!);
            var planes = new float[3 * ImageEmbedder.InputSide * ImageEmbedder.InputSide];
            ImageEmbedder.Planes(image, planes);
            return planes;
        }).ToList();
        var output = new float[ImageEmbedder.Dimensions];
        double Bare()
        {
            var sw = Stopwatch.StartNew();
            foreach (var planes in inputs)
            {
                embedder.Embed(planes, output);
            }

            return sw.Elapsed.TotalSeconds;
        }

        Console.Error.WriteLine("warm-up");
        Bare();
        Stage();
        var bare = new List<double>();
        var stage = new List<double>();
        for (int rep = 0; rep < 2; rep++)
        {
            // Alternated, so that a slower stretch of the machine falls on both.
            bare.Add(Bare());
            stage.Add(Stage());
            Console.Error.WriteLine($"run {rep + 1}: stage {stage[^1]:F2} s, bare inference {bare[^1]:F2} s");
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(root, true);
        double s = stage.Min(), b = bare.Min();
        return new Dictionary<string, object>
        {
            ["photos"] = ids.Count,
            ["stage_s"] = Math.Round(s, 3),
            ["stage_photos_per_s"] = Math.Round(ids.Count / s, 2),
            ["bare_inference_s"] = Math.Round(b, 3),
            ["bare_photos_per_s"] = Math.Round(ids.Count / b, 2),
            ["stage_over_bare"] = Math.Round(s / b, 3),
            ["avx2"] = Avx2.IsSupported,
            ["avx512f"] = Avx512F.IsSupported,
        };
    }
}
