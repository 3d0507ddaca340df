using ImageMagick;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace PhotoPrefs.Embeddings;

/// <summary>
/// A pretrained image embedding: ResNet18 trained on ImageNet (He et al. 2016, "Deep Residual Learning for Image
/// Recognition"), run with ONNX Runtime, as shipped with the NuGet package Microsoft.ML.DnnImageFeaturizer.ResNet18
/// (<c>ResNet18Onnx/ResNet18.onnx</c>, and its own preprocessing graph <c>ResNetPrepOnnx/ResNetPreprocess.onnx</c>).
/// A photo, already upright, is cropped to its centre square and resized to 224 x 224; an under-exposed frame is
/// brought up to full exposure (<see cref="LiftExposure"/>: a dark shot shows what it shows, as a well-exposed one
/// does; how it was exposed is told by the exposure signals, not by the embedding); the R, G, B planes of 0..255
/// values go to the preprocessing graph, then to the network; the 512 values of its global pooling are divided by
/// their L2 norm, so that the dot product of two embeddings is their cosine similarity.
/// Both graphs were exported for one image; they are loaded with their batch dimension freed
/// (<see cref="OnnxBatchDimension"/>), so that <see cref="Embed(float[], int, Span{float})"/> runs several images in
/// one inference (the pipeline's stages give it <see cref="BatchSize"/>), with the same result per image as one at a time.
/// One instance serves many threads; every <c>Embed</c> is thread-safe.
/// </summary>
public sealed class ImageEmbedder : IDisposable
{
    /// <summary>Length of an embedding.</summary>
    public const int Dimensions = 512;

    /// <summary>Side of the network's square input.</summary>
    public const int InputSide = 224;

    /// <summary>Version of the embedding's definition (model, crop, preprocessing); a change recomputes cached embeddings.</summary>
    public const int Version = 3;

    /// <summary>The most <see cref="LiftExposure"/> multiplies a photo's levels by (a near-uniform photo's noise is not blown up further).</summary>
    public const float MaxExposureGain = 16f;

    /// <summary>The share of pixels <see cref="LiftExposure"/> lets go past full brightness (0.5 %).</summary>
    public const double ExposureClip = 0.005;

    /// <summary>Images the pipeline's stages give <see cref="Embed(float[], int, Span{float})"/> at once (how it was chosen: notebooks/results/README.md#embeddings).</summary>
    public const int BatchSize = 16;

    private const int InputSize = 3 * InputSide * InputSide;
    private const string PrepFile = "ResNetPrepOnnx/ResNetPreprocess.onnx";
    private const string NetFile = "ResNet18Onnx/ResNet18.onnx";
    private readonly InferenceSession _prep;
    private readonly InferenceSession _net;
    private readonly string _prepInput, _prepOutput, _netInput, _netOutput;

    /// <summary>Loads the two graphs.</summary>
    /// <param name="modelDirectory">The folder holding <c>ResNetPrepOnnx/</c> and <c>ResNet18Onnx/</c>; <see cref="DefaultModelDirectory"/> when null.</param>
    /// <param name="threads">Threads ONNX Runtime uses within one inference; 0 for one per core.</param>
    /// <exception cref="PhotoPrefsException">A model file is missing, cannot be loaded, or is not the expected network.</exception>
    public ImageEmbedder(string? modelDirectory = null, int threads = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        ModelDirectory = Path.GetFullPath(modelDirectory ?? DefaultModelDirectory);
        using var options = new SessionOptions { IntraOpNumThreads = threads == 0 ? Environment.ProcessorCount : threads, InterOpNumThreads = 1 };
        options.GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL;
        _prep = Load(Path.Combine(ModelDirectory, PrepFile), options);
        try
        {
            _net = Load(Path.Combine(ModelDirectory, NetFile), options);
        }
        catch
        {
            _prep.Dispose();
            throw;
        }

        (_prepInput, _prepOutput) = (_prep.InputNames[0], _prep.OutputNames[0]);
        (_netInput, _netOutput) = (_net.InputNames[0], _net.OutputNames[0]);
        var outDims = _net.OutputMetadata[_netOutput].Dimensions;
        if (outDims.Aggregate(1L, (a, d) => a * Math.Max(d, 1)) != Dimensions)
        {
            Dispose();
            throw new PhotoPrefsException($"{Path.Combine(ModelDirectory, NetFile)} is not the expected network: its output has shape [{string.Join(", ", outDims)}], not {Dimensions} values");
        }
    }

    /// <summary>Where the models are by default: <c>DnnImageModels/</c> beside the PhotoPrefs assembly (the package copies them there on build).</summary>
    public static string DefaultModelDirectory =>
        Environment.GetEnvironmentVariable("PHOTOPREFS_MODEL_DIR") is { Length: > 0 } env
            ? env
            : Path.Combine(Path.GetDirectoryName(typeof(ImageEmbedder).Assembly.Location) is { Length: > 0 } dir ? dir : AppContext.BaseDirectory, "DnnImageModels");

    /// <summary>The folder the models were loaded from.</summary>
    public string ModelDirectory { get; }

    /// <summary>Embeds an upright image.</summary>
    /// <param name="image">The image (not changed).</param>
    /// <param name="embedding">Receives <see cref="Dimensions"/> values with unit L2 norm (all zero if the network gives only zeros).</param>
    /// <exception cref="ArgumentException"><paramref name="embedding"/> is shorter than <see cref="Dimensions"/>.</exception>
    public void Embed(IMagickImage<byte> image, Span<float> embedding)
    {
        ArgumentNullException.ThrowIfNull(image);
        var input = new float[InputSize];
        Planes(image, input);
        Embed(input, embedding);
    }

    /// <summary>Embeds a prepared input: R, G, B planes of <see cref="InputSide"/> squared values each, in 0..255 (see <see cref="Planes"/>).</summary>
    /// <param name="planes">3 x 224 x 224 values.</param>
    /// <param name="embedding">Receives <see cref="Dimensions"/> values with unit L2 norm.</param>
    /// <exception cref="ArgumentException">Wrong lengths.</exception>
    public void Embed(float[] planes, Span<float> embedding)
    {
        ArgumentNullException.ThrowIfNull(planes);
        if (planes.Length != InputSize)
        {
            throw new ArgumentException($"expected {InputSize} values", nameof(planes));
        }

        Embed(planes, 1, embedding);
    }

    /// <summary>
    /// Embeds <paramref name="count"/> prepared inputs in one inference: <paramref name="inputs"/> holds them back to
    /// back from its start, each 3 x 224 x 224 values as <see cref="Planes"/> makes them. Each embedding is what
    /// <see cref="Embed(float[], Span{float})"/> gives for that input alone.
    /// </summary>
    /// <param name="inputs">At least <paramref name="count"/> x 3 x 224 x 224 values (only those are read).</param>
    /// <param name="count">Inputs to embed, at least 1.</param>
    /// <param name="embeddings">Receives <paramref name="count"/> x <see cref="Dimensions"/> values, each embedding with unit L2 norm (all zero if the network gives only zeros).</param>
    /// <exception cref="ArgumentException">Too few inputs, or too little room for the embeddings.</exception>
    public void Embed(float[] inputs, int count, Span<float> embeddings)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (inputs.Length < (long)count * InputSize)
        {
            throw new ArgumentException($"expected {count} x {InputSize} values", nameof(inputs));
        }

        if (embeddings.Length < count * Dimensions)
        {
            throw new ArgumentException($"needs room for {count} x {Dimensions} values", nameof(embeddings));
        }

        int[] shape = [count, 3, InputSide, InputSide];
        using var prepared = _prep.Run([NamedOnnxValue.CreateFromTensor(_prepInput, new DenseTensor<float>(inputs.AsMemory(0, count * InputSize), shape))]);
        var middle = prepared.First(v => v.Name == _prepOutput).AsTensor<float>();
        using var output = _net.Run([NamedOnnxValue.CreateFromTensor(_netInput, middle)]);
        var values = output.First(v => v.Name == _netOutput).AsTensor<float>();
        if (values.Length != (long)count * Dimensions)
        {
            throw new PhotoPrefsException($"the network gave {values.Length} values for {count} images, not {count * Dimensions}");
        }

        int i = 0;
        foreach (var v in values)
        {
            embeddings[i++] = v;
        }

        for (int k = 0; k < count; k++)
        {
            var one = embeddings.Slice(k * Dimensions, Dimensions);
            float norm = System.Numerics.Tensors.TensorPrimitives.Norm(one);
            if (norm > 0)
            {
                System.Numerics.Tensors.TensorPrimitives.Divide(one, norm, one);
            }
        }
    }

    /// <summary>
    /// The network's input from an upright image: its centre square (the shorter side), resized to 224 x 224, as
    /// R, G, B planes of 0..255 values, brought up to full exposure when under-exposed (<see cref="LiftExposure"/>).
    /// Thread-safe; allocates one image.
    /// </summary>
    /// <param name="image">The image (not changed).</param>
    /// <param name="planes">Receives 3 x 224 x 224 values.</param>
    public static void Planes(IMagickImage<byte> image, Span<float> planes)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (planes.Length != 3 * InputSide * InputSide)
        {
            throw new ArgumentException($"expected {3 * InputSide * InputSide} values", nameof(planes));
        }

        using var square = image.Clone();
        uint side = Math.Min(square.Width, square.Height);
        square.Crop(new MagickGeometry((int)((square.Width - side) / 2), (int)((square.Height - side) / 2), side, side));
        square.ResetPage();
        square.Resize(new MagickGeometry(InputSide, InputSide) { IgnoreAspectRatio = true });
        using var pixels = square.GetPixelsUnsafe();
        var rgb = pixels.ToByteArray(PixelMapping.RGB) ?? throw new PhotoPrefsException("the image has no pixels");
        const int n = InputSide * InputSide;
        for (int p = 0; p < n; p++)
        {
            planes[p] = rgb[3 * p];
            planes[n + p] = rgb[(3 * p) + 1];
            planes[(2 * n) + p] = rgb[(3 * p) + 2];
        }

        LiftExposure(planes);
    }

    /// <summary>
    /// Brings an under-exposed frame up to full exposure, in place, the same gain for the three channels (so hues
    /// stay): with <c>hi</c> the luma <c>0.299 R + 0.587 G + 0.114 B</c> above which <see cref="ExposureClip"/> of the
    /// pixels lie, <c>v' = min(v * g, 255)</c> with <c>g = min(255 / hi, </c><see cref="MaxExposureGain"/><c>)</c>.
    /// A frame whose bright end already reaches 255 (every well-exposed or over-exposed photo) is left as it is; a
    /// shot taken at a tenth of the light shows its scene again, and a pocket shot shows its noise. A uniform frame
    /// (the same luma at both <see cref="ExposureClip"/> ends) is left as it is. NaN values are not expected (the
    /// planes come from pixels).
    /// </summary>
    /// <param name="planes">R, G, B planes of equal length, values in 0..255.</param>
    /// <exception cref="ArgumentException">The length is not a multiple of 3.</exception>
    public static void LiftExposure(Span<float> planes)
    {
        if (planes.Length % 3 != 0)
        {
            throw new ArgumentException("expected three planes of equal length", nameof(planes));
        }

        int n = planes.Length / 3;
        if (n == 0)
        {
            return;
        }

        Span<int> histogram = stackalloc int[256];
        histogram.Clear();
        for (int p = 0; p < n; p++)
        {
            float luma = (0.299f * planes[p]) + (0.587f * planes[n + p]) + (0.114f * planes[(2 * n) + p]);
            histogram[Math.Clamp((int)MathF.Round(luma), 0, 255)]++;
        }

        int clip = (int)(n * ExposureClip), lo = 0, hi = 255;
        for (int seen = 0; lo < 255 && seen + histogram[lo] <= clip; lo++)
        {
            seen += histogram[lo];
        }

        for (int seen = 0; hi > 0 && seen + histogram[hi] <= clip; hi--)
        {
            seen += histogram[hi];
        }

        // a uniform frame (a blank page, a black frame) has no exposure to correct
        float gain = MathF.Min(255f / Math.Max(hi, 1), MaxExposureGain);
        if (hi <= lo || gain <= 1f)
        {
            return;
        }

        System.Numerics.Tensors.TensorPrimitives.Multiply(planes, gain, planes);
        System.Numerics.Tensors.TensorPrimitives.Min(planes, 255f, planes);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _prep.Dispose();
        _net?.Dispose();
    }

    private static InferenceSession Load(string path, SessionOptions options)
    {
        if (!File.Exists(path))
        {
            throw new PhotoPrefsException($"embedding model not found: {path} (it comes with the NuGet package Microsoft.ML.DnnImageFeaturizer.ResNet18, copied on build; rebuild, or point PHOTOPREFS_MODEL_DIR at a folder holding ResNetPrepOnnx/ and ResNet18Onnx/)");
        }

        try
        {
            return new InferenceSession(OnnxBatchDimension.Free(File.ReadAllBytes(path)), options);
        }
        catch (Exception e) when (e is OnnxRuntimeException or InvalidDataException)
        {
            throw new PhotoPrefsException($"embedding model {path} cannot be loaded, it is damaged or not an ONNX model: {e.Message}", e);
        }
    }
}
