namespace PhotoPrefs.Neural;

/// <summary>
/// A dense float32 tensor in row-major order (NCHW for images, N x F for vectors). The buffer may be
/// longer than the shape needs, so a layer can keep one buffer and reuse it for any batch that fits:
/// after the first step of a given size nothing is allocated.
/// </summary>
public sealed class Tensor
{
    /// <summary>Creates a zero tensor of the given shape.</summary>
    /// <param name="shape">Dimensions, outermost first.</param>
    public Tensor(params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        Shape = (int[])shape.Clone();
        Data = new float[Count(shape)];
    }

    /// <summary>Wraps existing data (not copied).</summary>
    /// <param name="data">Values, at least as many as the shape holds.</param>
    /// <param name="shape">Dimensions.</param>
    public Tensor(float[] data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(shape);
        if (data.Length < Count(shape))
        {
            throw new ArgumentException($"{data.Length} values cannot hold shape [{string.Join(", ", shape)}]", nameof(data));
        }

        Data = data;
        Shape = (int[])shape.Clone();
    }

    /// <summary>The buffer; only the first <see cref="Length"/> values belong to the tensor.</summary>
    public float[] Data { get; private set; }

    /// <summary>Dimensions, outermost first.</summary>
    public int[] Shape { get; private set; }

    /// <summary>Number of values the shape holds.</summary>
    public int Length => Count(Shape);

    /// <summary>The values as a span of <see cref="Length"/>.</summary>
    public Span<float> Span => Data.AsSpan(0, Length);

    /// <summary>Dimension <paramref name="i"/>.</summary>
    /// <param name="i">Axis.</param>
    /// <returns>Its size.</returns>
    public int Dim(int i) => Shape[i];

    /// <summary>Gives the tensor a new shape, growing the buffer only when it is too small.</summary>
    /// <param name="shape">The new dimensions.</param>
    /// <returns>This tensor.</returns>
    public Tensor Reshape(params ReadOnlySpan<int> shape)
    {
        int n = Count(shape);
        if (n > Data.Length)
        {
            Data = new float[n];
        }

        if (!Shape.AsSpan().SequenceEqual(shape))
        {
            Shape = shape.ToArray();
        }

        return this;
    }

    /// <summary>A buffer tensor for a layer: <paramref name="slot"/> reshaped to <paramref name="shape"/>, created when null.</summary>
    /// <param name="slot">The layer's field.</param>
    /// <param name="shape">The shape needed.</param>
    /// <returns>The tensor in the slot.</returns>
    public static Tensor Ensure(ref Tensor? slot, params ReadOnlySpan<int> shape)
    {
        slot ??= new Tensor(shape.ToArray());
        return slot.Reshape(shape);
    }

    // Whether the tensor is out on loan from the TensorPool (and so may be given back to it).
    internal bool Lent { get; set; }

    // Reshapes a pooled tensor: the buffer grows only when too small, and a shape of the same rank is written into
    // the existing shape array, so that lending a pooled tensor allocates nothing once the pool is warm.
    internal Tensor Reuse(ReadOnlySpan<int> shape)
    {
        int n = Count(shape);
        if (n > Data.Length)
        {
            Data = new float[n];
        }

        if (Shape.Length == shape.Length)
        {
            shape.CopyTo(Shape);
        }
        else
        {
            Shape = shape.ToArray();
        }

        return this;
    }

    private static int Count(ReadOnlySpan<int> shape)
    {
        long n = 1;
        foreach (var d in shape)
        {
            if (d < 0)
            {
                throw new ArgumentException("negative dimension", nameof(shape));
            }

            n *= d;
        }

        return checked((int)n);
    }
}

/// <summary>A trainable tensor and its gradient.</summary>
/// <param name="Name">Dotted name, such as <c>stem.conv.weight</c>.</param>
/// <param name="Value">The values.</param>
/// <param name="Grad">The gradient, same length, accumulated by backward passes.</param>
/// <param name="Shape">Dimensions.</param>
/// <param name="NoDecay">True for BatchNorm scales and shifts and for biases, which optimisers can exclude from weight decay.</param>
public sealed record Parameter(string Name, float[] Value, float[] Grad, int[] Shape, bool NoDecay);
