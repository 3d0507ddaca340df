namespace PhotoPrefs.Evaluation;

/// <summary>
/// Platt scaling of a model's p(delete) on cross-fitted predictions (predictions of photos the model that scored them
/// was not trained on): Platt, "Probabilistic outputs for support vector machines and comparisons to regularized
/// likelihood methods" (1999), on the logit of p as Guo, Pleiss, Sun and Weinberger, "On calibration of modern neural
/// networks" (ICML 2017) apply it to a network's logits; temperature scaling is its special case b = 0.
/// </summary>
public static class PlattScaling
{
    /// <summary>Scores are clamped to [Epsilon, 1 - Epsilon] before their logit is taken (|z| at most about 13.8).</summary>
    public const double Epsilon = 1e-6;

    /// <summary>Fewer cross-fitted examples than this keep the identity (<see cref="Calibration.Identity"/>).</summary>
    public const int MinExamples = 10;

    /// <summary>Fewer examples than this of either class keep the identity.</summary>
    public const int MinPerClass = 2;

    /// <summary>
    /// Fits a and b of <c>q = 1 / (1 + exp(-(a z + b)))</c>, <c>z = ln(p / (1 - p))</c>, by minimising the cross-entropy
    /// <c>-sum t_i ln q_i + (1 - t_i) ln(1 - q_i)</c> against Platt's smoothed targets <c>t = (N+ + 1) / (N+ + 2)</c> for a
    /// deletion and <c>t = 1 / (N- + 2)</c> for a keep (N+ deletions, N- keeps), which keep a separable set from driving a
    /// to infinity. Newton's method with a backtracking line search and a small ridge on the Hessian (Lin, Lin and
    /// Weng, "A note on Platt's probabilistic outputs for support vector machines", 2007), from a = 1, b = 0, at most 100
    /// iterations. Fallbacks, each returning the identity with <see cref="Calibration.Fallback"/> saying why: fewer than
    /// <see cref="MinExamples"/> finite examples, fewer than <see cref="MinPerClass"/> of either class, or a fitted a at
    /// or below 0 (scores that do not rank deletions above keeps). Examples with a NaN score are left out.
    /// </summary>
    /// <param name="scores">Cross-fitted p(delete), 0 to 1.</param>
    /// <param name="deletes">True labels (true = delete), in the same order.</param>
    /// <returns>The calibration.</returns>
    /// <exception cref="ArgumentException">The two lists differ in length.</exception>
    public static Calibration Fit(IReadOnlyList<double> scores, IReadOnlyList<bool> deletes)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(deletes);
        if (scores.Count != deletes.Count)
        {
            throw new ArgumentException($"{scores.Count} scores but {deletes.Count} labels", nameof(deletes));
        }

        var z = new List<double>();
        var y = new List<bool>();
        for (int i = 0; i < scores.Count; i++)
        {
            if (!double.IsNaN(scores[i]))
            {
                z.Add(Logit(scores[i]));
                y.Add(deletes[i]);
            }
        }

        int n = z.Count, positives = y.Count(d => d), negatives = n - positives;
        if (n < MinExamples)
        {
            return Calibration.Identity($"{n} cross-fitted examples, fewer than {MinExamples}", n, positives);
        }

        if (positives < MinPerClass || negatives < MinPerClass)
        {
            return Calibration.Identity($"{positives} deletions and {negatives} keeps; each needs at least {MinPerClass}", n, positives);
        }

        double hi = (positives + 1.0) / (positives + 2.0), lo = 1.0 / (negatives + 2.0);
        var t = y.Select(d => d ? hi : lo).ToArray();
        double a = 1, b = 0, loss = Loss(z, t, a, b);
        for (int iteration = 0; iteration < 100; iteration++)
        {
            // gradient and Hessian of the cross-entropy in (a, b)
            double ga = 0, gb = 0, haa = 1e-12, hab = 0, hbb = 1e-12;
            for (int i = 0; i < n; i++)
            {
                double q = Sigmoid((a * z[i]) + b), r = q - t[i], w = q * (1 - q);
                ga += r * z[i];
                gb += r;
                haa += w * z[i] * z[i];
                hab += w * z[i];
                hbb += w;
            }

            if (Math.Abs(ga) < 1e-9 && Math.Abs(gb) < 1e-9)
            {
                break;
            }

            double det = (haa * hbb) - (hab * hab);
            double da = -((hbb * ga) - (hab * gb)) / det, db = -((haa * gb) - (hab * ga)) / det;
            double step = 1, next = double.PositiveInfinity;
            while (step >= 1e-10)
            {
                next = Loss(z, t, a + (step * da), b + (step * db));
                // Armijo's condition on the Newton direction
                if (next <= loss + (1e-4 * step * ((ga * da) + (gb * db))))
                {
                    break;
                }

                step /= 2;
            }

            if (step < 1e-10)
            {
                break;
            }

            a += step * da;
            b += step * db;
            bool converged = loss - next < 1e-12 * Math.Max(1, Math.Abs(loss));
            loss = next;
            if (converged)
            {
                break;
            }
        }

        return a > 0 && double.IsFinite(a) && double.IsFinite(b)
            ? new Calibration(a, b, n, positives)
            : Calibration.Identity($"the fitted slope {a:G3} is not positive: the scores do not rank deletions above keeps", n, positives);
    }

    /// <summary><c>ln(p / (1 - p))</c> of p clamped to [<see cref="Epsilon"/>, 1 - <see cref="Epsilon"/>].</summary>
    /// <param name="p">A probability.</param>
    /// <returns>Its logit.</returns>
    public static double Logit(double p)
    {
        double c = Math.Clamp(p, Epsilon, 1 - Epsilon);
        return Math.Log(c / (1 - c));
    }

    /// <summary><c>1 / (1 + exp(-x))</c>.</summary>
    /// <param name="x">A logit.</param>
    /// <returns>Its probability.</returns>
    public static double Sigmoid(double x) => x >= 0 ? 1 / (1 + Math.Exp(-x)) : Math.Exp(x) / (1 + Math.Exp(x));

    // -sum t ln q + (1 - t) ln(1 - q), in the form that does not overflow: with s = a z + b,
    // -ln q = ln(1 + e^-s) and -ln(1 - q) = s + ln(1 + e^-s)
    private static double Loss(List<double> z, double[] t, double a, double b)
    {
        double sum = 0;
        for (int i = 0; i < z.Count; i++)
        {
            double s = (a * z[i]) + b;
            double softplus = s >= 0 ? double.LogP1(Math.Exp(-s)) : -s + double.LogP1(Math.Exp(s));
            sum += softplus + ((1 - t[i]) * s);
        }

        return sum;
    }
}
