using System.Diagnostics;
using PhotoPrefs.Neural.Kernels;

namespace PhotoPrefs.Benchmarks;

/// <summary>
/// The neural engine on the work of <c>../shared/bench/torch_reference.py</c>: its reference network,
/// one FixMatch step of 16 labeled + 224 unlabeled images, inference on 256 images, and sgemm 1024.
/// </summary>
internal static partial class NeuralSuite
{
    public static Dictionary<string, object> Run(string[] args)
    {
        var result = new Dictionary<string, object>();
        result["sgemm_tile"] = $"6x{Sgemm.NR}";
        result["sgemm_1024_gflops"] = Math.Round(SgemmGflops(1024), 1);
        Console.Error.WriteLine($"sgemm 1024: {result["sgemm_1024_gflops"]} GFLOP/s");
        NetworkTimings(result, args);
        result["peak_memory_mb"] = Math.Round(Process.GetCurrentProcess().PeakWorkingSet64 / 1e6, 1);
        return result;
    }

    private static double SgemmGflops(int n)
    {
        var rng = new Random(0);
        var a = Enumerable.Range(0, n * n).Select(_ => (float)rng.NextDouble()).ToArray();
        var b = Enumerable.Range(0, n * n).Select(_ => (float)rng.NextDouble()).ToArray();
        var c = new float[n * n];
        for (int i = 0; i < 2; i++)
        {
            Sgemm.Multiply(false, false, n, n, n, 1, a, n, b, n, 0, c, n, parallel: true);
        }

        var sw = Stopwatch.StartNew();
        const int reps = 10;
        for (int i = 0; i < reps; i++)
        {
            Sgemm.Multiply(false, false, n, n, n, 1, a, n, b, n, 0, c, n, parallel: true);
        }

        double gflops = 2.0 * n * n * n * reps / sw.Elapsed.TotalSeconds / 1e9;

        // The product must be right for the figure to count: sampled entries against a double-precision dot product.
        for (int s = 0; s < 64; s++)
        {
            int i = rng.Next(n), j = rng.Next(n);
            double e = 0;
            for (int p = 0; p < n; p++)
            {
                e += (double)a[(i * n) + p] * b[(p * n) + j];
            }

            if (Math.Abs(c[(i * n) + j] - e) > 1e-3 * Math.Abs(e))
            {
                throw new InvalidOperationException($"sgemm {n}: C[{i},{j}] = {c[(i * n) + j]}, expected {e}");
            }
        }

        return gflops;
    }

    static partial void NetworkTimings(Dictionary<string, object> result, string[] args);
}
