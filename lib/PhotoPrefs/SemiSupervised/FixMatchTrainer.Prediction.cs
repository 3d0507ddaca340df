using PhotoPrefs.Neural;
using PhotoPrefs.Neural.Layers;

namespace PhotoPrefs.SemiSupervised;

public sealed partial class FixMatchTrainer
{
    /// <summary>
    /// Class probabilities from the EMA model in evaluation mode. The averaged weights come with
    /// BatchNorm statistics re-estimated on up to 2048 clean training images (the live model's statistics
    /// do not match averaged weights), once per number of steps trained.
    /// </summary>
    /// <param name="images">Images.</param>
    /// <returns>Count x Classes probabilities, row-major.</returns>
    public float[] Predict(ImageSet images)
    {
        var result = Logits(images);
        for (int i = 0; i < images.Count; i++)
        {
            var row = result.AsSpan(i * Classes, Classes);
            CrossEntropy.Softmax(row, row);
        }

        return result;
    }

    /// <summary>
    /// The EMA model's logits (before the softmax), as <see cref="Predict"/> computes them. Where probabilities round to
    /// 0 or 1 in single precision, the logits still tell a sure prediction from a surer one.
    /// </summary>
    /// <param name="images">Images.</param>
    /// <returns>Count x Classes logits, row-major.</returns>
    public float[] Logits(ImageSet images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (_calibratedAt != StepsDone)
        {
            _ema.CopyTo(EvalModel);
            RecalibrateBatchNorm();
            _calibratedAt = StepsDone;
        }

        CheckInput(images);
        EvalModel.SetTraining(false);
        var result = new float[images.Count * Classes];
        const int chunk = 256;
        for (int start = 0; start < images.Count; start += chunk)
        {
            int n = Math.Min(chunk, images.Count - start);
            var x = PlainViews(images, start, n);
            SetSide(EvalModel, images, start, n);
            EvalModel.Forward(x).Span[..(n * Classes)].CopyTo(result.AsSpan(start * Classes, n * Classes));
        }

        return result;
    }

    private void RecalibrateBatchNorm()
    {
        var norms = EvalModel.Descendants().OfType<BatchNorm2d>().ToList();
        if (_calibration is null || _calibration.Count == 0)
        {
            return;
        }

        foreach (var bn in norms)
        {
            bn.BeginRecalibration();
        }

        EvalModel.SetTraining(true);
        const int chunk = 256;
        var set = _calibration;
        for (int start = 0; start < set.Count; start += chunk)
        {
            int n = Math.Min(chunk, set.Count - start);
            if (n < 2)
            {
                break;
            }

            SetSide(EvalModel, set, start, n);
            EvalModel.Forward(PlainViews(set, start, n));
        }

        foreach (var bn in norms)
        {
            bn.EndRecalibration();
        }

        EvalModel.SetTraining(false);
    }

    /// <summary>Accuracy of <see cref="Predict"/> against known classes.</summary>
    /// <param name="images">Images.</param>
    /// <param name="truth">Their classes.</param>
    /// <returns>Fraction right.</returns>
    public double Accuracy(ImageSet images, IReadOnlyList<int> truth)
    {
        ArgumentNullException.ThrowIfNull(truth);
        var p = Predict(images);
        int right = 0;
        for (int i = 0; i < truth.Count; i++)
        {
            var row = p.AsSpan(i * Classes, Classes);
            int arg = 0;
            for (int c = 1; c < Classes; c++)
            {
                arg = row[c] > row[arg] ? c : arg;
            }

            right += arg == truth[i] ? 1 : 0;
        }

        return right / (double)truth.Count;
    }
}
