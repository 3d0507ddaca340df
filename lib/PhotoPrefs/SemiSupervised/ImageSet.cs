namespace PhotoPrefs.SemiSupervised;

/// <summary>A set of equally sized CHW images in [0, 1], stored back to back.</summary>
/// <param name="Data">Count x Channels x Height x Width values.</param>
/// <param name="Count">Images.</param>
/// <param name="Channels">Channels per image.</param>
/// <param name="Height">Rows.</param>
/// <param name="Width">Columns.</param>
/// <param name="Side">Optional per-image side values (Count x SideCount, row-major) that the network sees next to the pixels; augmentation leaves them unchanged.</param>
/// <param name="SideCount">Side values per image (0 when <paramref name="Side"/> is null).</param>
public sealed record ImageSet(float[] Data, int Count, int Channels, int Height, int Width, float[]? Side = null, int SideCount = 0)
{
    /// <summary>Side values of image <paramref name="i"/> (empty when there are none).</summary>
    /// <param name="i">Index.</param>
    /// <returns>Its side values.</returns>
    public ReadOnlySpan<float> SideValues(int i) => Side is null ? [] : Side.AsSpan(i * SideCount, SideCount);

    /// <summary>Values per image.</summary>
    public int Size => Channels * Height * Width;

    /// <summary>Image <paramref name="i"/>.</summary>
    /// <param name="i">Index.</param>
    /// <returns>Its values.</returns>
    public ReadOnlySpan<float> Image(int i) => Data.AsSpan(i * Size, Size);

    /// <summary>The images at <paramref name="indices"/>, as a new set.</summary>
    /// <param name="indices">Which images.</param>
    /// <returns>The subset.</returns>
    public ImageSet Subset(IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var data = new float[indices.Count * Size];
        for (int k = 0; k < indices.Count; k++)
        {
            Image(indices[k]).CopyTo(data.AsSpan(k * Size, Size));
        }

        float[]? side = null;
        if (Side is not null)
        {
            side = new float[indices.Count * SideCount];
            for (int k = 0; k < indices.Count; k++)
            {
                SideValues(indices[k]).CopyTo(side.AsSpan(k * SideCount, SideCount));
            }
        }

        return new ImageSet(data, indices.Count, Channels, Height, Width, side, Side is null ? 0 : SideCount);
    }
}
