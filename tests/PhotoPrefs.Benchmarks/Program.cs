using System.Text.Json;

namespace PhotoPrefs.Benchmarks;

/// <summary>
/// Benchmark suites. Each prints what it measures as it goes and, with <c>--json</c>, one JSON object
/// on its last line. Usage: <c>dotnet run -c Release --project tests/PhotoPrefs.Benchmarks -- SUITE [--json]</c>.
/// </summary>
public static class Program
{
    private static readonly Dictionary<string, Func<string[], Dictionary<string, object>>> Suites = new(StringComparer.Ordinal)
    {
        ["import"] = ImportSuite.Run,
        ["classical"] = ClassicalSuite.Run,
        ["neural"] = NeuralSuite.Run,
        ["embeddings"] = EmbeddingSuite.Run,
        ["copies"] = CopiesSuite.Run,
        ["album"] = AlbumSuite.Run,
        ["real-album"] = RealAlbumSuite.Run,
        ["real-album-nodates"] = RealAlbumUndated.Run,
    };

    public static int Main(string[] args)
    {
        if (args.Length == 0 || !Suites.TryGetValue(args[0], out var suite))
        {
            Console.Error.WriteLine($"usage: PhotoPrefs.Benchmarks <{string.Join('|', Suites.Keys)}> [--json]");
            return 1;
        }

        var result = suite(args[1..]);
        result["suite"] = args[0];
        result["processors"] = Environment.ProcessorCount;
        result["cpu"] = Cpu();
        result["vector_width_bits"] = System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated ? 512 : System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated ? 256 : System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated ? 128 : 0;
        if (args.Contains("--json"))
        {
            Console.WriteLine(JsonSerializer.Serialize(result));
        }
        else
        {
            foreach (var (k, v) in result)
            {
                Console.WriteLine($"{k}: {v}");
            }
        }

        return 0;
    }

    // The processor as Linux names it (model name, CPU family and model, which tell one generation from the next; the
    // same name can cover several), so that every result says where it was measured; "unknown" elsewhere.
    private static string Cpu()
    {
        const string path = "/proc/cpuinfo";
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            // the first processor's block is enough: the processors of one machine are alike
            foreach (var line in File.ReadLines(path))
            {
                if (line.Length == 0)
                {
                    break;
                }

                int colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                {
                    fields.TryAdd(line[..colon].Trim(), line[(colon + 1)..].Trim());
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // not Linux, or not readable: a result without the processor's name still counts, the name is a label
            return "unknown";
        }

        string Field(string key) => fields.TryGetValue(key, out var v) ? v : "?";
        return $"{Field("model name")}, family {Field("cpu family")} model {Field("model")}";
    }
}
