using PhotoPrefs.Neural;
using PhotoPrefs.SemiSupervised;

namespace PhotoPrefs.Benchmarks;

internal static class DiagnoseSuite
{
    public static Dictionary<string, object> Run(string[] args)
    {
        var (images, labels) = Digits.Load(Path.Combine("..", "shared", "datasets", "opencv-digits.png"));
        var (test, labeledIdx, unlabeledIdx) = Digits.Split(labels, 5, 100, 1);
        var testSet = images.Subset(test);
        var testTruth = test.Select(i => labels[i]).ToArray();
        var unlabeled = images.Subset(unlabeledIdx);
        var uTruth = unlabeledIdx.Select(i => labels[i]).ToArray();
        int steps = int.Parse(ClassicalSuite.Arg(args, "--steps") ?? "300", System.Globalization.CultureInfo.InvariantCulture);
        var t = new FixMatchTrainer(10, 1, new FixMatchOptions(Steps: steps, Flip: false, Width: 16, Seed: 1));
        t.Train(images.Subset(labeledIdx), labeledIdx.Select(i => labels[i]).ToArray(), unlabeled, uTruth);
        var r = new Dictionary<string, object>
        {
            ["ema_eval_test"] = t.Accuracy(testSet, testTruth),
            ["ema_eval_unlabeled"] = t.Accuracy(unlabeled, uTruth),
        };
        // The live model, evaluation mode and training mode (batch statistics).
        foreach (var training in new[] { false, true })
        {
            t.Model.SetTraining(training);
            var x = new Tensor(testSet.Data.AsSpan(0, 1000 * testSet.Size).ToArray(), 1000, 1, 24, 24);
            var logits = t.Model.Forward(x).Span;
            int right = 0;
            for (int i = 0; i < 1000; i++)
            {
                var row = logits.Slice(i * 10, 10);
                int arg = 0;
                for (int c = 1; c < 10; c++)
                {
                    arg = row[c] > row[arg] ? c : arg;
                }

                right += arg == testTruth[i] ? 1 : 0;
            }

            r[training ? "live_trainmode_test" : "live_eval_test"] = right / 1000.0;
        }

        return r;
    }
}
