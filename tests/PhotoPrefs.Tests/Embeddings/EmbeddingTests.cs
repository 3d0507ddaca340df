using System.Numerics.Tensors;
using System.Security.Cryptography;
using ImageMagick;
using Microsoft.Data.Sqlite;
using PhotoPrefs.Albums;
using PhotoPrefs.Embeddings;
using PhotoPrefs.Testing;
using PhotoPrefs.Store;

namespace PhotoPrefs.Tests.Embeddings;

/// <summary>The pretrained embedding: what it tells apart, its cache, its errors, and search by image.</summary>
public sealed class EmbeddingTests
{
    private static readonly Lazy<ImageEmbedder> Model = new(() => new ImageEmbedder(threads: 1));

    private static string SamplePhoto(string name) =>
        Path.Combine(PhotoPrefs.Sample.DataSampleFolder.Find(AppContext.BaseDirectory) ?? throw new DirectoryNotFoundException("data-sample"), "album", "Camera", name);

    private static string[] SamplePhotos(int count) =>
        Directory.GetFiles(Path.GetDirectoryName(SamplePhoto("x"))!, "*.jpg").Order(StringComparer.Ordinal).Take(count).ToArray();

    [Fact]
    public void A_photo_is_closer_to_its_reencoded_copy_than_to_other_photos()
    {
        using var tmp = new TempDir();
        var photos = SamplePhotos(12);
        int closer = 0;
        foreach (var original in photos.Take(4))
        {
            // Re-encoded: smaller, brighter, at a low JPEG quality, as a messaging app would send it.
            using var copy = new MagickImage(original);
            copy.Resize(new Percentage(60));
            copy.BrightnessContrast(new Percentage(10), new Percentage(0));
            copy.Quality = 55;
            var copyPath = Path.Combine(tmp.Path, Path.GetFileName(original));
            copy.Write(copyPath);

            var a = EmbeddingExtraction.EmbedFile(Model.Value, original);
            var b = EmbeddingExtraction.EmbedFile(Model.Value, copyPath);
            Assert.Equal(1f, TensorPrimitives.Norm(a), 4);
            float toCopy = TensorPrimitives.Dot(a, b);
            float toOthers = photos.Where(p => p != original).Max(p => TensorPrimitives.Dot(a, EmbeddingExtraction.EmbedFile(Model.Value, p)));
            Assert.True(toCopy > toOthers, $"{Path.GetFileName(original)}: copy {toCopy:F4}, nearest other photo {toOthers:F4}");
            closer++;
        }

        Assert.Equal(4, closer);
    }

    [Fact]
    public void A_shot_taken_at_a_tenth_of_the_light_is_embedded_as_its_scene_once_its_exposure_is_lifted()
    {
        var photos = SamplePhotos(12);
        var embeddings = photos.Select(p => EmbeddingExtraction.EmbedFile(Model.Value, p)).ToArray();
        var dark = new float[ImageEmbedder.Dimensions];
        for (int k = 0; k < 4; k++)
        {
            using var image = new MagickImage(photos[k]);
            image.AutoOrient();
            var planes = new float[3 * ImageEmbedder.InputSide * ImageEmbedder.InputSide];
            ImageEmbedder.Planes(image, planes);
            // the same frame at a tenth of the light, on whole levels as a camera would store it
            for (int i = 0; i < planes.Length; i++)
            {
                planes[i] = MathF.Round(planes[i] * 0.1f);
            }

            Model.Value.Embed(planes, dark);
            float asShot = TensorPrimitives.Dot(embeddings[k], dark);
            ImageEmbedder.LiftExposure(planes);
            Model.Value.Embed(planes, dark);
            float lifted = TensorPrimitives.Dot(embeddings[k], dark);
            // the drawn sample photos are close to one another (cosine 0.9 and more), so the test asks for most of
            // the distance the darkness put between the shot and its scene to be taken back
            Assert.True(1 - lifted < 0.5f * (1 - asShot), $"{Path.GetFileName(photos[k])}: lifted {lifted:F4}, as shot {asShot:F4}");
        }
    }

    [Fact]
    public void An_under_exposed_frame_is_raised_by_its_bright_end_with_the_gain_bounded()
    {
        // 200 grey pixels from 20 to 60: the 0.5 % bright end is 60, so the gain is 255 / 60.
        const int n = 200;
        var planes = new float[3 * n];
        for (int p = 0; p < n; p++)
        {
            float v = 20 + (40f * p / (n - 1));
            planes[p] = planes[n + p] = planes[(2 * n) + p] = v;
        }

        planes[2 * n] = 40; // a blue channel off the grey, raised like the others
        var lifted = planes.ToArray();
        ImageEmbedder.LiftExposure(lifted);
        for (int i = 0; i < planes.Length; i++)
        {
            Assert.Equal(MathF.Min(planes[i] * 255f / 60, 255), lifted[i], 3);
        }

        // A near-black frame is raised by at most MaxExposureGain.
        var dark = Enumerable.Range(0, 3 * n).Select(i => (float)(i % n % 4)).ToArray();
        ImageEmbedder.LiftExposure(dark);
        Assert.Equal(3 * ImageEmbedder.MaxExposureGain, dark.Max());

        // A uniform frame, and one whose bright end reaches 255, are left as they are.
        var flat = Enumerable.Repeat(100f, 3 * n).ToArray();
        ImageEmbedder.LiftExposure(flat);
        Assert.All(flat, v => Assert.Equal(100f, v));
        var full = Enumerable.Range(0, 3 * n).Select(i => MathF.Min(30 + (i % n * 250f / (n - 1)), 255)).ToArray();
        var kept = full.ToArray();
        ImageEmbedder.LiftExposure(kept);
        Assert.Equal(full, kept);
        Assert.Throws<ArgumentException>(() => ImageEmbedder.LiftExposure(new float[4]));
    }

    [Fact]
    public void The_embedding_is_taken_upright()
    {
        using var tmp = new TempDir();
        using var upright = new MagickImage(SamplePhotos(1)[0]);
        upright.AutoOrient();
        upright.RemoveProfile("exif");
        var original = Path.Combine(tmp.Path, "upright.jpg");
        upright.Write(original);
        // The same photo stored turned a quarter left, with the EXIF tag (6) that says "turn right to show".
        using var sideways = (MagickImage)upright.Clone();
        sideways.Rotate(270);
        var exif = new ExifProfile();
        exif.SetValue(ExifTag.Orientation, (ushort)Orientation.RightTop);
        sideways.SetProfile(exif);
        sideways.Orientation = Orientation.RightTop;
        var tagged = Path.Combine(tmp.Path, "tagged.jpg");
        sideways.Write(tagged);
        using var untagged = (MagickImage)upright.Clone();
        untagged.Rotate(270);
        var plain = Path.Combine(tmp.Path, "plain.jpg");
        untagged.Write(plain);

        var a = EmbeddingExtraction.EmbedFile(Model.Value, original);
        float upright1 = TensorPrimitives.Dot(a, EmbeddingExtraction.EmbedFile(Model.Value, tagged));
        float turned = TensorPrimitives.Dot(a, EmbeddingExtraction.EmbedFile(Model.Value, plain));
        Assert.True(upright1 > 0.99f && upright1 > turned, $"tagged {upright1:F4}, untagged {turned:F4}");
    }

    [Fact]
    public void Centring_subtracts_the_mean_row_and_restores_unit_length()
    {
        // Rows (3, 1), (1, 1), (2, 1): mean (2, 1); centred (1, 0), (-1, 0), and the mean row itself becomes zeros.
        var centred = EmbeddingSpace.Centre([3f, 1f, 1f, 1f, 2f, 1f], 2);
        Assert.Equal([1f, 0f, -1f, 0f, 0f, 0f], centred);
        Assert.Empty(EmbeddingSpace.Centre([], 4));
        Assert.Throws<ArgumentException>(() => EmbeddingSpace.Centre([1f, 2f, 3f], 2));
    }

    [Fact]
    public void Nearest_rows_are_the_highest_dot_products_in_order_without_the_row_itself()
    {
        // Four unit rows at angles 0, 10, 30 and 100 degrees: from 0 the nearest are 10 then 30; from 100, 30 then 10.
        float[] rows = [.. new[] { 0, 10, 30, 100 }.SelectMany(a => new[] { MathF.Cos(a * MathF.PI / 180), MathF.Sin(a * MathF.PI / 180) })];
        Assert.Equal([1, 2, 0, 2, 1, 0, 2, 1], EmbeddingSpace.Nearest(rows, 2, 2));
        Assert.Equal([1, 2, 3, 0, 2, 3, 1, 0, 3, 2, 1, 0], EmbeddingSpace.Nearest(rows, 2, 10)); // k beyond the album: every other row
        Assert.Equal([1, 2, 0, 2, 0, 1], EmbeddingSpace.Nearest([1f, 1f, 1f], 1, 2)); // ties: the lower row first
        Assert.Empty(EmbeddingSpace.Nearest([1f, 0f], 2, 3)); // one row has no neighbours
        Assert.Throws<ArgumentException>(() => EmbeddingSpace.Nearest([1f, 2f, 3f], 2, 1));

        // Across the 256-row blocks, against a brute-force search.
        var rng = new Random(5);
        const int n = 600, d = 16, k = 5;
        var x = EmbeddingSpace.Centre(Enumerable.Range(0, n * d).Select(_ => (float)rng.NextDouble()).ToArray(), d);
        var near = EmbeddingSpace.Nearest(x, d, k);
        for (int i = 0; i < n; i += 37)
        {
            var expected = Enumerable.Range(0, n).Where(j => j != i)
                .OrderByDescending(j => TensorPrimitives.Dot(x.AsSpan(i * d, d), x.AsSpan(j * d, d))).ThenBy(j => j).Take(k);
            Assert.Equal(expected, near.AsSpan(i * k, k).ToArray());
        }
    }

    [Fact]
    public void A_missing_or_damaged_model_is_refused_clearly()
    {
        using var tmp = new TempDir();
        var missing = Assert.Throws<PhotoPrefsException>(() => new ImageEmbedder(tmp.Path));
        Assert.Contains("embedding model not found", missing.Message, StringComparison.Ordinal);

        // A copy of the real folder with the network's file cut short.
        foreach (var file in Directory.GetFiles(ImageEmbedder.DefaultModelDirectory, "*.onnx", SearchOption.AllDirectories))
        {
            var target = Path.Combine(tmp.Path, Path.GetRelativePath(ImageEmbedder.DefaultModelDirectory, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        var net = Directory.GetFiles(tmp.Path, "ResNet18.onnx", SearchOption.AllDirectories).Single();
        using (var stream = new FileStream(net, FileMode.Open))
        {
            stream.SetLength(stream.Length / 3);
        }

        var damaged = Assert.Throws<PhotoPrefsException>(() => new ImageEmbedder(tmp.Path));
        Assert.Contains("cannot be loaded", damaged.Message, StringComparison.Ordinal);
        Assert.Contains("ResNet18.onnx", damaged.Message, StringComparison.Ordinal);

        File.WriteAllText(net, "not a model");
        Assert.Contains("cannot be loaded", Assert.Throws<PhotoPrefsException>(() => new ImageEmbedder(tmp.Path)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Embeddings_are_cached_once_a_similar_search_finds_the_copy_and_the_album_is_untouched()
    {
        using var tmp = new TempDir();
        var album = tmp.Sub("album");
        var photos = SamplePhotos(6);
        foreach (var p in photos)
        {
            File.Copy(p, Path.Combine(album, Path.GetFileName(p)));
        }

        string Fingerprint() => string.Join(";", Directory.GetFiles(album).Order(StringComparer.Ordinal).Select(f => $"{f}:{File.GetLastWriteTimeUtc(f).Ticks}:{Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))}"));
        var before = Fingerprint();
        try
        {
            var ws = Workspace.Open(tmp.Sub("ws"));
            AlbumImporter.Import(album, ws);
            Assert.False(EmbeddingExtraction.Complete(ws));
            Assert.Equal(6, EmbeddingExtraction.Compute(ws, Model.Value));
            Assert.True(EmbeddingExtraction.Complete(ws));
            Assert.Equal(0, EmbeddingExtraction.Compute(ws, Model.Value));
            var (ids, vectors) = FeatureStore.LoadEmbeddings(ws);
            Assert.Equal(6, ids.Length);
            Assert.Equal(6 * ImageEmbedder.Dimensions, vectors.Length);

            // Search by image: an altered copy kept outside the album finds its original first.
            using var copy = new MagickImage(photos[2]);
            copy.Crop(new MagickGeometry(0, 0, copy.Width * 9 / 10, copy.Height * 9 / 10));
            copy.Quality = 60;
            var query = Path.Combine(tmp.Path, "query.jpg");
            copy.Write(query);
            var found = SimilarPhotos.Find(ws, EmbeddingExtraction.EmbedFile(Model.Value, query), top: 3);
            Assert.Equal(3, found.Count);
            Assert.Equal(Path.GetFileName(photos[2]), found[0].Path);
            Assert.True(found[0].Similarity >= found[1].Similarity && found[1].Similarity >= found[2].Similarity);

            // An album photo as the query: itself at similarity 1, unless left out.
            var self = LabelStore.PhotoIdsByPath(ws)[Path.GetFileName(photos[0])];
            var own = FeatureStore.GetEmbedding(ws, self)!;
            Assert.Equal(1.0, SimilarPhotos.Find(ws, own, top: 1)[0].Similarity, 4);
            Assert.DoesNotContain(SimilarPhotos.Find(ws, own, top: 10, exclude: self), f => f.PhotoId == self);
            Assert.Equal(before, Fingerprint());
        }
        finally
        {
            SqliteConnection.ClearAllPools();
        }
    }

    [Fact]
    public void Search_without_embeddings_or_with_a_bad_query_says_what_to_do()
    {
        using var tmp = new TempDir();
        var album = tmp.Sub("album");
        File.WriteAllBytes(Path.Combine(album, "a.jpg"), TestImages.Jpeg(64, 48, 1));
        try
        {
            var ws = Workspace.Open(tmp.Sub("ws"));
            AlbumImporter.Import(album, ws);
            var e = Assert.Throws<PhotoPrefsException>(() => SimilarPhotos.Find(ws, new float[ImageEmbedder.Dimensions]));
            Assert.Contains("photoprefs features", e.Message, StringComparison.Ordinal);
            Assert.Contains("not found", Assert.Throws<PhotoPrefsException>(() => EmbeddingExtraction.EmbedFile(Model.Value, Path.Combine(tmp.Path, "nope.jpg"))).Message, StringComparison.Ordinal);
            var junk = Path.Combine(tmp.Path, "junk.jpg");
            File.WriteAllText(junk, "not an image");
            Assert.Throws<PhotoPrefsException>(() => EmbeddingExtraction.EmbedFile(Model.Value, junk));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
        }
    }
}
