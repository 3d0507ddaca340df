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
}
