using PhotoPrefs.Evaluation;
using PhotoPrefs.SemiSupervised;
using PhotoPrefs.Suggestions;

namespace PhotoPrefs.Tests.Suggestions;

/// <summary>Where the suggestion stage cuts a stored model's list: a threshold, a target precision, or the default.</summary>
public sealed class SuggestionCutTests
{
    // 30 cross-fitted labels: scores 0.01 .. 0.99 in steps of about 0.034; deletions among the highest, one keep at 0.8.
    private static StoredModel Model(int deletes, bool crossFit = true)
    {
        var fitted = Enumerable.Range(0, 30).Select(i =>
        {
            double p = 0.01 + (i * 0.98 / 29);
            bool delete = i >= 30 - deletes && i != 23; // row 23 (p 0.787) is a keep among the deletions
            return new CrossFitted(i + 1, delete, p);
        }).ToArray();
        var pDelete = fitted.ToDictionary(c => c.PhotoId, c => c.PDelete);
        return new StoredModel(7, "me", 30, 10, [], pDelete, 1, crossFit ? fitted : null);
    }

    [Fact]
    public void A_target_precision_moves_the_cut_above_the_plain_one()
    {
        var model = Model(deletes: 12);
        var plain = DeletionSuggestions.Cut(model, new SuggestOptions());
        Assert.Equal(OperatingPoint.PlainThreshold, plain.Threshold);
        Assert.Null(plain.Point);
        Assert.False(plain.Calibration.Fitted); // the model's own p(delete) unless calibration is asked for
        var calibrated = DeletionSuggestions.Cut(model, new SuggestOptions(Calibrate: true));
        Assert.True(calibrated.Calibration.Fitted, calibrated.Calibration.Fallback);
        Assert.Equal(PlattScaling.Fit([.. model.CrossFit!.Select(c => c.PDelete)], [.. model.CrossFit!.Select(c => c.Delete)]), calibrated.Calibration);
        Assert.Equal(plain.Threshold, calibrated.Threshold);

        // deletions at rows 18..29 but 23: the cut at row 24 lists 6 deletions (precision 1); row 18's lists 11 of 12 (0.917)
        var strict = DeletionSuggestions.Cut(model, new SuggestOptions(Precision: 0.95));
        Assert.True(strict.Point!.Met);
        Assert.Equal(1.0, strict.Point.Precision);
        Assert.Equal((0.01 + (24 * 0.98 / 29) + 0.01 + (23 * 0.98 / 29)) / 2, strict.Threshold, 12);
        var loose = DeletionSuggestions.Cut(model, new SuggestOptions(Precision: 0.9));
        Assert.InRange(loose.Threshold, 0.5, strict.Threshold - 0.1);
        Assert.Equal(11 / 12.0, loose.Point!.Precision, 12);

        // a threshold given wins; the calibration is the same whatever the cut
        var given = DeletionSuggestions.Cut(model, new SuggestOptions(Threshold: 0.3, Precision: 0.9, Calibrate: true));
        Assert.Equal(0.3, given.Threshold);
        Assert.Equal(calibrated.Calibration, given.Calibration);
    }

    [Fact]
    public void Few_deletions_among_the_labels_leave_the_plain_cut_unless_a_precision_is_asked_for()
    {
        var model = Model(deletes: 3); // rows 27..29: 10 %
        var cut = DeletionSuggestions.Cut(model, new SuggestOptions());
        Assert.Null(cut.Point);
        Assert.Equal(OperatingPoint.PlainThreshold, cut.Threshold);
        var strict = DeletionSuggestions.Cut(model, new SuggestOptions(Precision: OperatingPoint.DefaultTarget));
        Assert.Equal(OperatingPoint.ForFewDeletes([.. model.CrossFit!.Select(c => c.PDelete)], [.. model.CrossFit!.Select(c => c.Delete)]), strict.Point);
        Assert.True(strict.Threshold > OperatingPoint.PlainThreshold);
    }

    [Fact]
    public void A_model_without_cross_fitted_predictions_keeps_its_p_delete_and_refuses_a_target_precision()
    {
        var model = Model(deletes: 12, crossFit: false);
        var cut = DeletionSuggestions.Cut(model, new SuggestOptions(Calibrate: true));
        Assert.False(cut.Calibration.Fitted);
        Assert.Contains("without cross-fitted", cut.Calibration.Fallback, StringComparison.Ordinal);
        Assert.Equal(0.42, cut.Calibration.Apply(0.42));
        Assert.Equal(OperatingPoint.PlainThreshold, cut.Threshold);
        var e = Assert.Throws<PhotoPrefsException>(() => DeletionSuggestions.Cut(model, new SuggestOptions(Precision: 0.9)));
        Assert.Contains("cross-fitted", e.Message, StringComparison.Ordinal);
        Assert.Throws<PhotoPrefsException>(() => DeletionSuggestions.Cut(Model(12), new SuggestOptions(Precision: 1.5)));
        Assert.Throws<PhotoPrefsException>(() => DeletionSuggestions.Cut(Model(12), new SuggestOptions(Threshold: -0.1)));
    }

    [Fact]
    public void The_expected_precision_of_a_list_is_its_mean_confidence()
    {
        Suggestion S(int rank, double confidence) => new(rank, rank, $"p{rank}.jpg", 0.9, [], null, confidence);
        Assert.Equal(0.8, DeletionSuggestions.ExpectedPrecision([S(1, 0.9), S(2, 0.7)]), 12);
        Assert.True(double.IsNaN(DeletionSuggestions.ExpectedPrecision([])));
    }
}
