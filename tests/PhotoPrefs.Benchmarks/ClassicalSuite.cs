using System.Diagnostics;
using PhotoPrefs.Clustering;
using PhotoPrefs.Features;

namespace PhotoPrefs.Benchmarks;

/// <summary>
/// The classical stages on the matrix that <c>../shared/bench/sklearn_reference.py --export FILE</c> writes
/// (raw little-endian float32, n x d): the same work that script times with scikit-learn, so the two can
/// be compared as a ratio measured on one machine.
/// Usage: <c>classical [--data FILE] [--n 10000] [--d 64] [--json]</c>. Without <c>--data</c> a seeded
/// stand-in of the same shape (12 Gaussian blobs, standard deviation 4) is used, and the output says so.
/// </summary>
internal static class ClassicalSuite
{
    public static Dictionary<string, object> Run(string[] args)
    {
        string? file = Arg(args, "--data");
        int n = int.Parse(Arg(args, "--n") ?? "10000", System.Globalization.CultureInfo.InvariantCulture);
        int d = int.Parse(Arg(args, "--d") ?? "64", System.Globalization.CultureInfo.InvariantCulture);
        float[] x;
        string source;
        if (file is not null)
        {
            var bytes = File.ReadAllBytes(file);
            x = new float[bytes.Length / 4];
            Buffer.BlockCopy(bytes, 0, x, 0, bytes.Length);
            n = x.Length / d;
            source = file;
        }
        else
        {
            x = Blobs(n, d, 12, 4.0, new Random(0));
            source = "seeded stand-in blobs (pass --data FILE for the scikit-learn export)";
        }

        Console.Error.WriteLine($"classical: {n} x {d} from {source}");
        int reps = int.Parse(Arg(args, "--reps") ?? "3", System.Globalization.CultureInfo.InvariantCulture);
        var labels = new Dictionary<int, int[]>();
        void Sweep()
        {
            for (int k = 2; k <= 25; k++)
            {
                labels[k] = KMeans.Fit(x, n, d, new KMeansOptions(k, Restarts: 3, Seed: 0)).Labels;
            }
        }

        // The first run of each stage includes the JIT compiling it (reported as *_cold_s); the figures
        // compared with the reference are the median of the runs after it.
        var (sweepCold, sweep) = Timed(Sweep, reps);
        Silhouette sil = default!;
        var (silCold, silS) = Timed(() => sil = ClusterScores.SilhouetteScore(x, n, d, labels[12]), reps);
        var (dbCold, dbS) = Timed(
            () =>
            {
                for (int k = 2; k <= 25; k++)
                {
                    ClusterScores.DaviesBouldin(x, n, d, labels[k]);
                }
            },
            reps);
        PcaModel pca = default!;
        var (pcaCold, pcaS) = Timed(
            () =>
            {
                pca = PcaModel.Fit(x, n, d, new PcaOptions(VarianceFraction: 0.95));
                var y = new float[n * pca.Count];
                pca.Transform(x, n, y);
            },
            Math.Max(reps, 5));
        var img = new float[128 * 128];
        var rng = new Random(0);
        for (int i = 0; i < img.Length; i++)
        {
            img[i] = rng.Next(256);
        }

        var options = new HogOptions(9, 8, 8, 2, 2, HogBlockNorm.L2Hys);
        for (int i = 0; i < 20; i++)
        {
            Hog.Compute(img, 128, 128, options);
        }

        var sw = Stopwatch.StartNew();
        for (int i = 0; i < 200; i++)
        {
            Hog.Compute(img, 128, 128, options);
        }

        double hogMs = sw.Elapsed.TotalMilliseconds / 200;
        return new Dictionary<string, object>
        {
            ["n"] = n,
            ["d"] = d,
            ["data"] = source,
            ["runs_after_warm_up"] = reps,
            ["kmeans_sweep_s"] = Math.Round(sweep, 2),
            ["kmeans_sweep_cold_s"] = Math.Round(sweepCold, 2),
            ["silhouette_s"] = Math.Round(silS, 2),
            ["silhouette_cold_s"] = Math.Round(silCold, 2),
            ["silhouette_k12"] = Math.Round(sil.Mean, 4),
            ["davies_bouldin_s"] = Math.Round(dbS, 3),
            ["davies_bouldin_cold_s"] = Math.Round(dbCold, 3),
            ["pca_s"] = Math.Round(pcaS, 3),
            ["pca_cold_s"] = Math.Round(pcaCold, 3),
            ["pca_components"] = pca.Count,
            ["hog_per_image_ms"] = Math.Round(hogMs, 3),
        };
    }

    // The first run's seconds, and the median of the next runs.
    private static (double Cold, double Median) Timed(Action work, int runs)
    {
        var sw = Stopwatch.StartNew();
        work();
        double cold = sw.Elapsed.TotalSeconds;
        var times = new List<double>();
        for (int r = 0; r < Math.Max(1, runs); r++)
        {
            sw.Restart();
            work();
            times.Add(sw.Elapsed.TotalSeconds);
        }

        times.Sort();
        return (cold, times[times.Count / 2]);
    }

    internal static string? Arg(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static float[] Blobs(int n, int d, int centers, double std, Random rng)
    {
        var c = new double[centers * d];
        for (int i = 0; i < c.Length; i++)
        {
            c[i] = (rng.NextDouble() * 20) - 10;
        }

        var x = new float[n * d];
        for (int i = 0; i < n; i++)
        {
            int k = i % centers;
            for (int j = 0; j < d; j++)
            {
                double u1 = 1 - rng.NextDouble(), u2 = rng.NextDouble();
                x[(i * d) + j] = (float)(c[(k * d) + j] + (std * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2)));
            }
        }

        return x;
    }
}
