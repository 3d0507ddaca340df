using System.Text;
using System.Text.Json;
using PhotoPrefs.Neural.Layers;

namespace PhotoPrefs.Neural;

/// <summary>
/// Saves and loads a model's weights. Format (version 1): the ASCII magic <c>PPNN</c>, a little-endian
/// int32 header length, a UTF-8 JSON header (<c>format</c>, <c>version</c>, <c>architecture</c> from
/// <see cref="Layer.Describe"/>, the names and shapes of the parameters and buffers, and free-form
/// <c>metadata</c>), then every parameter and buffer as little-endian float32 in header order.
/// Loading checks the architecture, names and shapes and refuses a mismatch with a clear error.
/// </summary>
public static class ModelFile
{
    private const int Version = 1;
    private static readonly byte[] Magic = "PPNN"u8.ToArray();

    private sealed record Entry(string Name, int[] Shape);

    private sealed record Header(string Format, int Version, string Architecture, Entry[] Parameters, Entry[] Buffers, Dictionary<string, string> Metadata);

    /// <summary>Writes the model.</summary>
    /// <param name="model">The model.</param>
    /// <param name="stream">Destination.</param>
    /// <param name="metadata">Free-form strings stored in the header (training settings, say); may be null.</param>
    public static void Save(Layer model, Stream stream, IDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(stream);
        var ps = model.Parameters().ToList();
        var bs = model.Buffers().ToList();
        var header = new Header("photoprefs-model", Version, model.Describe(),
            ps.Select(p => new Entry(p.Name, p.Shape)).ToArray(),
            bs.Select(b => new Entry(b.Name, [b.Values.Length])).ToArray(),
            new Dictionary<string, string>(metadata ?? new Dictionary<string, string>()));
        var json = JsonSerializer.SerializeToUtf8Bytes(header);
        using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        w.Write(Magic);
        w.Write(json.Length);
        w.Write(json);
        foreach (var v in ps.SelectMany(p => p.Value).Concat(bs.SelectMany(b => b.Values)))
        {
            w.Write(v);
        }
    }

    /// <summary>Reads weights into <paramref name="model"/>, which must have the same architecture.</summary>
    /// <param name="model">The model to fill.</param>
    /// <param name="stream">Source.</param>
    /// <returns>The metadata stored with the weights.</returns>
    /// <exception cref="InvalidDataException">Not a model file, a newer format, or a different architecture.</exception>
    public static IReadOnlyDictionary<string, string> Load(Layer model, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(stream);
        using var r = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        Header? header;
        try
        {
            if (!r.ReadBytes(4).AsSpan().SequenceEqual(Magic))
            {
                throw new InvalidDataException("not a PhotoPrefs model file");
            }

            int len = r.ReadInt32();
            if (len is <= 0 or > 1 << 24)
            {
                throw new InvalidDataException("model file header is damaged");
            }

            header = JsonSerializer.Deserialize<Header>(r.ReadBytes(len));
        }
        catch (Exception e) when (e is EndOfStreamException or JsonException)
        {
            throw new InvalidDataException("model file is truncated or damaged", e);
        }

        if (header is null || header.Format != "photoprefs-model")
        {
            throw new InvalidDataException("not a PhotoPrefs model file");
        }

        if (header.Version > Version)
        {
            throw new InvalidDataException($"model file format {header.Version} is newer than this PhotoPrefs reads ({Version})");
        }

        if (header.Architecture != model.Describe())
        {
            throw new InvalidDataException($"model file holds a different architecture:\n  file:  {header.Architecture}\n  model: {model.Describe()}");
        }

        var ps = model.Parameters().ToList();
        var bs = model.Buffers().ToList();
        if (ps.Count != header.Parameters.Length || bs.Count != header.Buffers.Length
            || ps.Where((p, i) => p.Name != header.Parameters[i].Name || !p.Shape.AsSpan().SequenceEqual(header.Parameters[i].Shape)).Any())
        {
            throw new InvalidDataException("model file parameters do not match the model's names and shapes");
        }

        // Read everything first, so a truncated file leaves the model untouched.
        var targets = ps.Select(p => p.Value).Concat(bs.Select(b => b.Values)).ToList();
        var values = new List<float[]>();
        try
        {
            foreach (var target in targets)
            {
                var v = new float[target.Length];
                for (int i = 0; i < v.Length; i++)
                {
                    v[i] = r.ReadSingle();
                }

                values.Add(v);
            }
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("model file is truncated", e);
        }

        for (int i = 0; i < targets.Count; i++)
        {
            values[i].CopyTo(targets[i], 0);
        }

        return header.Metadata;
    }
}
