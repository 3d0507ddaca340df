using ImageMagick;
using Microsoft.ML.OnnxRuntime;
using PhotoPrefs.Albums;
using PhotoPrefs.Embeddings;
using PhotoPrefs.SemiSupervised;
using PhotoPrefs.Store;

namespace PhotoPrefs.Tests.Embeddings;

/// <summary>Embedding several inputs in one inference, and the training views computed in the plain embedding's pass.</summary>
public sealed class BatchedEmbeddingTests
{
    private const int InputSize = 3 * ImageEmbedder.InputSide * ImageEmbedder.InputSide;
    private static readonly Lazy<ImageEmbedder> Model = new(() => new ImageEmbedder(threads: 1));

    private static string[] SamplePhotos(int count) =>
        Directory.GetFiles(Path.Combine(PhotoPrefs.Sample.DataSampleFolder.Find(AppContext.BaseDirectory) ?? throw new DirectoryNotFoundException("data-sample"), "album", "Camera"), "*.jpg")
            .Order(StringComparer.Ordinal).Take(count).ToArray();

    private static float[] Input(string file)
    {
        using var image = new MagickImage(file);
        var planes = new float[InputSize];
        ImageEmbedder.Planes(image, planes);
        return planes;
    }

    [Fact]
    public void A_batch_gives_each_input_the_embedding_it_gets_alone()
    {
        var inputs = SamplePhotos(3).Select(Input).ToArray();
        var batch = new float[(inputs.Length * InputSize) + 17]; // longer than needed: only count inputs are read
        for (int i = 0; i < inputs.Length; i++)
        {
            inputs[i].CopyTo(batch, i * InputSize);
        }

        var together = new float[inputs.Length * ImageEmbedder.Dimensions];
        Model.Value.Embed(batch, inputs.Length, together);
        for (int i = 0; i < inputs.Length; i++)
        {
            var alone = new float[ImageEmbedder.Dimensions];
            Model.Value.Embed(inputs[i], alone);
            var mine = together.AsSpan(i * ImageEmbedder.Dimensions, ImageEmbedder.Dimensions);
            Assert.Equal(1f, System.Numerics.Tensors.TensorPrimitives.Norm(mine), 4);
            for (int j = 0; j < ImageEmbedder.Dimensions; j++)
            {
                Assert.Equal(alone[j], mine[j], 5);
            }
        }

        // Two different photos do not share an embedding (the batch is not one image repeated).
        Assert.True(System.Numerics.Tensors.TensorPrimitives.Dot(together.AsSpan(0, ImageEmbedder.Dimensions), together.AsSpan(ImageEmbedder.Dimensions, ImageEmbedder.Dimensions)) < 0.99f);
        Assert.Throws<ArgumentException>(() => Model.Value.Embed(new float[InputSize], 2, new float[2 * ImageEmbedder.Dimensions]));
        Assert.Throws<ArgumentException>(() => Model.Value.Embed(new float[2 * InputSize], 2, new float[ImageEmbedder.Dimensions]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Model.Value.Embed(new float[InputSize], 0, new float[ImageEmbedder.Dimensions]));
    }

    [Fact]
    public void The_shipped_graphs_take_any_batch_once_their_first_dimension_is_freed()
    {
        foreach (var file in new[] { "ResNetPrepOnnx/ResNetPreprocess.onnx", "ResNet18Onnx/ResNet18.onnx" })
        {
            var original = File.ReadAllBytes(Path.Combine(ImageEmbedder.DefaultModelDirectory, file));
            var freed = OnnxBatchDimension.Free(original);
            Assert.Equal(freed, OnnxBatchDimension.Free(freed)); // a symbolic dimension stays as it is
            using var before = new InferenceSession(original);
            using var after = new InferenceSession(freed);
            var input = before.InputMetadata.Single();
            Assert.Equal(1, input.Value.Dimensions[0]);
            Assert.Equal(-1, after.InputMetadata[input.Key].Dimensions[0]);
            Assert.Equal(OnnxBatchDimension.Name, after.InputMetadata[input.Key].SymbolicDimensions[0]);
            Assert.Equal(input.Value.Dimensions[1..], after.InputMetadata[input.Key].Dimensions[1..]);
            Assert.Equal(-1, after.OutputMetadata.Single().Value.Dimensions[0]);
        }

        Assert.Throws<InvalidDataException>(() => OnnxBatchDimension.Free([0x3A, 0x7F, 0x01])); // a field longer than the bytes
        Assert.Throws<InvalidDataException>(() => OnnxBatchDimension.Free([0x0F])); // wire type 7 does not exist
    }

    [Fact]
    public void The_views_computed_in_the_embeddings_pass_are_those_computed_alone()
    {
        using var tmp = new TempDir();
        var album = tmp.Sub("album");
        foreach (var p in SamplePhotos(5))
        {
            File.Copy(p, Path.Combine(album, Path.GetFileName(p)));
        }

        try
        {
            var together = Workspace.Open(tmp.Sub("together"));
            var apart = Workspace.Open(tmp.Sub("apart"));
            AlbumImporter.Import(album, together);
            AlbumImporter.Import(album, apart);

            // One photo already has its embedding: the pass computes only its views.
            Assert.Equal(5, EmbeddingExtraction.Compute(apart, Model.Value));
            var first = FeatureStore.LoadEmbeddings(apart).Ids[0];
            using (var db = together.Connect())
            {
                FeatureStore.Save(db, first, EmbeddingExtraction.Kind, ImageEmbedder.Version, FeatureStore.GetEmbedding(apart, first));
            }

            Assert.Equal([4, 5], EmbeddingExtraction.ComputeKinds(together, [EmbeddingExtraction.Plain, EmbeddingViews.Definition], Model.Value));
            Assert.Equal(5, EmbeddingViews.Compute(apart, Model.Value));
            Assert.Equal([0, 0], EmbeddingExtraction.ComputeKinds(together, [EmbeddingExtraction.Plain, EmbeddingViews.Definition], Model.Value));

            foreach (var (kind, load) in new (string, Func<Workspace, (long[] Ids, float[] Vectors)>)[] { ("embedding", FeatureStore.LoadEmbeddings), ("views", EmbeddingViews.Load) })
            {
                var (idsA, a) = load(together);
                var (idsB, b) = load(apart);
                Assert.Equal(idsB, idsA);
                Assert.Equal(b.Length, a.Length);
                for (int j = 0; j < a.Length; j++)
                {
                    Assert.True(Math.Abs(a[j] - b[j]) < 1e-5f, $"{kind} value {j}: {a[j]} against {b[j]}");
                }
            }

            Assert.Throws<ArgumentException>(() => EmbeddingExtraction.ComputeKinds(together, [EmbeddingExtraction.Plain, EmbeddingExtraction.Plain], Model.Value));
            Assert.Throws<ArgumentException>(() => EmbeddingExtraction.ComputeKinds(together, [], Model.Value));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
    }
}
