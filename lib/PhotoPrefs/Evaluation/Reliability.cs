namespace PhotoPrefs.Evaluation;

/// <summary>Reliability tables and the expected calibration error (Guo, Pleiss, Sun and Weinberger, "On calibration of
/// modern neural networks", ICML 2017, section 2): how far p(delete) is from the observed rate of deletions.</summary>
public static class Reliability
{
    /// <summary>
    /// Splits [0, 1] into <paramref name="bins"/> equal bins (bin i holds <c>i / bins &lt;= p &lt; (i + 1) / bins</c>, the
    /// last one 1 too) and gives each its count, mean p(delete) and observed deletion rate. A perfectly calibrated model
    /// has the mean equal to the rate in every bin. NaN scores are left out.
    /// </summary>
    /// <param name="scores">p(delete), 0 to 1.</param>
    /// <param name="deletes">True labels (true = delete), in the same order.</param>
    /// <param name="bins">Bins, at least 1.</param>
    /// <returns>The bins, lowest first.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than one bin.</exception>
    /// <exception cref="ArgumentException">The two lists differ in length.</exception>
    public static IReadOnlyList<ReliabilityBin> Table(IReadOnlyList<double> scores, IReadOnlyList<bool> deletes, int bins = 5)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(deletes);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        if (scores.Count != deletes.Count)
        {
            throw new ArgumentException($"{scores.Count} scores but {deletes.Count} labels", nameof(deletes));
        }

        var count = new int[bins];
        var sum = new double[bins];
        var positives = new int[bins];
        for (int i = 0; i < scores.Count; i++)
        {
            if (double.IsNaN(scores[i]))
            {
                continue;
            }

            int b = Math.Clamp((int)(scores[i] * bins), 0, bins - 1);
            count[b]++;
            sum[b] += scores[i];
            positives[b] += deletes[i] ? 1 : 0;
        }

        return Enumerable.Range(0, bins).Select(b => new ReliabilityBin(b / (double)bins, (b + 1) / (double)bins, count[b],
            count[b] == 0 ? double.NaN : sum[b] / count[b], count[b] == 0 ? double.NaN : positives[b] / (double)count[b])).ToArray();
    }

    /// <summary>The expected calibration error of a table: <c>sum over bins of (n_b / n) |mean p_b - rate_b|</c>; 0 for no photos.</summary>
    /// <param name="table">From <see cref="Table"/>.</param>
    /// <returns>The error, 0 to 1.</returns>
    public static double ExpectedCalibrationError(IReadOnlyList<ReliabilityBin> table)
    {
        ArgumentNullException.ThrowIfNull(table);
        int n = table.Sum(b => b.Count);
        return n == 0 ? 0 : table.Where(b => b.Count > 0).Sum(b => b.Count / (double)n * Math.Abs(b.MeanPredicted - b.ObservedRate));
    }
}
