using System.Text;

namespace PhotoPrefs.Embeddings;

/// <summary>
/// Frees the batch dimension of an ONNX model whose graph was exported for one image at a time: the first dimension
/// of every graph input, output and intermediate value (<c>GraphProto</c> fields <c>input</c>, <c>output</c>,
/// <c>value_info</c>) that has a fixed size becomes the symbolic dimension <see cref="Name"/>, so that ONNX Runtime
/// takes N images at once. Nothing else in the model is touched: the weights and the nodes are copied byte for byte.
/// It is correct for graphs whose nodes treat each image on its own (convolutions, pooling, element-wise maths with
/// per-channel constants), as ResNet18 and its preprocessing graph do; a graph that reshapes across images would need
/// more. The protocol-buffer walk reads only what it rewrites and keeps every other field as it is.
/// </summary>
internal static class OnnxBatchDimension
{
    /// <summary>The symbolic name given to the freed dimension.</summary>
    public const string Name = "batch";

    // ModelProto.graph; GraphProto.input, .output, .value_info; ValueInfoProto.type; TypeProto.tensor_type;
    // TypeProto.Tensor.shape; TensorShapeProto.dim; Dimension.dim_value, .dim_param
    private const int ModelGraph = 7, GraphInput = 11, GraphOutput = 12, GraphValueInfo = 13, ValueInfoType = 2, TypeTensor = 1, TensorShape = 2, ShapeDim = 1, DimValue = 1, DimParam = 2;

    /// <summary>The model with its batch dimension freed.</summary>
    /// <param name="model">The serialized <c>ModelProto</c>.</param>
    /// <returns>A new serialized model.</returns>
    /// <exception cref="InvalidDataException">The bytes are not a well-formed protocol buffer.</exception>
    public static byte[] Free(byte[] model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Rewrite(model, static (field, graph) => field != ModelGraph ? null
            : Rewrite(graph, static (g, valueInfo) => g is not (GraphInput or GraphOutput or GraphValueInfo) ? null
                : Rewrite(valueInfo, static (v, type) => v != ValueInfoType ? null
                    : Rewrite(type, static (t, tensor) => t != TypeTensor ? null
                        : Rewrite(tensor, static (s, shape) => s != TensorShape ? null : FirstDimension(shape))))));
    }

    private delegate byte[]? FieldRewriter(int field, ReadOnlySpan<byte> payload);

    // The shape with its first dimension made symbolic when it has a fixed size (dim_value); a symbolic one stays.
    private static byte[] FirstDimension(ReadOnlySpan<byte> shape)
    {
        bool first = true;
        return Rewrite(shape, (field, dimension) =>
        {
            if (field != ShapeDim || !first)
            {
                return null;
            }

            first = false;
            if (!HasField(dimension, DimValue))
            {
                return null;
            }

            var name = Encoding.UTF8.GetBytes(Name);
            using var o = new MemoryStream();
            WriteVarint(o, (DimParam << 3) | 2);
            WriteVarint(o, (ulong)name.Length);
            o.Write(name);
            return o.ToArray();
        });
    }

    private static bool HasField(ReadOnlySpan<byte> message, int wanted)
    {
        bool found = false;
        Rewrite(message, (field, _) =>
        {
            found |= field == wanted;
            return null;
        }, scalars: f => found |= f == wanted);
        return found;
    }

    // Copies a message field by field; a length-delimited field for which the rewriter returns bytes gets them instead.
    private static byte[] Rewrite(ReadOnlySpan<byte> message, FieldRewriter rewriter, Action<int>? scalars = null)
    {
        using var o = new MemoryStream(message.Length);
        int p = 0;
        while (p < message.Length)
        {
            int start = p;
            ulong key = ReadVarint(message, ref p);
            int field = (int)(key >> 3), wire = (int)(key & 7);
            switch (wire)
            {
                case 0:
                    ReadVarint(message, ref p);
                    scalars?.Invoke(field);
                    break;
                case 1:
                    p += 8;
                    scalars?.Invoke(field);
                    break;
                case 5:
                    p += 4;
                    scalars?.Invoke(field);
                    break;
                case 2:
                    ulong length = ReadVarint(message, ref p);
                    if (length > (ulong)(message.Length - p))
                    {
                        throw new InvalidDataException("the model is not a well-formed protocol buffer (a field runs past its message)");
                    }

                    var payload = message.Slice(p, (int)length);
                    p += (int)length;
                    if (rewriter(field, payload) is { } replaced)
                    {
                        WriteVarint(o, key);
                        WriteVarint(o, (ulong)replaced.Length);
                        o.Write(replaced);
                        continue;
                    }

                    break;
                default:
                    throw new InvalidDataException($"the model is not a well-formed protocol buffer (wire type {wire})");
            }

            if (p > message.Length)
            {
                throw new InvalidDataException("the model is not a well-formed protocol buffer (truncated)");
            }

            o.Write(message[start..p]);
        }

        return o.ToArray();
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> data, ref int p)
    {
        ulong value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (p >= data.Length)
            {
                throw new InvalidDataException("the model is not a well-formed protocol buffer (truncated)");
            }

            byte b = data[p++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new InvalidDataException("the model is not a well-formed protocol buffer (a number is too long)");
    }

    private static void WriteVarint(Stream o, ulong value)
    {
        while (value >= 0x80)
        {
            o.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        o.WriteByte((byte)value);
    }
}
