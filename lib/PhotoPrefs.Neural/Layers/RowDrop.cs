namespace PhotoPrefs.Neural.Layers;

/// <summary>
/// Hides whole examples' features during training: the rows the caller marks in <see cref="Dropped"/> are
/// set to zero (and get no gradient), the others pass unchanged; in evaluation mode, or with no rows marked,
/// the layer is the identity. Placed between an image encoder and a layer that also sees side inputs, it
/// makes the network predict some labeled examples from the side inputs alone ("modality dropout"), so a
/// decision the side inputs carry (a blurred shot's low sharpness) is learned from them instead of being
/// memorised from the few images that show it.
/// </summary>
public sealed class RowDrop : Layer
{
    private Tensor? _output;

    /// <summary>Rows to zero in the next training forward pass (null or shorter than the batch: the rest are kept).</summary>
    public bool[]? Dropped { get; set; }

    /// <inheritdoc />
    public override string Describe() => "RowDrop";

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Masked(input, ref _output);
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor gradOutput)
    {
        ArgumentNullException.ThrowIfNull(gradOutput);
        if (!Training || Dropped is null)
        {
            return gradOutput;
        }

        Tensor? lent = TensorPool.Rent(gradOutput.Shape);
        return Masked(gradOutput, ref lent);
    }

    // The values with the marked rows zeroed, in the layer's own buffer; the tensor itself when nothing is marked.
    private Tensor Masked(Tensor values, ref Tensor? slot)
    {
        if (!Training || Dropped is null)
        {
            return values;
        }

        int n = values.Dim(0), width = values.Length / Math.Max(1, n);
        var y = Tensor.Ensure(ref slot, values.Shape);
        values.Span.CopyTo(y.Span);
        for (int i = 0; i < Math.Min(n, Dropped.Length); i++)
        {
            if (Dropped[i])
            {
                y.Span.Slice(i * width, width).Clear();
            }
        }

        return y;
    }
}
