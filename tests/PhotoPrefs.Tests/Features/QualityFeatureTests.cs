using ImageMagick;
using PhotoPrefs.Albums;
using PhotoPrefs.Features;
using PhotoPrefs.Store;

namespace PhotoPrefs.Tests.Features;

/// <summary>The sharpness measures of the <c>quality</c> features, through import and feature extraction.</summary>
public sealed class QualityFeatureTests
{
    // Seeded gray noise: fine detail everywhere, the same statistics whatever the size.
    private static void WriteNoise(string path, int width, int height, double blurSigma = 0)
    {
        var rng = new Random(width + height);
        var pixels = new byte[width * height];
        rng.NextBytes(pixels);
        using var image = new MagickImage(pixels, new MagickReadSettings { Width = (uint)width, Height = (uint)height, Format = MagickFormat.Gray, Depth = 8 });
        if (blurSigma > 0)
        {
            image.GaussianBlur(0, blurSigma);
        }

        image.Write(path, MagickFormat.Png);
    }

    [Fact]
    public void Sharpness_does_not_depend_on_the_photos_shape()
    {
        using var tmp = new TempDir();
        var album = tmp.Sub("album");
        // Both are shrunk by the same factor to the 512-pixel working size; the wide one is 512 x 288, shorter
        // than the 384 pixels of the measuring square, and must not be scaled up to fill it.
        WriteNoise(Path.Combine(album, "wide.png"), 640, 360);
        WriteNoise(Path.Combine(album, "tall.png"), 480, 640);
        WriteNoise(Path.Combine(album, "wide-blurred.png"), 640, 360, blurSigma: 3);
        var ws = Workspace.Open(Path.Combine(tmp.Path, "ws"));
        AlbumImporter.Import(album, ws);
        FeatureExtraction.Compute(ws, [FeatureKinds.Quality]);

        var (ids, quality, d) = FeatureStore.Load(ws, FeatureKinds.Quality);
        var byPath = new Dictionary<string, float[]>();
        using (var db = ws.Connect())
        {
            for (int i = 0; i < ids.Length; i++)
            {
                var path = (string)Workspace.Scalar(db, "SELECT path FROM photos WHERE id = $id", ("$id", ids[i]))!;
                byPath[path] = quality.AsSpan(i * d, d).ToArray();
            }
        }

        float wide = byPath["wide.png"][0], tall = byPath["tall.png"][0], blurred = byPath["wide-blurred.png"][0];
        Assert.InRange(wide - tall, -0.15f, 0.15f); // log(1 + Laplacian variance)
        Assert.InRange(byPath["wide.png"][7] - byPath["tall.png"][7], -0.15f, 0.15f); // edge width
        Assert.True(blurred < wide - 3, $"blurred {blurred}, sharp {wide}");
    }
}
