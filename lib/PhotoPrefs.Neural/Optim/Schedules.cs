namespace PhotoPrefs.Neural.Optim;

/// <summary>Learning-rate schedules.</summary>
public static class Schedules
{
    /// <summary>FixMatch's cosine decay: <c>lr_k = lr cos(7 pi k / (16 K))</c> at step k of K.</summary>
    /// <param name="baseRate">The initial rate.</param>
    /// <param name="step">Step k (0-based).</param>
    /// <param name="totalSteps">Total steps K.</param>
    /// <returns>The rate at step k.</returns>
    public static float FixMatchCosine(float baseRate, int step, int totalSteps) =>
        (float)(baseRate * Math.Cos(7 * Math.PI * step / (16.0 * Math.Max(1, totalSteps))));
}
