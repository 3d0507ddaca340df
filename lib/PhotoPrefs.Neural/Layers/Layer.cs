namespace PhotoPrefs.Neural.Layers;

/// <summary>
/// A layer or a composition of layers. <see cref="Forward"/> keeps what <see cref="Backward"/> needs;
/// <see cref="Backward"/> takes the gradient of the loss with respect to the output, adds the parameter
/// gradients into <see cref="Parameter.Grad"/>, and returns the gradient with respect to the input.
/// Output and gradient buffers belong to the layer and are reused from step to step: a returned tensor
/// stays valid until the layer's next call.
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
