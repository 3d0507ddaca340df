namespace PhotoPrefs.Neural;

/// <summary>
/// Softmax cross-entropy on logits <c>[N, K]</c>. With hard labels <c>t</c> and per-sample weights <c>w</c>
/// (1 when absent): <c>L = (1/N) sum_i w_i (logsumexp(z_i) - z_i[t_i])</c>, so a 0/1 confidence mask gives
/// FixMatch's <c>mean over all mu B of mask * CE</c>; the gradient is <c>w_i (softmax(z_i) - onehot(t_i)) / N</c>.
/// With soft targets <c>q</c> (rows summing to 1): <c>L = (1/N) sum_i w_i sum_k -q_ik log softmax(z_i)_k</c>.
/// Log-sum-exp subtracts each row's maximum, so large logits do not overflow.
/// </summary>
public static class CrossEntropy
{
    /// <summary>Loss and gradient with hard labels.</summary>
    /// <param name="logits">Row-major N x K logits.</param>
    /// <param name="n">Rows.</param>
    /// <param name="k">Classes.</param>
    /// <param name="targets">Class of each row.</param>
    /// <param name="gradLogits">Receives dL/dlogits (N x K); may be empty to skip it.</param>
    /// <param name="weights">Per-row weights or mask; null for all ones.</param>
    /// <returns>The loss.</returns>
    /// <exception cref="ArgumentException">A target outside 0..K-1 or a size mismatch.</exception>
    public static double Hard(ReadOnlySpan<float> logits, int n, int k, ReadOnlySpan<int> targets, Span<float> gradLogits, ReadOnlySpan<float> weights = default)
    {
        if (logits.Length < n * k || targets.Length < n || (!gradLogits.IsEmpty && gradLogits.Length < n * k) || (!weights.IsEmpty && weights.Length < n))
        {
            throw new ArgumentException("cross-entropy buffers do not match N x K");
        }

        double loss = 0;
        Span<float> p = k <= 256 ? stackalloc float[k] : new float[k];
        for (int i = 0; i < n; i++)
        {
            int t = targets[i];
            if ((uint)t >= (uint)k)
            {
                throw new ArgumentException($"target {t} outside 0..{k - 1}", nameof(targets));
            }

            float w = weights.IsEmpty ? 1f : weights[i];
            double lse = Softmax(logits.Slice(i * k, k), p);
            loss += w * (lse - logits[(i * k) + t]);
            if (!gradLogits.IsEmpty)
            {
                for (int j = 0; j < k; j++)
                {
                    gradLogits[(i * k) + j] = w * (p[j] - (j == t ? 1f : 0f)) / n;
                }
            }
        }

        return loss / n;
    }

    /// <summary>Loss and gradient with soft targets.</summary>
    /// <param name="logits">Row-major N x K logits.</param>
    /// <param name="n">Rows.</param>
    /// <param name="k">Classes.</param>
    /// <param name="targets">Row-major N x K target distributions.</param>
    /// <param name="gradLogits">Receives dL/dlogits; may be empty.</param>
    /// <param name="weights">Per-row weights; null for all ones.</param>
    /// <returns>The loss.</returns>
    public static double Soft(ReadOnlySpan<float> logits, int n, int k, ReadOnlySpan<float> targets, Span<float> gradLogits, ReadOnlySpan<float> weights = default)
    {
        if (logits.Length < n * k || targets.Length < n * k)
        {
            throw new ArgumentException("cross-entropy buffers do not match N x K");
        }

        double loss = 0;
        Span<float> p = k <= 256 ? stackalloc float[k] : new float[k];
        for (int i = 0; i < n; i++)
        {
            float w = weights.IsEmpty ? 1f : weights[i];
            double lse = Softmax(logits.Slice(i * k, k), p);
            double qsum = 0;
            for (int j = 0; j < k; j++)
            {
                double q = targets[(i * k) + j];
                qsum += q;
                loss += w * q * (lse - logits[(i * k) + j]);
            }

            if (!gradLogits.IsEmpty)
            {
                for (int j = 0; j < k; j++)
                {
                    gradLogits[(i * k) + j] = (float)(w * ((p[j] * qsum) - targets[(i * k) + j]) / n);
                }
            }
        }

        return loss / n;
    }

    /// <summary>Softmax of one row into <paramref name="probabilities"/>; returns the row's log-sum-exp.</summary>
    /// <param name="logits">K logits.</param>
    /// <param name="probabilities">K outputs summing to 1.</param>
    /// <returns><c>log sum exp(logits)</c>.</returns>
    public static double Softmax(ReadOnlySpan<float> logits, Span<float> probabilities)
    {
        float max = float.NegativeInfinity;
        foreach (var z in logits)
        {
            max = Math.Max(max, z);
        }

        double s = 0;
        for (int j = 0; j < logits.Length; j++)
        {
            double e = Math.Exp(logits[j] - max);
            probabilities[j] = (float)e;
            s += e;
        }

        for (int j = 0; j < logits.Length; j++)
        {
            probabilities[j] = (float)(probabilities[j] / s);
        }

        return max + Math.Log(s);
    }
}
