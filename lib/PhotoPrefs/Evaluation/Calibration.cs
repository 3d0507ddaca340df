namespace PhotoPrefs.Evaluation;

/// <summary>
/// A fitted Platt scaling of p(delete) (<see cref="PlattScaling.Fit"/>):
/// <c>q = 1 / (1 + exp(-(Slope * z + Intercept)))</c> with <c>z = ln(p / (1 - p))</c>, p clamped to
/// [<see cref="PlattScaling.Epsilon"/>, 1 - <see cref="PlattScaling.Epsilon"/>]. With Slope 1 and Intercept 0 it is the
/// identity; with Intercept 0 it is temperature scaling with T = 1 / Slope. Slope is never negative, so the order of
/// the photos never changes: a cut on the calibrated p(delete) lists the same photos as some cut on the raw one.
/// </summary>
/// <param name="Slope">a, at least 0.</param>
/// <param name="Intercept">b.</param>
/// <param name="Examples">Cross-fitted examples it was fitted on.</param>
/// <param name="Deletes">Deletions among them.</param>
/// <param name="Fallback">Why the identity was kept instead of a fit (too few examples, one class, scores that do not
/// rank deletions first), or null for a fit.</param>
public sealed record Calibration(double Slope, double Intercept, int Examples, int Deletes, string? Fallback = null)
{
    /// <summary>The identity: q = p.</summary>
    /// <param name="reason">Why no fit was made.</param>
    /// <param name="examples">Examples there were.</param>
    /// <param name="deletes">Deletions among them.</param>
    /// <returns>Slope 1, intercept 0.</returns>
    public static Calibration Identity(string reason, int examples = 0, int deletes = 0) => new(1, 0, examples, deletes, reason);

    /// <summary>Whether this is a fit rather than the identity kept as a fallback.</summary>
    public bool Fitted => Fallback is null;

    /// <summary>The calibrated p(delete) of a raw one (see the type's formula). NaN stays NaN.</summary>
    /// <param name="p">Raw p(delete), 0 to 1.</param>
    /// <returns>The calibrated p(delete), 0 to 1.</returns>
    public double Apply(double p)
    {
        if (double.IsNaN(p))
        {
            return p;
        }

        if (!Fitted)
        {
            return p;
        }

        return PlattScaling.Sigmoid((Slope * PlattScaling.Logit(p)) + Intercept);
    }

    /// <summary>The calibrated p(delete) of each raw one (<see cref="Apply(double)"/>).</summary>
    /// <param name="p">Raw p(delete).</param>
    /// <returns>One calibrated value per input, in order.</returns>
    public double[] Apply(IReadOnlyList<double> p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var q = new double[p.Count];
        for (int i = 0; i < q.Length; i++)
        {
            q[i] = Apply(p[i]);
        }

        return q;
    }
}
