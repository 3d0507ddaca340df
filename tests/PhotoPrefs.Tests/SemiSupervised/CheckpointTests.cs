using PhotoPrefs.Albums;
using PhotoPrefs.Features;
using PhotoPrefs.SemiSupervised;
using PhotoPrefs.Tests.Clustering;

namespace PhotoPrefs.Tests.SemiSupervised;

/// <summary>Training stopped and resumed from a checkpoint ends exactly where an uninterrupted run ends.</summary>
public sealed class CheckpointTests
{
    private static ImageSet Random(int count, int seed)
    {
        var rng = new Random(seed);
        return new ImageSet(Enumerable.Range(0, count * 3 * 8 * 8).Select(_ => (float)rng.NextDouble()).ToArray(), count, 3, 8, 8,
            Enumerable.Range(0, count * 2).Select(_ => (float)rng.NextDouble()).ToArray(), 2);
    }

    [Fact]
    public void A_checkpoint_restores_weights_average_momentum_and_history()
    {
        var labeled = Random(6, 1);
        var unlabeled = Random(20, 2);
        int[] labels = [0, 1, 0, 1, 0, 1];
        var options = new FixMatchOptions(Steps: 8, BatchSize: 4, Mu: 2, Width: 4, Threshold: 0.5f, Seed: 3, GradientClip: 5);
        var straight = new FixMatchTrainer(2, 3, options, 2);
        straight.Train(labeled, labels, unlabeled);

        var first = new FixMatchTrainer(2, 3, options, 2);
        first.Train(labeled, labels, unlabeled, stopAfter: 3);
        using var state = new MemoryStream();
        first.SaveCheckpoint(state);
        state.Position = 0;
        var resumed = FixMatchTrainer.LoadCheckpoint(state);
        Assert.Equal(3, resumed.StepsDone);
        Assert.Equal(3, resumed.History.Count);
        resumed.Train(labeled, labels, unlabeled);

        Assert.Equal(straight.History.Select(h => h.LabeledLoss), resumed.History.Select(h => h.LabeledLoss));
        Assert.Equal(straight.Predict(unlabeled), resumed.Predict(unlabeled));
        Assert.Throws<InvalidDataException>(() => FixMatchTrainer.LoadCheckpoint(new MemoryStream([1, 2, 3, 4, 5])));
    }

    [Fact]
    public void An_interrupted_album_training_continues_from_its_checkpoint()
    {
        using var tmp = new TempDir();
        var album = AlbumClusteringTests.CopySlice(tmp, 14);
        var source = AlbumClusteringTests.DataSampleAlbum();

        var ws = Workspace.Open(Path.Combine(tmp.Path, "ws"));
        AlbumImporter.Import(album, ws);
        FeatureStore.Compute(ws);
        var truth = LabelStore.ReadCsv(Path.Combine(Path.GetDirectoryName(source)!, "labels", "J.csv"));
        LabelStore.Import(ws, "J", truth.Where((_, i) => i % 3 == 0), "test");
        var options = AlbumTraining.Defaults with { Steps = AlbumTraining.CheckpointEvery + 20, Width = 4, BatchSize = 4, Mu = 1 };

        using var cts = new CancellationTokenSource();
        var progress = new SyncProgress(r =>
        {
            if (r.Step == AlbumTraining.CheckpointEvery + 5)
            {
                cts.Cancel();
            }
        });
        Assert.ThrowsAny<OperationCanceledException>(() => AlbumTraining.TrainAndStore(ws, "J", options, progress, cts.Token));
        Assert.Equal(AlbumTraining.CheckpointEvery, AlbumTraining.CheckpointStep(ws, "J"));
        Assert.Null(AlbumTraining.Latest(ws, "J"));

        int firstStep = 0;
        var resumed = AlbumTraining.TrainAndStore(ws, "J", options, new SyncProgress(r => firstStep = firstStep == 0 ? r.Step : firstStep));
        Assert.Equal(AlbumTraining.CheckpointEvery + 1, firstStep);
        Assert.Null(AlbumTraining.CheckpointStep(ws, "J"));

        var straight = AlbumTraining.TrainAndStore(ws, "J", options);
        Assert.Equal(straight.PDelete.OrderBy(kv => kv.Key).Select(kv => kv.Value), resumed.PDelete.OrderBy(kv => kv.Key).Select(kv => kv.Value));
    }

    private sealed class SyncProgress(Action<TrainingRecord> report) : IProgress<TrainingRecord>
    {
        public void Report(TrainingRecord value) => report(value);
    }
}
