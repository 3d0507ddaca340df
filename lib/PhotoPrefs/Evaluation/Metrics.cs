namespace PhotoPrefs.Evaluation;

/// <summary>
/// A binary confusion matrix with "delete" as the positive class.
/// </summary>
/// <param name="TruePositives">Deletions predicted as deletions.</param>
/// <param name="FalsePositives">Keeps predicted as deletions (a precious photo suggested for deletion).</param>
/// <param name="TrueNegatives">Keeps predicted as keeps.</param>
/// <param name="FalseNegatives">Deletions missed.</param>
public sealed record ConfusionMatrix(int TruePositives, int FalsePositives, int TrueNegatives, int FalseNegatives)
{
    /// <summary>Examples counted.</summary>
    public int Total => TruePositives + FalsePositives + TrueNegatives + FalseNegatives;

    /// <summary>(TP + TN) / total; 0 when empty.</summary>
    public double Accuracy => Ratio(TruePositives + TrueNegatives, Total);

    /// <summary>TP / (TP + FP): of the photos suggested for deletion, the share the person would delete. 0 when nothing is predicted positive.</summary>
    public double Precision => Ratio(TruePositives, TruePositives + FalsePositives);

    /// <summary>TP / (TP + FN): of the photos the person would delete, the share found. 0 when there are none.</summary>
    public double Recall => Ratio(TruePositives, TruePositives + FalseNegatives);

    /// <summary>TN / (TN + FP). 0 when there are no keeps.</summary>
    public double Specificity => Ratio(TrueNegatives, TrueNegatives + FalsePositives);

    /// <summary>Mean of recall and specificity.</summary>
    public double BalancedAccuracy => (Recall + Specificity) / 2;

    /// <summary>Harmonic mean of precision and recall; 0 when both are 0.</summary>
    public double F1 => FBeta(1);

    /// <summary>
    /// <c>(1 + b^2) P R / (b^2 P + R)</c>: beta below 1 weighs precision more (F0.5 for deletion suggestions,
    /// where suggesting a precious photo is worse than missing junk).
    /// </summary>
    /// <param name="beta">The weight, positive.</param>
    /// <returns>The score; 0 when precision and recall are 0.</returns>
    public double FBeta(double beta)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(beta);
        double b2 = beta * beta, p = Precision, r = Recall;
        return p + r == 0 ? 0 : (1 + b2) * p * r / ((b2 * p) + r);
    }

    /// <summary>Counts predictions against the truth.</summary>
    /// <param name="truth">True labels (true = delete).</param>
    /// <param name="predicted">Predicted labels.</param>
    /// <returns>The matrix.</returns>
    /// <exception cref="ArgumentException">Different lengths.</exception>
    public static ConfusionMatrix From(IReadOnlyList<bool> truth, IReadOnlyList<bool> predicted)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(predicted);
        if (truth.Count != predicted.Count)
        {
            throw new ArgumentException($"{truth.Count} true labels but {predicted.Count} predictions");
        }

        int tp = 0, fp = 0, tn = 0, fn = 0;
        for (int i = 0; i < truth.Count; i++)
        {
            switch ((truth[i], predicted[i]))
            {
                case (true, true): tp++; break;
                case (false, true): fp++; break;
                case (false, false): tn++; break;
                default: fn++; break;
            }
        }

        return new ConfusionMatrix(tp, fp, tn, fn);
    }

    /// <summary>Thresholds scores: a score at or above <paramref name="threshold"/> predicts delete.</summary>
    /// <param name="truth">True labels.</param>
    /// <param name="scores">p(delete) per example.</param>
    /// <param name="threshold">The threshold.</param>
    /// <returns>The matrix.</returns>
    public static ConfusionMatrix At(IReadOnlyList<bool> truth, IReadOnlyList<double> scores, double threshold)
    {
        ArgumentNullException.ThrowIfNull(scores);
        return From(truth, scores.Select(s => s >= threshold).ToArray());
    }

    private static double Ratio(int a, int b) => b == 0 ? 0 : a / (double)b;
}

/// <summary>One point of a precision-recall curve.</summary>
/// <param name="Threshold">Scores at or above it predict delete.</param>
/// <param name="Precision">Precision at that threshold.</param>
/// <param name="Recall">Recall at that threshold.</param>
public readonly record struct PrPoint(double Threshold, double Precision, double Recall);

/// <summary>Threshold-free measures over scores (p(delete)).</summary>
public static class Metrics
{
    /// <summary>
    /// Area under the ROC curve: the probability that a random deletion scores above a random keep, ties
    /// counting one half (the Mann-Whitney statistic). NaN when one class is absent.
    /// </summary>
    /// <param name="truth">True labels (true = delete).</param>
    /// <param name="scores">Scores.</param>
    /// <returns>The AUC.</returns>
    public static double RocAuc(IReadOnlyList<bool> truth, IReadOnlyList<double> scores)
    {
        Check(truth, scores);
        var order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();
        var ranks = new double[order.Length];
        for (int i = 0; i < order.Length;)
        {
            int j = i;
            while (j + 1 < order.Length && scores[order[j + 1]] == scores[order[i]])
            {
                j++;
            }

            double mid = ((i + j) / 2.0) + 1;
            for (int k = i; k <= j; k++)
            {
                ranks[order[k]] = mid;
            }

            i = j + 1;
        }

        double pos = truth.Count(t => t), neg = truth.Count - pos;
        if (pos == 0 || neg == 0)
        {
            return double.NaN;
        }

        double sum = 0;
        for (int i = 0; i < truth.Count; i++)
        {
            sum += truth[i] ? ranks[i] : 0;
        }

        return (sum - (pos * (pos + 1) / 2)) / (pos * neg);
    }

    /// <summary>
    /// The precision-recall curve: one point per distinct score, thresholds descending (as scikit-learn's
    /// precision_recall_curve, without its final (1, 0) point).
    /// </summary>
    /// <param name="truth">True labels.</param>
    /// <param name="scores">Scores.</param>
    /// <returns>The points.</returns>
    public static IReadOnlyList<PrPoint> PrecisionRecallCurve(IReadOnlyList<bool> truth, IReadOnlyList<double> scores)
    {
        Check(truth, scores);
        int pos = truth.Count(t => t);
        var order = Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).ToArray();
        var points = new List<PrPoint>();
        int tp = 0, fp = 0;
        for (int i = 0; i < order.Length; i++)
        {
            if (truth[order[i]])
            {
                tp++;
            }
            else
            {
                fp++;
            }

            if (i + 1 == order.Length || scores[order[i + 1]] != scores[order[i]])
            {
                points.Add(new PrPoint(scores[order[i]], tp / (double)(tp + fp), pos == 0 ? 0 : tp / (double)pos));
            }
        }

        return points;
    }

    /// <summary>Precision among the <paramref name="k"/> highest scores (ties broken by position).</summary>
    /// <param name="truth">True labels.</param>
    /// <param name="scores">Scores.</param>
    /// <param name="k">How many top suggestions.</param>
    /// <returns>The share of deletions among them.</returns>
    public static double PrecisionAtK(IReadOnlyList<bool> truth, IReadOnlyList<double> scores, int k)
    {
        Check(truth, scores);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        var top = Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).ThenBy(i => i).Take(k).ToArray();
        return top.Count(i => truth[i]) / (double)Math.Min(k, scores.Count);
    }

    /// <summary>
    /// The threshold that maximises F-beta on the given examples: the best cut is searched over their distinct
    /// scores (the highest one on ties of F-beta, favouring precision), and the threshold placed halfway between
    /// the lowest score above the cut and the next lower score (or 0), so that it classifies these examples the
    /// same way with a margin on both sides rather than sitting on one example's score. 0.5 when there are no deletions.
    /// </summary>
    /// <param name="truth">True labels.</param>
    /// <param name="scores">Scores.</param>
    /// <param name="beta">F-beta's beta (0.5 weighs precision twice as much as recall).</param>
    /// <param name="minimum">The lowest threshold allowed: candidates below it are passed over (0.5 keeps a search for precision from ever deleting more than the plain model).</param>
    /// <returns>The threshold (0.5 when no candidate reaches <paramref name="minimum"/> or no score is positive).</returns>
    public static double BestThreshold(IReadOnlyList<bool> truth, IReadOnlyList<double> scores, double beta, double minimum = 0)
    {
        Check(truth, scores);
        if (!truth.Any(t => t))
        {
            return 0.5;
        }

        double best = -1, threshold = 0.5;
        var curve = PrecisionRecallCurve(truth, scores);
        for (int i = 0; i < curve.Count; i++)
        {
            var p = curve[i];
            double b2 = beta * beta;
            double f = p.Precision + p.Recall == 0 ? 0 : (1 + b2) * p.Precision * p.Recall / ((b2 * p.Precision) + p.Recall);
            double below = i + 1 < curve.Count ? curve[i + 1].Threshold : Math.Min(0, p.Threshold);
            double candidate = (p.Threshold + below) / 2;
            if (f > best && candidate >= minimum)
            {
                best = f;
                threshold = candidate;
            }
        }

        return threshold;
    }

    private static void Check(IReadOnlyList<bool> truth, IReadOnlyList<double> scores)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(scores);
        if (truth.Count != scores.Count)
        {
            throw new ArgumentException($"{truth.Count} true labels but {scores.Count} scores");
        }
    }
}
