using System.Text.Json;

namespace PhotoPrefs.Testing;

/// <summary>
/// The golden fixtures produced by the reference implementations (scikit-image, scikit-learn, PyTorch).
/// They are found through the environment variable <c>PHOTOPREFS_REFERENCE_DIR</c>, or by default in
/// <c>../shared/reference</c> beside the repository, so the same tests can run on other files of the same format.
/// </summary>
internal static class Reference
{
    public static string Directory
    {
        get
        {
            var env = Environment.GetEnvironmentVariable("PHOTOPREFS_REFERENCE_DIR");
            if (!string.IsNullOrEmpty(env))
            {
                return env;
            }

            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "PhotoPrefs.sln")))
                {
                    return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "reference"));
                }
            }

            throw new DirectoryNotFoundException("PhotoPrefs.sln not found above " + AppContext.BaseDirectory + "; set PHOTOPREFS_REFERENCE_DIR");
        }
    }

    public static JsonDocument Load(string file)
    {
        var path = Path.Combine(Directory, file);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"golden fixture {path} is missing (set PHOTOPREFS_REFERENCE_DIR to the folder holding it)", path);
        }

        return JsonDocument.Parse(File.ReadAllBytes(path));
    }

    public static double[] Doubles(this JsonElement e) => e.EnumerateArray().Select(x => x.GetDouble()).ToArray();

    public static float[] Floats(this JsonElement e) => e.EnumerateArray().Select(x => (float)x.GetDouble()).ToArray();

    public static int[] Ints(this JsonElement e) => e.EnumerateArray().Select(x => x.GetInt32()).ToArray();

    public static double[][] Matrix(this JsonElement e) => e.EnumerateArray().Select(Doubles).ToArray();

    /// <summary>Every number of a nested array, in row-major order.</summary>
    public static double[] Flat(this JsonElement e)
    {
        var list = new List<double>();
        void Walk(JsonElement x)
        {
            if (x.ValueKind == JsonValueKind.Array)
            {
                foreach (var y in x.EnumerateArray())
                {
                    Walk(y);
                }
            }
            else
            {
                list.Add(x.GetDouble());
            }
        }

        Walk(e);
        return list.ToArray();
    }

    public static float[] FlatFloats(this JsonElement e) => e.Flat().Select(v => (float)v).ToArray();
}

/// <summary>
/// The one tolerance rule of the golden tests: a value passes when
/// <c>|actual - expected| &lt;= abs + rel * |expected|</c>. The failure message names the first index that fails.
/// </summary>
internal static class Tolerance
{
    public static void Close(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, double abs, double rel, string what)
    {
        Assert.True(expected.Length == actual.Length, $"{what}: length {actual.Length}, expected {expected.Length}");
        for (int i = 0; i < expected.Length; i++)
        {
            double e = expected[i], a = actual[i];
            if (!(Math.Abs(a - e) <= abs + (rel * Math.Abs(e))))
            {
                Assert.Fail($"{what}[{i}]: {a}, expected {e} (abs {abs}, rel {rel})");
            }
        }
    }

    public static void Close(ReadOnlySpan<double> expected, ReadOnlySpan<float> actual, double abs, double rel, string what)
    {
        var a = new double[actual.Length];
        for (int i = 0; i < a.Length; i++)
        {
            a[i] = actual[i];
        }

        Close(expected, a, abs, rel, what);
    }

    public static void Close(double expected, double actual, double abs, double rel, string what) =>
        Close([expected], [actual], abs, rel, what);
}
