using System.Numerics.Tensors;

namespace PhotoPrefs.Neural.Optim;

/// <summary>Gradient clipping by global norm, as <c>torch.nn.utils.clip_grad_norm_</c>: when the L2 norm of all gradients together exceeds the limit, every gradient is scaled by <c>limit / norm</c>.</summary>
public static class GradientClipping
{
    /// <summary>Clips the gradients in place.</summary>
    /// <param name="parameters">The parameters whose gradients to clip.</param>
    /// <param name="maxNorm">The largest allowed global norm.</param>
    /// <returns>The norm before clipping.</returns>
    public static double ClipGlobalNorm(IReadOnlyList<Parameter> parameters, double maxNorm)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        double sq = 0;
        foreach (var p in parameters)
        {
            double n = TensorPrimitives.Norm(p.Grad.AsSpan());
            sq += n * n;
        }

        double norm = Math.Sqrt(sq);
        if (norm > maxNorm && norm > 0)
        {
            float scale = (float)(maxNorm / (norm + 1e-6));
            foreach (var p in parameters)
            {
                TensorPrimitives.Multiply(p.Grad, scale, p.Grad);
            }
        }

        return norm;
    }
}
