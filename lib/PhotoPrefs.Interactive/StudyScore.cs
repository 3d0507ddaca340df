namespace PhotoPrefs.Interactive;

/// <summary>One user's results under one variant of the study (FixMatch or an ablation), over the seeds.</summary>
/// <param name="User">The user.</param>
/// <param name="Variant">The variant's name as the study's JSON writes it (<c>fixmatch</c>, <c>supervised_only</c>, …).</param>
/// <param name="F1Mean">Mean F1 over the seeds.</param>
/// <param name="F1Std">Sample standard deviation of F1 over the seeds (0 for one seed).</param>
/// <param name="PrecisionMean">Mean precision over the seeds.</param>
/// <param name="F1PerSeed">F1 of each seed; empty where a stored study kept only the mean.</param>
/// <param name="PrecisionPerSeed">Precision of each seed; empty where a stored study kept only the mean.</param>
public sealed record StudyScore(string User, string Variant, double F1Mean, double F1Std, double PrecisionMean, IReadOnlyList<double> F1PerSeed, IReadOnlyList<double> PrecisionPerSeed)
{
    /// <summary>The lowest F1 over the seeds (the mean where no seed's value is kept).</summary>
    public double F1Min => F1PerSeed.Count > 0 ? F1PerSeed.Min() : F1Mean;

    /// <summary>The highest F1 over the seeds (the mean where no seed's value is kept).</summary>
    public double F1Max => F1PerSeed.Count > 0 ? F1PerSeed.Max() : F1Mean;

    /// <summary>The lowest precision over the seeds (the mean where no seed's value is kept).</summary>
    public double PrecisionMin => PrecisionPerSeed.Count > 0 ? PrecisionPerSeed.Min() : PrecisionMean;

    /// <summary>The highest precision over the seeds (the mean where no seed's value is kept).</summary>
    public double PrecisionMax => PrecisionPerSeed.Count > 0 ? PrecisionPerSeed.Max() : PrecisionMean;

    /// <summary>The variant in words: "FixMatch", "supervised only", "45 random labels", "tuned threshold", "+15 by uncertainty", "+15 at random".</summary>
    /// <param name="variant">The variant's name as the study's JSON writes it.</param>
    /// <param name="labels">Labels per run (45 in the study).</param>
    /// <param name="added">Labels added by active learning (15 in the study).</param>
    /// <returns>The words; an unknown name as it is.</returns>
    public static string Describe(string variant, int labels = 45, int added = 15) => variant switch
    {
        Evaluation.Study.FixMatch => "FixMatch",
        Evaluation.Study.SupervisedOnly => "supervised only",
        Evaluation.Study.RandomLabels => $"{labels} random labels",
        Evaluation.Study.TunedThreshold => "tuned threshold",
        Evaluation.Study.ActiveUncertainty => $"+{added} by uncertainty",
        Evaluation.Study.ActiveRandom => $"+{added} at random",
        Evaluation.Study.PrecisionTarget => "cut for a target precision",
        Evaluation.Study.FewDeletesRule => "few-deletions rule",
        _ => variant,
    };
}
