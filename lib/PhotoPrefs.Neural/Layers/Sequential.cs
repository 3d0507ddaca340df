namespace PhotoPrefs.Neural.Layers;

/// <summary>Layers applied in order; children are named by the given names (or their index).</summary>
public sealed class Sequential : Layer
{
    private readonly List<(string Name, Layer Layer)> _layers = [];

    /// <summary>Creates the sequence.</summary>
    /// <param name="layers">Named layers, in order.</param>
    public Sequential(params (string Name, Layer Layer)[] layers) => _layers.AddRange(layers);

    /// <summary>Creates the sequence with children named 0, 1, 2, …</summary>
    /// <param name="layers">Layers, in order.</param>
    public Sequential(params Layer[] layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        for (int i = 0; i < layers.Length; i++)
        {
            _layers.Add((i.ToString(System.Globalization.CultureInfo.InvariantCulture), layers[i]));
        }
    }

    /// <summary>The children.</summary>
    public IReadOnlyList<(string Name, Layer Layer)> Children => _layers;

    /// <summary>Every layer below this one, depth first (residual blocks' paths included).</summary>
    /// <returns>The layers.</returns>
    public IEnumerable<Layer> Descendants()
    {
        foreach (var (_, layer) in _layers)
        {
            yield return layer;
            var inner = layer switch
            {
                Sequential s => s.Descendants(),
                Residual r => r.Descendants(),
                _ => [],
            };
            foreach (var d in inner)
            {
                yield return d;
            }
        }
    }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        // In evaluation mode each child's output is lent (see Layer) and goes back once the next child has read it.
        var x = input;
        foreach (var (_, layer) in _layers)
        {
            var next = layer.Forward(x);
            if (!Training && !ReferenceEquals(x, input) && !ReferenceEquals(x, next))
            {
                TensorPool.Return(x);
            }

            x = next;
        }

        return x;
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor gradOutput)
    {
        // Each child's gradient goes back to the pool once the child before it has read it; a child may hand its
        // gradient on unchanged (a RowDrop with nothing to drop), and the caller's own tensor is never returned.
        var g = gradOutput;
        for (int i = _layers.Count - 1; i >= 0; i--)
        {
            var next = _layers[i].Layer.Backward(g);
            if (!ReferenceEquals(g, gradOutput) && !ReferenceEquals(g, next))
            {
                TensorPool.Return(g);
            }

            g = next;
        }

        return g;
    }

    /// <inheritdoc />
    public override IEnumerable<Parameter> Parameters(string prefix = "") =>
        _layers.SelectMany(l => l.Layer.Parameters(prefix + l.Name + "."));

    /// <inheritdoc />
    public override IEnumerable<(string Name, float[] Values)> Buffers(string prefix = "") =>
        _layers.SelectMany(l => l.Layer.Buffers(prefix + l.Name + "."));

    /// <inheritdoc />
    public override string Describe() => "Sequential[" + string.Join(", ", _layers.Select(l => l.Name + ":" + l.Layer.Describe())) + "]";

    /// <inheritdoc />
    public override void SetTraining(bool training)
    {
        base.SetTraining(training);
        foreach (var (_, layer) in _layers)
        {
            layer.SetTraining(training);
        }
    }
}

/// <summary>A residual block: <c>y = main(x) + shortcut(x)</c>, the shortcut being the identity when null.</summary>
/// <param name="main">The main path.</param>
/// <param name="shortcut">The projection, or null for the identity.</param>
public sealed class Residual(Layer main, Layer? shortcut = null) : Layer
{
    private Tensor? _output;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var a = main.Forward(input);
        var b = shortcut?.Forward(input) ?? input;
        var y = Training || ReferenceEquals(a, input) ? Output(ref _output, a.Shape) : a; // in evaluation, the sum goes into main's lent output
        System.Numerics.Tensors.TensorPrimitives.Add(a.Span, b.Span, y.Span);
        if (!Training && !ReferenceEquals(b, input))
        {
            TensorPool.Return(b);
        }

        return y;
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor gradOutput)
    {
        ArgumentNullException.ThrowIfNull(gradOutput);
        var ga = main.Backward(gradOutput);
        var gb = shortcut?.Backward(gradOutput) ?? gradOutput;
        if (ReferenceEquals(ga, gradOutput))
        {
            // the main path handed the gradient on unchanged: the sum goes into a tensor of its own
            var sum = TensorPool.Rent(ga.Shape);
            System.Numerics.Tensors.TensorPrimitives.Add(ga.Span, gb.Span, sum.Span);
            ga = sum;
        }
        else
        {
            System.Numerics.Tensors.TensorPrimitives.Add(ga.Span, gb.Span, ga.Span);
        }

        if (!ReferenceEquals(gb, gradOutput))
        {
            TensorPool.Return(gb);
        }

        return ga;
    }

    /// <inheritdoc />
    public override IEnumerable<Parameter> Parameters(string prefix = "") =>
        main.Parameters(prefix + "main.").Concat(shortcut?.Parameters(prefix + "short.") ?? []);

    /// <inheritdoc />
    public override IEnumerable<(string Name, float[] Values)> Buffers(string prefix = "") =>
        main.Buffers(prefix + "main.").Concat(shortcut?.Buffers(prefix + "short.") ?? []);

    /// <inheritdoc />
    public override string Describe() => $"Residual({main.Describe()}, {shortcut?.Describe() ?? "identity"})";

    /// <summary>The layers of both paths, depth first.</summary>
    /// <returns>The layers.</returns>
    public IEnumerable<Layer> Descendants()
    {
        foreach (var path in new[] { main, shortcut })
        {
            if (path is null)
            {
                continue;
            }

            yield return path;
            if (path is Sequential s)
            {
                foreach (var d in s.Descendants())
                {
                    yield return d;
                }
            }
        }
    }

    /// <inheritdoc />
    public override void SetTraining(bool training)
    {
        base.SetTraining(training);
        main.SetTraining(training);
        shortcut?.SetTraining(training);
    }
}
