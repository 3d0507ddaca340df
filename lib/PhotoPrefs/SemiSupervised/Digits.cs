using System.Diagnostics;
using ImageMagick;

namespace PhotoPrefs.SemiSupervised;

/// <summary>One run of the digits benchmark.</summary>
/// <param name="Seed">Seed of the split and the training.</param>
/// <param name="FixMatchAccuracy">Test accuracy of FixMatch (final EMA model).</param>
/// <param name="SupervisedAccuracy">Test accuracy of the supervised-only baseline (same labels, network and steps).</param>
/// <param name="FixMatchSeconds">Wall time of the FixMatch run.</param>
/// <param name="FinalMaskRate">Mask rate over the last 50 steps.</param>
public sealed record DigitsRun(int Seed, double FixMatchAccuracy, double SupervisedAccuracy, double FixMatchSeconds, double FinalMaskRate);

/// <summary>
/// FixMatch proven on a real labeled set: OpenCV's 5000 handwritten digits (<c>digits.png</c>: 50 rows x 100
/// columns of 20 x 20 cells, rows 5d..5d+4 holding digit d). Each cell is padded to 24 x 24. Per seed: 100 test
/// images per class held out (stratified), <c>labelsPerClass</c> labeled images per class from the rest, and
/// all the rest (labeled ones included) as the unlabeled pool. FixMatch and the supervised-only baseline
/// train the same network for the same number of steps; the final EMA model is scored, never a best checkpoint.
/// </summary>
public static class Digits
{
    /// <summary>Cell side in the source image.</summary>
    public const int Cell = 20;

    /// <summary>Side of the network's input (the cell with a 2-pixel border).</summary>
    public const int Side = 24;

    /// <summary>Loads the 5000 digits.</summary>
    /// <param name="pngPath">Path of <c>digits.png</c>.</param>
    /// <returns>Images (1 x 24 x 24, values in [0, 1]) and their digits.</returns>
    /// <exception cref="PhotoPrefsException">The file is missing or not 2000 x 1000.</exception>
    public static (ImageSet Images, int[] Labels) Load(string pngPath)
    {
        if (!File.Exists(pngPath))
        {
            throw new PhotoPrefsException($"digits image not found: {pngPath}");
        }

        using var image = new MagickImage(pngPath);
        if (image.Width != 2000 || image.Height != 1000)
        {
            throw new PhotoPrefsException($"{pngPath} is {image.Width} x {image.Height}, not the 2000 x 1000 digits sheet");
        }

        using var pixels = image.GetPixels();
        var gray = pixels.ToByteArray(PixelMapping.RGB)!;
        const int count = 5000, size = Side * Side, pad = (Side - Cell) / 2;
        var data = new float[count * size];
        var labels = new int[count];
        for (int r = 0; r < 50; r++)
        {
            for (int c = 0; c < 100; c++)
            {
                int i = (r * 100) + c;
                labels[i] = r / 5;
                for (int y = 0; y < Cell; y++)
                {
                    for (int x = 0; x < Cell; x++)
                    {
                        int src = ((((r * Cell) + y) * 2000) + (c * Cell) + x) * 3;
                        data[(i * size) + ((y + pad) * Side) + x + pad] = gray[src] / 255f;
                    }
                }
            }
        }

        return (new ImageSet(data, count, 1, Side, Side), labels);
    }

    /// <summary>The stratified, seeded split: test indices, labeled indices, unlabeled indices (labeled included).</summary>
    /// <param name="labels">Digit of each image.</param>
    /// <param name="labelsPerClass">Labeled images per class.</param>
    /// <param name="testPerClass">Test images per class.</param>
    /// <param name="seed">Seed.</param>
    /// <returns>The three index lists.</returns>
    public static (int[] Test, int[] Labeled, int[] Unlabeled) Split(IReadOnlyList<int> labels, int labelsPerClass, int testPerClass, int seed)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var rng = new Random(seed);
        var test = new List<int>();
        var labeled = new List<int>();
        var unlabeled = new List<int>();
        foreach (var g in Enumerable.Range(0, labels.Count).GroupBy(i => labels[i]).OrderBy(g => g.Key))
        {
            var idx = g.ToArray();
            rng.Shuffle(idx);
            test.AddRange(idx.Take(testPerClass));
            var rest = idx.Skip(testPerClass).ToArray();
            labeled.AddRange(rest.Take(labelsPerClass));
            unlabeled.AddRange(rest);
        }

        return (test.ToArray(), labeled.ToArray(), unlabeled.ToArray());
    }

    /// <summary>Runs FixMatch and the supervised baseline for one seed.</summary>
    /// <param name="images">All digits.</param>
    /// <param name="labels">Their classes.</param>
    /// <param name="labelsPerClass">Labels per class.</param>
    /// <param name="seed">Seed.</param>
    /// <param name="options">Training settings (seed and supervised flag are set per run).</param>
    /// <param name="progress">Receives FixMatch's records; may be null.</param>
    /// <returns>The run.</returns>
    public static DigitsRun Run(ImageSet images, IReadOnlyList<int> labels, int labelsPerClass, int seed, FixMatchOptions options, IProgress<TrainingRecord>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(options);
        var (test, labeledIdx, unlabeledIdx) = Split(labels, labelsPerClass, 100, seed);
        var testSet = images.Subset(test);
        var testTruth = test.Select(i => labels[i]).ToArray();
        var labeled = images.Subset(labeledIdx);
        var labeledTruth = labeledIdx.Select(i => labels[i]).ToArray();
        var unlabeled = images.Subset(unlabeledIdx);
        var unlabeledTruth = unlabeledIdx.Select(i => labels[i]).ToArray();
        int classes = labels.Max() + 1;

        var sw = Stopwatch.StartNew();
        var fixmatch = new FixMatchTrainer(classes, 1, options with { Seed = seed, SupervisedOnly = false });
        fixmatch.Train(labeled, labeledTruth, unlabeled, unlabeledTruth, progress);
        double seconds = sw.Elapsed.TotalSeconds;
        double fm = fixmatch.Accuracy(testSet, testTruth);

        var supervised = new FixMatchTrainer(classes, 1, options with { Seed = seed, SupervisedOnly = true });
        supervised.Train(labeled, labeledTruth, unlabeled);
        double sup = supervised.Accuracy(testSet, testTruth);
        double mask = fixmatch.History.TakeLast(50).Average(r => r.MaskRate);
        return new DigitsRun(seed, fm, sup, seconds, mask);
    }
}
