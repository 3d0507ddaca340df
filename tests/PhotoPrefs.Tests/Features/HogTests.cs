using PhotoPrefs.Features;
using PhotoPrefs.Testing;

namespace PhotoPrefs.Tests.Features;

public sealed class HogTests
{
    public static TheoryData<int> Cases()
    {
        using var doc = Reference.Load("hog.json");
        var data = new TheoryData<int>();
        for (int i = 0; i < doc.RootElement.GetProperty("cases").GetArrayLength(); i++)
        {
            data.Add(i);
        }

        return data;
    }

    [Theory]
    [Trait("Category", "Golden")]
    [MemberData(nameof(Cases))]
    public void Matches_scikit_image(int index)
    {
        using var doc = Reference.Load("hog.json");
        var c = doc.RootElement.GetProperty("cases")[index];
        int h = c.GetProperty("height").GetInt32(), w = c.GetProperty("width").GetInt32();
        var ppc = c.GetProperty("pixels_per_cell").Ints();
        var cpb = c.GetProperty("cells_per_block").Ints();
        var norm = c.GetProperty("block_norm").GetString() switch
        {
            "L1" => HogBlockNorm.L1,
            "L1-sqrt" => HogBlockNorm.L1Sqrt,
            "L2" => HogBlockNorm.L2,
            "L2-Hys" => HogBlockNorm.L2Hys,
            var s => throw new InvalidOperationException("unknown norm " + s),
        };
        var options = new HogOptions(c.GetProperty("orientations").GetInt32(), ppc[0], ppc[1], cpb[0], cpb[1], norm, c.GetProperty("transform_sqrt").GetBoolean());
        var pixels = c.GetProperty("pixels").Floats();
        var actual = Hog.Compute(pixels, h, w, options);
        Tolerance.Close(c.GetProperty("expected").Doubles(), actual, abs: 1e-4, rel: 0, $"hog case {index}");
    }

    [Theory]
    [InlineData(HogBlockNorm.L1)]
    [InlineData(HogBlockNorm.L1Sqrt)]
    [InlineData(HogBlockNorm.L2)]
    [InlineData(HogBlockNorm.L2Hys)]
    public void Every_norm_gives_unit_scale_blocks(HogBlockNorm norm)
    {
        var rng = new Random(4);
        var img = Enumerable.Range(0, 48 * 40).Select(_ => (float)rng.Next(256)).ToArray();
        var options = new HogOptions(9, 8, 8, 2, 2, norm);
        var f = Hog.Compute(img, 48, 40, options);
        Assert.Equal(options.FeatureLength(48, 40), f.Length);
        int blockLen = 36;
        for (int b = 0; b < f.Length / blockLen; b++)
        {
            var block = f.AsSpan(b * blockLen, blockLen).ToArray();
            double measure = norm switch
            {
                HogBlockNorm.L1 => block.Sum(Math.Abs),
                HogBlockNorm.L1Sqrt => block.Sum(v => v * v),
                _ => Math.Sqrt(block.Sum(v => v * v)),
            };
            Assert.Equal(1.0, measure, 3);
            Assert.All(block, v => Assert.True(v >= 0));
        }
    }

    [Fact]
    public void Flat_image_has_zero_features_and_a_black_picture()
    {
        var img = Enumerable.Repeat(128f, 32 * 32).ToArray();
        Assert.All(Hog.Compute(img, 32, 32), v => Assert.Equal(0f, v));
        Assert.All(Hog.Visualize(img, 32, 32), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Visualisation_draws_edges_across_the_gradient()
    {
        // A vertical edge: horizontal gradient (0 degrees), so the drawn lines are vertical.
        var img = new float[32 * 32];
        for (int y = 0; y < 32; y++)
        {
            for (int x = 16; x < 32; x++)
            {
                img[(y * 32) + x] = 255;
            }
        }

        var pic = Hog.Visualize(img, 32, 32, new HogOptions(9, 8, 8, 1, 1));
        Assert.True(pic[(12 * 32) + 20] > 0.5f || pic[(12 * 32) + 12] > 0.5f);
        Assert.True(pic.Max() <= 1f);
    }

    [Fact]
    public void Image_smaller_than_a_block_gives_an_empty_vector()
    {
        Assert.Empty(Hog.Compute(new float[10 * 10], 10, 10));
    }
}
