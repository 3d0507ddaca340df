namespace PhotoPrefs.Neural.Layers;

/// <summary>
/// A layer or a composition of layers. <see cref="Forward"/> keeps what <see cref="Backward"/> needs;
/// <see cref="Backward"/> takes the gradient of the loss with respect to the output, adds the parameter
/// gradients into <see cref="Parameter.Grad"/>, and returns the gradient with respect to the input.
/// In training mode the outputs belong to the layer, which reads them again in the backward pass, and are reused from
/// step to step: a returned output stays valid until the layer's next call. In evaluation mode nothing is kept for a
/// backward pass, so outputs are lent by the <see cref="TensorPool"/> instead, and a <see cref="Sequential"/> gives
/// each child's output back once the next child has read it: inference holds a few activations at a time, not one
/// per layer. Input gradients are lent the same way. Whoever receives a lent tensor (an output in evaluation mode,
/// a gradient) may give it back with <see cref="TensorPool.Return"/> once it has read it, unless it is the very
/// tensor it passed in (a layer with nothing to change may hand its input on); <see cref="BackwardToParameters"/>
/// does that for a network's caller.
/// </summary>
public abstract class Layer
{
    /// <summary>True in training mode (batch statistics, dropout), false in evaluation mode.</summary>
    public bool Training { get; private set; } = true;

    /// <summary>Runs the layer.</summary>
    /// <param name="input">The input; not modified, and read again by <see cref="Backward"/>.</param>
    /// <returns>The output.</returns>
    public abstract Tensor Forward(Tensor input);

    /// <summary>Back-propagates through the layer's last <see cref="Forward"/>.</summary>
    /// <param name="gradOutput">Gradient of the loss with respect to the output; not modified.</param>
    /// <returns>Gradient with respect to the input.</returns>
    public abstract Tensor Backward(Tensor gradOutput);

    /// <summary>
    /// Back-propagates into the parameter gradients only, as a training step needs: the gradient with respect to the
    /// input goes straight back to the <see cref="TensorPool"/>.
    /// </summary>
    /// <param name="gradOutput">Gradient of the loss with respect to the output; not modified.</param>
    public void BackwardToParameters(Tensor gradOutput)
    {
        var gx = Backward(gradOutput);
        if (!ReferenceEquals(gx, gradOutput))
        {
            TensorPool.Return(gx);
        }
    }

    /// <summary>The buffer for an output: the layer's own in training mode (read again by <see cref="Backward"/>), lent by the <see cref="TensorPool"/> in evaluation mode.</summary>
    /// <param name="slot">The layer's output field.</param>
    /// <param name="shape">The output's shape.</param>
    /// <returns>The tensor to write the output into; every value must be written.</returns>
    protected Tensor Output(ref Tensor? slot, params ReadOnlySpan<int> shape) => Training ? Tensor.Ensure(ref slot, shape) : TensorPool.Rent(shape);

    /// <summary>The trainable parameters, named with <paramref name="prefix"/>.</summary>
    /// <param name="prefix">Name prefix, such as <c>stem.</c>.</param>
    /// <returns>Parameters in a fixed order.</returns>
    public virtual IEnumerable<Parameter> Parameters(string prefix = "") => [];

    /// <summary>State that is not trained but saved (BatchNorm running statistics).</summary>
    /// <param name="prefix">Name prefix.</param>
    /// <returns>Named buffers in a fixed order.</returns>
    public virtual IEnumerable<(string Name, float[] Values)> Buffers(string prefix = "") => [];

    /// <summary>A short description of the layer's architecture, used to refuse loading mismatched weights.</summary>
    public abstract string Describe();

    /// <summary>Switches training or evaluation mode, for this module and every child.</summary>
    /// <param name="training">True for training.</param>
    public virtual void SetTraining(bool training) => Training = training;

    private Parameter[]? _all;

    /// <summary>Every parameter of this layer and its children, listed once and kept (the architecture is fixed after construction).</summary>
    public IReadOnlyList<Parameter> AllParameters => ParameterArray;

    private Parameter[] ParameterArray => _all ??= Parameters().ToArray();

    /// <summary>Zeroes every parameter gradient.</summary>
    public void ZeroGrad()
    {
        foreach (var p in ParameterArray)
        {
            Array.Clear(p.Grad);
        }
    }
}
