using PhotoPrefs.Evaluation;

namespace PhotoPrefs.Tests.Evaluation;

/// <summary>Platt scaling, the cut for a target precision and the reliability table, against known answers.</summary>
public sealed class CalibrationTests
{
    // Scores whose logits are uniform on [-4, 4], labels drawn with p(delete) = sigmoid(a z + b): a fit should find a and b.
    private static (double[] Scores, bool[] Deletes) Drawn(double a, double b, int n, int seed)
    {
        var rng = new Random(seed);
        var scores = new double[n];
        var deletes = new bool[n];
        for (int i = 0; i < n; i++)
        {
            double z = (rng.NextDouble() * 8) - 4;
            scores[i] = PlattScaling.Sigmoid(z);
            deletes[i] = rng.NextDouble() < PlattScaling.Sigmoid((a * z) + b);
        }

        return (scores, deletes);
    }

    [Theory]
    [InlineData(0.5, -1.0)] // an over-confident model that deletes too readily
    [InlineData(1.5, 0.5)] // an under-confident one
    [InlineData(1.0, 0.0)] // already calibrated: the fit is near the identity
    public void Platt_scaling_recovers_a_known_sigmoid(double a, double b)
    {
        // 4000 examples: the standard error of a and b is about 0.03 to 0.06 here; 0.15 is about three of them
        var (scores, deletes) = Drawn(a, b, 4000, seed: 11);
        var fit = PlattScaling.Fit(scores, deletes);
        Assert.True(fit.Fitted, fit.Fallback);
        Assert.Equal(a, fit.Slope, 0.15);
        Assert.Equal(b, fit.Intercept, 0.15);
        Assert.Equal(4000, fit.Examples);
        Assert.Equal(deletes.Count(d => d), fit.Deletes);
        Assert.Equal(PlattScaling.Sigmoid((fit.Slope * PlattScaling.Logit(0.8)) + fit.Intercept), fit.Apply(0.8), 12);
    }

    [Fact]
    public void Calibration_lowers_the_error_of_an_over_confident_model_on_fresh_examples()
    {
        var (fitScores, fitDeletes) = Drawn(0.4, -0.5, 600, seed: 1);
        var (scores, deletes) = Drawn(0.4, -0.5, 2000, seed: 2);
        var fit = PlattScaling.Fit(fitScores, fitDeletes);
        double before = Reliability.ExpectedCalibrationError(Reliability.Table(scores, deletes));
        double after = Reliability.ExpectedCalibrationError(Reliability.Table(fit.Apply(scores), deletes));
        Assert.True(before > 0.1, $"before {before}");
        Assert.True(after < 0.05, $"after {after}");
    }

    [Fact]
    public void Calibrated_scores_keep_their_order_and_stay_inside_zero_and_one()
    {
        // separable: every deletion above every keep; Platt's targets keep the slope finite
        double[] scores = [0.01, 0.05, 0.1, 0.2, 0.3, 0.7, 0.8, 0.9, 0.95, 0.999999];
        bool[] deletes = [false, false, false, false, false, true, true, true, true, true];
        var fit = PlattScaling.Fit(scores, deletes);
        Assert.True(fit.Fitted, fit.Fallback);
        Assert.True(double.IsFinite(fit.Slope) && fit.Slope > 0);
        var q = fit.Apply(scores);
        Assert.Equal(q.Order(), q);
        Assert.All(q, p => Assert.InRange(p, 0, 1));
        // Platt's targets 6/7 and 1/7 pull the nearest deletion and keep in from 0.7 and 0.3
        Assert.InRange(q[5], 0.5, 0.7);
        Assert.InRange(q[4], 0.3, 0.5);
        Assert.True(double.IsNaN(fit.Apply(double.NaN)));
    }

    [Fact]
    public void Too_few_examples_one_class_or_reversed_scores_keep_the_identity_and_say_why()
    {
        var one = PlattScaling.Fit([.. Enumerable.Range(0, 20).Select(i => i / 20.0)], [.. Enumerable.Repeat(true, 20)]);
        Assert.False(one.Fitted);
        Assert.Contains("0 keeps", one.Fallback, StringComparison.Ordinal);
        Assert.Equal(0.37, one.Apply(0.37));

        var few = PlattScaling.Fit([0.1, 0.9, 0.2, 0.8, 0.3, 0.7, 0.4, 0.6, 0.5], [false, true, false, true, false, true, false, true, true]);
        Assert.False(few.Fitted);
        Assert.Contains("fewer than 10", few.Fallback, StringComparison.Ordinal);
        Assert.Equal((1.0, 0.0, 9), (few.Slope, few.Intercept, few.Examples));

        var reversed = PlattScaling.Fit([.. Enumerable.Range(0, 20).Select(i => i / 20.0)], [.. Enumerable.Range(0, 20).Select(i => i < 10)]);
        Assert.False(reversed.Fitted);
        Assert.Contains("not positive", reversed.Fallback, StringComparison.Ordinal);

        // NaN scores (folds that could not train) are left out, and leave too few here
        var nan = PlattScaling.Fit([.. Enumerable.Repeat(double.NaN, 12), 0.2, 0.8], [.. Enumerable.Range(0, 14).Select(i => i % 2 == 0)]);
        Assert.Equal(2, nan.Examples);
        Assert.False(nan.Fitted);
        Assert.Throws<ArgumentException>(() => PlattScaling.Fit([0.5], [true, false]));
    }

    // scores, highest first, with their labels:  0.95 D, 0.9 D, 0.85 K, 0.8 D, 0.7 D, 0.6 K, 0.55 D, 0.4 K, 0.3 K, 0.2 D
    // precision of the cut at each score:        1,      1,     2/3,    3/4,   4/5,   2/3,   5/7,    5/8,   5/9,   6/10
    private static readonly double[] Scores = [0.3, 0.95, 0.6, 0.9, 0.2, 0.85, 0.55, 0.8, 0.4, 0.7];
    private static readonly bool[] Deletes = [false, true, false, true, true, false, true, true, false, true];

    [Theory]
    [InlineData(0.75, 0.65, 0.8, 4)] // the lowest cut at 3/4 or better is 0.7 (4/5); halfway to 0.6
    [InlineData(0.9, 0.875, 1.0, 2)] // 0.9 (2/2); halfway to 0.85
    [InlineData(0.6, 0.2, 0.6, 6)] // every cut but 0.3's reaches 0.6: the lowest, at 0.2, lists every example
    public void The_cut_for_a_precision_is_the_lowest_that_reaches_it(double target, double threshold, double precision, int found)
    {
        var point = OperatingPoint.ForPrecision(Scores, Deletes, target);
        Assert.True(point.Met);
        Assert.Equal(threshold, point.Threshold, 12);
        Assert.Equal(precision, point.Precision, 12);
        Assert.Equal(found / 6.0, point.Recall, 12);
        Assert.Equal(target, point.Target);
    }

    [Fact]
    public void The_cut_never_goes_below_its_minimum_and_says_when_the_target_is_out_of_reach()
    {
        var floored = OperatingPoint.ForPrecision(Scores, Deletes, 0.6, minimum: 0.5);
        Assert.Equal(0.5, floored.Threshold);
        Assert.Equal(7, floored.Listed);
        Assert.Equal(5 / 7.0, floored.Precision, 12);

        // the top photo is a keep: no cut reaches 0.9, the best precision (1/2, the higher cut on ties) is taken
        var missed = OperatingPoint.ForPrecision([0.9, 0.8, 0.7, 0.6], [false, true, false, true], 0.9);
        Assert.False(missed.Met);
        Assert.Equal(0.75, missed.Threshold, 12);
        Assert.Equal(0.5, missed.Precision, 12);

        var none = OperatingPoint.ForPrecision([0.9, 0.2], [false, false], 0.9, minimum: 0.5);
        Assert.False(none.Met);
        Assert.Equal(0, none.Recall);
        Assert.Equal(0.5, OperatingPoint.ForPrecision([], [], 0.9, minimum: 0.5).Threshold);
        Assert.Throws<ArgumentOutOfRangeException>(() => OperatingPoint.ForPrecision(Scores, Deletes, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => OperatingPoint.ForPrecision(Scores, Deletes, 1.01));
        Assert.Throws<ArgumentException>(() => OperatingPoint.ForPrecision(Scores, [true], 0.9));
    }

    [Fact]
    public void The_few_deletions_rule_aims_at_precision_only_when_the_labels_show_few_deletions()
    {
        Assert.Null(OperatingPoint.ForFewDeletes(Scores, Deletes)); // 6 of 10 are deletions
        Assert.Null(OperatingPoint.ForFewDeletes([], []));
        // 2 of 20 (10 %) are deletions, both on top: the cut for 0.9 lies between them and the first keep
        double[] scores = [.. Enumerable.Range(0, 20).Select(i => i / 20.0)];
        bool[] deletes = [.. Enumerable.Range(0, 20).Select(i => i >= 18)];
        var point = OperatingPoint.ForFewDeletes(scores, deletes)!;
        Assert.Equal(OperatingPoint.DefaultTarget, point.Target);
        Assert.Equal(0.875, point.Threshold, 12);
        Assert.True(point.Met);
        // 3 of 20 (15 %) is not few
        Assert.Null(OperatingPoint.ForFewDeletes(scores, [.. Enumerable.Range(0, 20).Select(i => i >= 17)]));
    }

    [Fact]
    public void The_reliability_table_bins_by_p_delete_and_its_error_weighs_each_bin_by_its_photos()
    {
        var table = Reliability.Table([0.1, 0.15, 0.5, 0.55, 1.0, double.NaN], [false, true, true, false, true, true]);
        Assert.Equal(5, table.Count);
        Assert.Equal([2, 0, 2, 0, 1], table.Select(b => b.Count));
        Assert.Equal(0.125, table[0].MeanPredicted, 12);
        Assert.Equal(0.5, table[0].ObservedRate, 12);
        Assert.Equal(0.525, table[2].MeanPredicted, 12);
        Assert.True(double.IsNaN(table[1].MeanPredicted) && double.IsNaN(table[1].ObservedRate));
        Assert.Equal((0.8, 1.0), (table[4].Low, table[4].High));
        // (2/5) |0.125 - 0.5| + (2/5) |0.525 - 0.5| + (1/5) |1 - 1|
        Assert.Equal(0.16, Reliability.ExpectedCalibrationError(table), 12);
        Assert.Equal(0, Reliability.ExpectedCalibrationError(Reliability.Table([], [])));
        Assert.Throws<ArgumentOutOfRangeException>(() => Reliability.Table([0.5], [true], 0));
    }
}
