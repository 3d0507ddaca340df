namespace PhotoPrefs.Evaluation;

/// <summary>
/// A cut on p(delete) chosen for a target precision (<see cref="ForPrecision"/>), with the precision and recall it had on
/// the cross-fitted examples it was chosen on.
/// </summary>
/// <param name="Threshold">Scores at or above it are listed for deletion.</param>
/// <param name="Target">The precision asked for.</param>
/// <param name="Precision">Precision of the cut on the examples.</param>
/// <param name="Recall">Recall of the cut on the examples.</param>
/// <param name="Listed">Examples at or above the cut.</param>
/// <param name="Met">Whether the examples' precision at the cut reaches the target; false for the fallbacks.</param>
public sealed record OperatingPoint(double Threshold, double Target, double Precision, double Recall, int Listed, bool Met)
{
    /// <summary>The target precision of <c>--precision</c> in the examples and of <see cref="ForFewDeletes"/>.</summary>
    public const double DefaultTarget = 0.9;

    /// <summary>A share of deletions among the labels below this counts as few (<see cref="ForFewDeletes"/>).</summary>
    public const double FewDeletes = 0.15;

    /// <summary>The plain cut on p(delete), used unless a threshold or a target precision is asked for.</summary>
    public const double PlainThreshold = 0.5;

    /// <summary>
    /// A rule the study measures but the suggestions do not follow by default: when fewer than <see cref="FewDeletes"/>
    /// of the labeled examples are deletions, the cut for <see cref="DefaultTarget"/> (<see cref="ForPrecision"/>, never
    /// below <see cref="PlainThreshold"/>); otherwise, and when there are no examples, null: the plain cut. On the study's
    /// albums it lowered F1 more often than it raised precision: notebooks/results/README.md#calibration-and-operating-point.
    /// </summary>
    /// <param name="scores">Cross-fitted p(delete) of labeled photos.</param>
    /// <param name="deletes">Their true labels.</param>
    /// <returns>The operating point, or null for the plain cut.</returns>
    public static OperatingPoint? ForFewDeletes(IReadOnlyList<double> scores, IReadOnlyList<bool> deletes)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(deletes);
        return deletes.Count == 0 || deletes.Count(d => d) >= FewDeletes * deletes.Count ? null : ForPrecision(scores, deletes, DefaultTarget, PlainThreshold);
    }

    /// <summary>
    /// The lowest cut whose precision on the examples reaches <paramref name="target"/>, so the most deletions found at
    /// that precision. The candidates are the examples' distinct scores, highest first; the cut at score s lists every
    /// example scoring s or more, and its precision is TP / (TP + FP) among them. The threshold returned is halfway
    /// between s and the next lower distinct score (the lowest score for the last), so that it lists the same examples
    /// with a margin, and is never below <paramref name="minimum"/>. Fallbacks: no deletion among the examples, or no
    /// cut reaching the target: the cut with the highest precision (the highest score on ties), with
    /// <see cref="Met"/> false; no examples at all: <paramref name="minimum"/>, with precision and recall 0. Examples
    /// with a NaN score are left out. The scores may be raw or calibrated: a monotone calibration
    /// (<see cref="Calibration"/>) orders them alike and so chooses the same photos.
    /// </summary>
    /// <param name="scores">Cross-fitted p(delete) of labeled photos.</param>
    /// <param name="deletes">Their true labels (true = delete).</param>
    /// <param name="target">The precision wanted, above 0 and at most 1.</param>
    /// <param name="minimum">The lowest threshold allowed (0.5 keeps the cut from listing more than the plain model).</param>
    /// <returns>The operating point.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A target outside (0, 1].</exception>
    /// <exception cref="ArgumentException">The two lists differ in length.</exception>
    public static OperatingPoint ForPrecision(IReadOnlyList<double> scores, IReadOnlyList<bool> deletes, double target, double minimum = 0)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(deletes);
        if (!(target > 0 && target <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(target), target, "the target precision must be above 0 and at most 1");
        }

        if (scores.Count != deletes.Count)
        {
            throw new ArgumentException($"{scores.Count} scores but {deletes.Count} labels", nameof(deletes));
        }

        var examples = scores.Zip(deletes).Where(e => !double.IsNaN(e.First)).OrderByDescending(e => e.First).ToArray();
        int positives = examples.Count(e => e.Second);
        if (examples.Length == 0)
        {
            return new OperatingPoint(minimum, target, 0, 0, 0, false);
        }

        // one candidate per distinct score: (cut score, the next lower score, TP, listed)
        var cuts = new List<(double Score, double Below, int Tp, int Listed)>();
        int tp = 0;
        for (int i = 0; i < examples.Length; i++)
        {
            tp += examples[i].Second ? 1 : 0;
            if (i + 1 < examples.Length && examples[i + 1].First == examples[i].First)
            {
                continue;
            }

            double below = i + 1 < examples.Length ? examples[i + 1].First : examples[i].First;
            cuts.Add((examples[i].First, below, tp, i + 1));
        }

        double Precision((double, double, int Tp, int Listed) c) => c.Tp / (double)c.Listed;
        var met = positives == 0 ? [] : cuts.Where(c => Precision(c) >= target).ToList();
        bool reached = met.Count > 0;
        var chosen = reached ? met[^1] : cuts.OrderByDescending(Precision).ThenByDescending(c => c.Score).First();
        double threshold = Math.Max(minimum, (chosen.Score + chosen.Below) / 2);
        // the margin may not reach past the minimum: count the examples the threshold really lists
        int listed = examples.Count(e => e.First >= threshold);
        int found = examples.Count(e => e.First >= threshold && e.Second);
        double precision = listed == 0 ? 0 : found / (double)listed;
        return new OperatingPoint(threshold, target, precision, positives == 0 ? 0 : found / (double)positives, listed, reached && precision >= target);
    }
}
