using PhotoPrefs.Features;
using PhotoPrefs.Testing;

namespace PhotoPrefs.Tests.Features;

public sealed class PcaTests
{
    private static (float[] X, int N, int D, System.Text.Json.JsonElement Root, System.Text.Json.JsonDocument Doc) Load()
    {
        var doc = Reference.Load("pca.json");
        var root = doc.RootElement;
        var rows = root.GetProperty("X").Matrix();
        int n = rows.Length, d = rows[0].Length;
        return (rows.SelectMany(r => r.Select(v => (float)v)).ToArray(), n, d, root, doc);
    }

    private static void CheckAgainstReference(PcaModel m, float[] x, int n, System.Text.Json.JsonElement root)
    {
        int k = root.GetProperty("n_components").GetInt32();
        Tolerance.Close(root.GetProperty("mean").Doubles(), m.Mean, 1e-5, 1e-4, "mean");
        Tolerance.Close(root.GetProperty("explained_variance").Doubles(), m.ExplainedVariance, 1e-6, 1e-4, "explained_variance");
        Tolerance.Close(root.GetProperty("explained_variance_ratio").Doubles(), m.ExplainedVarianceRatio, 1e-6, 1e-4, "explained_variance_ratio");
        var expected = root.GetProperty("components").Matrix();
        for (int c = 0; c < k; c++)
        {
            // Up to sign: both sides put the largest-magnitude entry positive, so the signs agree too.
            Tolerance.Close(expected[c], m.Component(c), 1e-4, 1e-4, $"component {c}");
        }

        var y = new float[n * k];
        m.Transform(x, n, y);
        var t = root.GetProperty("transformed").Matrix().SelectMany(r => r).ToArray();
        Tolerance.Close(t, y, 1e-4, 1e-4, "transformed");
    }

    [Fact]
    [Trait("Category", "Golden")]
    public void Matches_scikit_learn_by_covariance()
    {
        var (x, n, d, root, doc) = Load();
        using var _ = doc;
        var m = PcaModel.Fit(x, n, d, new PcaOptions(Components: root.GetProperty("n_components").GetInt32()));
        Assert.Equal("covariance", m.Method);
        CheckAgainstReference(m, x, n, root);
    }

    [Fact]
    [Trait("Category", "Golden")]
    public void Matches_scikit_learn_by_gram_matrix_when_rows_are_few()
    {
        // The same data with its columns repeated is n < d: the Gram route must give the same answer scaled.
        var (x, n, d, root, doc) = Load();
        using var _ = doc;
        var m = PcaModel.Fit(x, n, d, new PcaOptions(Components: root.GetProperty("n_components").GetInt32(), ExactLimit: 4096));
        var wide = new float[n * d * 8];
        for (int i = 0; i < n; i++)
        {
            for (int r = 0; r < 8; r++)
            {
                x.AsSpan(i * d, d).CopyTo(wide.AsSpan((i * d * 8) + (r * d), d));
            }
        }

        var g = PcaModel.Fit(wide, n, d * 8, new PcaOptions(Components: 5));
        Assert.Equal("gram", g.Method);
        for (int c = 0; c < 5; c++)
        {
            Assert.Equal(m.ExplainedVariance[c] * 8, g.ExplainedVariance[c], m.ExplainedVariance[c] * 8 * 1e-4);
            var expected = m.Component(c).ToArray().Select(v => (double)v / Math.Sqrt(8)).ToArray();
            Tolerance.Close(expected, g.Component(c)[..d], 1e-4, 1e-3, $"gram component {c}");
        }
    }

    [Fact]
    [Trait("Category", "Golden")]
    public void Randomized_route_agrees_on_the_leading_components()
    {
        var (x, n, d, root, doc) = Load();
        using var _ = doc;
        var m = PcaModel.Fit(x, n, d, new PcaOptions(Components: 3, ExactLimit: 4, Seed: 3));
        Assert.Equal("randomized", m.Method);
        Tolerance.Close(root.GetProperty("explained_variance").Doubles().AsSpan(0, 3), m.ExplainedVariance, 1e-5, 1e-3, "randomized variance");
    }

    [Fact]
    [Trait("Category", "Golden")]
    public void Variance_fraction_chooses_the_same_count_as_scikit_learn()
    {
        var (x, n, d, root, doc) = Load();
        using var _ = doc;
        var m = PcaModel.Fit(x, n, d, new PcaOptions(VarianceFraction: 0.95));
        Assert.Equal(root.GetProperty("n_components_for_0_95").GetInt32(), m.Count);
    }

    [Fact]
    public void Inverse_transform_of_all_components_reconstructs_the_data()
    {
        var rng = new Random(1);
        int n = 30, d = 6;
        var x = Enumerable.Range(0, n * d).Select(_ => (float)rng.NextDouble()).ToArray();
        var m = PcaModel.Fit(x, n, d, new PcaOptions(Components: d));
        var y = new float[n * d];
        m.Transform(x, n, y);
        var back = m.InverseTransform(y.AsSpan(0, d));
        Tolerance.Close(x[..d].Select(v => (double)v).ToArray(), back, 1e-4, 0, "reconstruction");
        Assert.InRange(m.ComponentImage(0).Min(), 0f, 1f);
    }

    [Fact]
    public void Too_few_rows_is_an_argument_error()
    {
        Assert.Throws<ArgumentException>(() => PcaModel.Fit(new float[3], 1, 3));
    }
}
