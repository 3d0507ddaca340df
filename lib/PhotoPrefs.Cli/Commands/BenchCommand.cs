using System.CommandLine;
using PhotoPrefs.SemiSupervised;

namespace PhotoPrefs.Cli.Commands;

/// <summary><c>photoprefs bench digits --labels 50 --seeds 3 [--json]</c>: FixMatch proven on real digits.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var labels = new Option<int>("--labels") { Description = "Labeled images in all (spread evenly over the 10 digits).", DefaultValueFactory = _ => 50 };
        var seeds = new Option<int>("--seeds") { Description = "Seeds (splits and trainings) to run.", DefaultValueFactory = _ => 3 };
        var steps = new Option<int>("--steps") { Description = "Training steps per run.", DefaultValueFactory = _ => DefaultSteps };
        var data = new Option<string?>("--data") { Description = "Path of the digits sheet (default: ../shared/datasets/opencv-digits.png beside the repository)." };
        var json = CommonOptions.Json();
        var digits = new Command("digits", "FixMatch against the supervised baseline on OpenCV's 5000 handwritten digits.") { labels, seeds, steps, data, json };
        digits.SetAction((parse, ct) => CommonOptions.Guard(_ => Task.FromResult(Run(parse.GetValue(labels), parse.GetValue(seeds), parse.GetValue(steps), parse.GetValue(data), parse.GetValue(json), ct)), ct));
        return new Command("bench", "Benchmarks that prove a stage on real data.") { digits };
    }

    public const int DefaultSteps = 2000;

    internal static FixMatchOptions DigitsOptions(int steps) => new(Steps: steps, BatchSize: 16, Mu: 7, Flip: false, Width: 16);

    internal static int Run(int labels, int seeds, int steps, string? data, bool json, CancellationToken ct)
    {
        var path = data ?? FindDigits();
        var (images, truth) = Digits.Load(path);
        int perClass = Math.Max(1, labels / 10);
        var runs = new List<DigitsRun>();
        for (int s = 0; s < seeds; s++)
        {
            ct.ThrowIfCancellationRequested();
            int seed = s + 1;
            Console.WriteLine($"seed {seed}: FixMatch and supervised-only, {perClass} labels per class, {steps} steps each");
            int lastDecile = -1;
            var run = Digits.Run(images, truth, perClass, seed, DigitsOptions(steps), new InlineProgress<TrainingRecord>(r =>
            {
                if (r.Step * 10 / steps > lastDecile)
                {
                    lastDecile = r.Step * 10 / steps;
                    Console.WriteLine($"  step {r.Step}/{steps}  Lx {r.LabeledLoss:F3}  Lu {r.UnlabeledLoss:F3}  mask {r.MaskRate:P0}  pseudo-acc {(r.PseudoLabelAccuracy is { } a ? a.ToString("P1") : "-")}  lr {r.LearningRate:F4}");
                }
            }));
            runs.Add(run);
            Console.WriteLine($"seed {seed}: FixMatch {run.FixMatchAccuracy:P1}, supervised {run.SupervisedAccuracy:P1} ({run.FixMatchSeconds:F0} s)");
        }

        if (json)
        {
            static DigitsArmJson Arm(IEnumerable<double> accuracy) => new(Math.Round(accuracy.Average(), 4), [.. accuracy.Select(a => Math.Round(a, 4))]);
            CommonOptions.PrintJson(new DigitsBenchJson(Arm(runs.Select(r => r.FixMatchAccuracy)), Arm(runs.Select(r => r.SupervisedAccuracy)),
                Math.Round(runs.Average(r => r.FixMatchSeconds), 1), perClass * 10, steps));
        }

        return 0;
    }

    private static string FindDigits()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "..", "shared", "datasets", "opencv-digits.png");
                if (File.Exists(Path.Combine(dir.FullName, "PhotoPrefs.sln")) && File.Exists(candidate))
                {
                    return Path.GetFullPath(candidate);
                }
            }
        }

        throw new PhotoPrefsException("opencv-digits.png not found: pass --data PATH");
    }
}
