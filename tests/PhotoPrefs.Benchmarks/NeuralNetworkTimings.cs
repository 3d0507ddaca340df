using System.Diagnostics;
using PhotoPrefs.Neural;
using PhotoPrefs.Neural.Layers;
using PhotoPrefs.Neural.Optim;

namespace PhotoPrefs.Benchmarks;

internal static partial class NeuralSuite
{
    // The same work as torch_reference.py: B = 16 labeled, mu = 7, unlabeled in a weak and a strong view.
    static partial void NetworkTimings(Dictionary<string, object> result, string[] args)
    {
        int steps = int.Parse(ClassicalSuite.Arg(args, "--steps") ?? "5", System.Globalization.CultureInfo.InvariantCulture);
        const int B = 16, Mu = 7, Classes = 2;
        int total = B + (2 * B * Mu);
        var net = Networks.Reference(Classes);
        Initialization.Kaiming(net, 0);
        var sgd = new Sgd(net.Parameters(), new SgdOptions(0.03f, 0.9f, true, 5e-4f, DecayNoDecayParameters: true));
        var rng = new Random(0);
        var x = new Tensor(total, 3, 64, 64);
        for (int i = 0; i < x.Length; i++)
        {
            x.Data[i] = (float)((rng.NextDouble() * 2) - 1);
        }

        var labels = Enumerable.Range(0, B).Select(_ => rng.Next(Classes)).ToArray();

        // Inference's own peak, on a network that has never trained (so it holds only what a forward pass needs).
        if (PhasePeakMb(() =>
            {
                var fresh = Networks.Reference(Classes);
                Initialization.Kaiming(fresh, 0);
                fresh.SetTraining(false);
                var images = new Tensor(256, 3, 64, 64);
                Array.Copy(x.Data, images.Data, x.Length);
                fresh.Forward(images);
            }) is { } inferencePeak)
        {
            result["inference_peak_memory_mb"] = inferencePeak;
        }

        var grad = new Tensor(total, Classes);
        var pseudo = new int[B * Mu];
        var mask = new float[B * Mu];
        var probs = new float[Classes];

        void Step()
        {
            net.SetTraining(true);
            var logits = net.Forward(x);
            var l = logits.Span;
            grad.Span.Clear();
            CrossEntropy.Hard(l[..(B * Classes)], B, Classes, labels, grad.Span[..(B * Classes)]);
            for (int i = 0; i < B * Mu; i++)
            {
                CrossEntropy.Softmax(l.Slice((B + i) * Classes, Classes), probs);
                pseudo[i] = probs[1] > probs[0] ? 1 : 0;
                mask[i] = probs[pseudo[i]] >= 0.95f ? 1f : 0f;
            }

            CrossEntropy.Hard(l[((B + (B * Mu)) * Classes)..], B * Mu, Classes, pseudo, grad.Span[((B + (B * Mu)) * Classes)..], mask);
            net.ZeroGrad();
            net.BackwardToParameters(grad);
            sgd.Step();
        }

        if (PhasePeakMb(Step) is { } stepPeak)
        {
            result["step_peak_memory_mb"] = stepPeak;
        }

        Step();
        var sw = Stopwatch.StartNew();
        for (int s = 0; s < steps; s++)
        {
            Step();
        }

        double stepMs = sw.Elapsed.TotalMilliseconds / steps;
        Console.Error.WriteLine($"fixmatch step: {stepMs:F0} ms");
        var xe = new Tensor(256, 3, 64, 64);
        Array.Copy(x.Data, xe.Data, x.Length);
        net.SetTraining(false);
        net.Forward(xe);
        net.Forward(xe);
        sw.Restart();
        int reps = Math.Max(3, steps / 2);
        for (int s = 0; s < reps; s++)
        {
            net.Forward(xe);
        }

        double inferMs = sw.Elapsed.TotalMilliseconds / reps;
        Console.Error.WriteLine($"inference 256: {inferMs:F0} ms");
        result["fixmatch_step_ms"] = Math.Round(stepMs, 1);
        result["inference_256_images_ms"] = Math.Round(inferMs, 1);
        result["parameters"] = net.Parameters().Sum(p => p.Value.Length);
        net.SetTraining(true);
        Step();
        // Bytes the whole process allocated during one more step, after the timed ones warmed everything up.
        result["allocated_bytes_per_step"] = AllocatedPerStep(Step);
        result["allocated_bytes_forward"] = AllocatedPerStep(() => net.Forward(x));
        result["allocated_bytes_backward"] = AllocatedPerStep(() => net.BackwardToParameters(grad));
        result["allocated_bytes_optimizer"] = AllocatedPerStep(sgd.Step);
    }

    // The process's peak resident memory while one phase runs, in MB: Linux resets the high-water mark (VmHWM)
    // when 5 is written to /proc/self/clear_refs. Null elsewhere. Memory freed before the phase is handed back
    // to the system first, so it does not count.
    private static double? PhasePeakMb(Action phase)
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            phase();
            return null;
        }

        phase();
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? null : Math.Round(long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024 / 1e6, 1);
    }

    private static long AllocatedPerStep(Action step)
    {
        long before = GC.GetTotalAllocatedBytes(precise: true);
        step();
        return GC.GetTotalAllocatedBytes(precise: true) - before;
    }
}
