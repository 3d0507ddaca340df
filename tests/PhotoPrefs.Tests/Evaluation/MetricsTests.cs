using PhotoPrefs.Evaluation;

namespace PhotoPrefs.Tests.Evaluation;

/// <summary>Every metric against cases worked out by hand.</summary>
public sealed class MetricsTests
{
    // truth:     D D D K K K K K K K   (3 deletions, 7 keeps)
    // predicted: D D K D K K K K K K   → TP 2, FN 1, FP 1, TN 6
    private static readonly bool[] Truth = [true, true, true, false, false, false, false, false, false, false];
    private static readonly bool[] Predicted = [true, true, false, true, false, false, false, false, false, false];

    [Fact]
    public void Confusion_matrix_counts_and_ratios()
    {
        var m = ConfusionMatrix.From(Truth, Predicted);
        Assert.Equal(new ConfusionMatrix(2, 1, 6, 1), m);
        Assert.Equal(10, m.Total);
        Assert.Equal(0.8, m.Accuracy, 12);
        Assert.Equal(2.0 / 3, m.Precision, 12);
        Assert.Equal(2.0 / 3, m.Recall, 12);
        Assert.Equal(6.0 / 7, m.Specificity, 12);
        Assert.Equal(((2.0 / 3) + (6.0 / 7)) / 2, m.BalancedAccuracy, 12);
        Assert.Equal(2.0 / 3, m.F1, 12);
    }

    [Fact]
    public void F_beta_weighs_precision_below_one()
    {
        // P = 1/2 (TP 1, FP 1), R = 1 (FN 0): F1 = 2/3; F0.5 = 1.25 * 0.5 / (0.25 * 0.5 + 1) = 0.625 / 1.125 = 5/9; F2 = 5 * 0.5 / (4 * 0.5 + 1) = 2.5 / 3.
        var m = new ConfusionMatrix(1, 1, 5, 0);
        Assert.Equal(2.0 / 3, m.F1, 12);
        Assert.Equal(5.0 / 9, m.FBeta(0.5), 12);
        Assert.Equal(2.5 / 3, m.FBeta(2), 12);
        Assert.Throws<ArgumentOutOfRangeException>(() => m.FBeta(0));
    }

    [Fact]
    public void Empty_denominators_give_zero_not_nan()
    {
        var none = new ConfusionMatrix(0, 0, 4, 0);
        Assert.Equal(0, none.Precision);
        Assert.Equal(0, none.Recall);
        Assert.Equal(0, none.F1);
        Assert.Equal(1, none.Accuracy);
        Assert.Equal(0, new ConfusionMatrix(0, 0, 0, 0).Accuracy);
    }

    [Fact]
    public void Thresholding_is_at_or_above()
    {
        var m = ConfusionMatrix.At([true, false, true], [0.5, 0.49, 0.2], 0.5);
        Assert.Equal(new ConfusionMatrix(1, 0, 1, 1), m);
        Assert.Throws<ArgumentException>(() => ConfusionMatrix.From([true], [true, false]));
    }

    [Fact]
    public void Roc_auc_is_the_pairwise_ranking_probability_with_ties_as_half()
    {
        // Positives 0.9, 0.4; negatives 0.5, 0.1. Pairs: (0.9>0.5) (0.9>0.1) (0.4<0.5) (0.4>0.1) → 3/4.
        Assert.Equal(0.75, Metrics.RocAuc([true, true, false, false], [0.9, 0.4, 0.5, 0.1]), 12);
        // A tie between a positive and a negative counts one half: (0.5=0.5) → 0.5, (0.5>0.1) → 1 → 1.5/2.
        Assert.Equal(0.75, Metrics.RocAuc([true, false, false], [0.5, 0.5, 0.1]), 12);
        Assert.Equal(1, Metrics.RocAuc([true, false], [0.7, 0.2]), 12);
        Assert.True(double.IsNaN(Metrics.RocAuc([true, true], [0.7, 0.2])));
    }

    [Fact]
    public void Precision_recall_curve_has_one_point_per_distinct_score()
    {
        // Scores descending: 0.9 (D), 0.8 (K), 0.8 (D), 0.3 (K); 2 deletions.
        var pr = Metrics.PrecisionRecallCurve([true, false, true, false], [0.9, 0.8, 0.8, 0.3]);
        Assert.Equal(3, pr.Count);
        Assert.Equal(new PrPoint(0.9, 1, 0.5), pr[0]);
        Assert.Equal(new PrPoint(0.8, 2.0 / 3, 1), pr[1]);
        Assert.Equal(new PrPoint(0.3, 0.5, 1), pr[2]);
    }

    [Fact]
    public void Precision_at_k_and_the_f_beta_threshold()
    {
        bool[] truth = [true, false, true, false, false];
        double[] scores = [0.9, 0.85, 0.6, 0.4, 0.1];
        Assert.Equal(1, Metrics.PrecisionAtK(truth, scores, 1), 12);
        Assert.Equal(0.5, Metrics.PrecisionAtK(truth, scores, 2), 12);
        Assert.Equal(2.0 / 3, Metrics.PrecisionAtK(truth, scores, 3), 12);
        Assert.Equal(0.4, Metrics.PrecisionAtK(truth, scores, 50), 12);

        // Thresholds 0.9: P 1, R 0.5 → F0.5 = 1.25 * 0.5 / (0.25 + 0.5) = 0.8333; 0.85: P 0.5, R 0.5 → 0.5;
        // 0.6: P 2/3, R 1 → 1.25 * (2/3) / (0.25 * 2/3 + 1) = 0.7143. Best cut: 0.9, so the threshold is halfway
        // to the next score, (0.9 + 0.85) / 2. With beta 2 recall wins: the cut at 0.6, threshold (0.6 + 0.4) / 2.
        Assert.Equal(0.875, Metrics.BestThreshold(truth, scores, 0.5), 12);
        Assert.Equal(0.5, Metrics.BestThreshold(truth, scores, 2), 12);
        Assert.Equal(0.05, Metrics.BestThreshold([true, false], [0.1, 0.1], 0.5), 12);
        Assert.Equal(0.5, Metrics.BestThreshold([false, false], [0.2, 0.3], 0.5));
    }

    [Fact]
    public void The_tuned_threshold_can_be_kept_from_falling_below_a_minimum()
    {
        // Cuts: 0.9 → P 1, R 1/3, F0.5 0.714; 0.8 → P 0.5, R 1/3, 0.455; 0.2 → P 0.75, R 1, 0.789. The best is the lowest
        // cut, "delete everything", threshold (0.2 + 0) / 2. With minimum 0.5 the best allowed is the cut at 0.9:
        // (0.9 + 0.8) / 2. When no cut reaches the minimum, 0.5.
        bool[] truth = [true, false, true, true];
        double[] scores = [0.9, 0.8, 0.2, 0.2];
        Assert.Equal(0.1, Metrics.BestThreshold(truth, scores, 0.5), 12);
        Assert.Equal(0.85, Metrics.BestThreshold(truth, scores, 0.5, minimum: 0.5), 12);
        Assert.Equal(0.5, Metrics.BestThreshold(truth, [0.3, 0.3, 0.2, 0.2], 0.5, minimum: 0.5));
    }
}
