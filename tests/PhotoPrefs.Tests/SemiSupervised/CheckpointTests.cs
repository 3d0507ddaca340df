using PhotoPrefs.Albums;
using PhotoPrefs.Features;
using PhotoPrefs.Neural;
using PhotoPrefs.SemiSupervised;
using PhotoPrefs.Tests.Clustering;
using PhotoPrefs.Store;

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

    /// <summary>14 photos of the sample album imported, their features computed, and every third of J's labels.</summary>
    private static Workspace LabeledWorkspace(TempDir tmp)
    {
        var album = AlbumClusteringTests.CopySlice(tmp, 14);
        var source = AlbumClusteringTests.DataSampleAlbum();
        var ws = Workspace.Open(Path.Combine(tmp.Path, "ws"));
        AlbumImporter.Import(album, ws);
        FeatureExtraction.Compute(ws);
        LabelStore.Import(ws, "J", LabelCsv.Read(Path.Combine(Path.GetDirectoryName(source)!, "labels", "J.csv")).Where((_, i) => i % 3 == 0), "test");
        return ws;
    }

    [Fact]
    public void An_interrupted_album_training_continues_from_its_checkpoint()
    {
        using var tmp = new TempDir();
        var ws = LabeledWorkspace(tmp);
        var options = AlbumTraining.Defaults with { Steps = StoredModels.CheckpointEvery + 20, Width = 4, BatchSize = 4, Mu = 1 };

        // two members: the run is stopped in the second, after the first is done and the second has a checkpoint
        using var cts = new CancellationTokenSource();
        var progress = new SyncProgress(r =>
        {
            if (r.Member == 1 && r.Step == StoredModels.CheckpointEvery + 5)
            {
                cts.Cancel();
            }
        });
        Assert.ThrowsAny<OperationCanceledException>(() => StoredModels.TrainAndStore(ws, "J", 2, options, progress, cts.Token));
        Assert.Equal(options.Steps + StoredModels.CheckpointEvery, StoredModels.CheckpointStep(ws, "J"));
        Assert.Null(StoredModels.Latest(ws, "J"));

        TrainingRecord? first = null;
        var resumed = StoredModels.TrainAndStore(ws, "J", 2, options, new SyncProgress(r => first ??= r));
        Assert.Equal((1, StoredModels.CheckpointEvery + 1), (first!.Member, first.Step));
        Assert.Null(StoredModels.CheckpointStep(ws, "J"));
        Assert.Equal(2, resumed.Members);
        Assert.Equal(2, StoredModels.Latest(ws, "J")!.Members);

        var straight = StoredModels.TrainAndStore(ws, "J", 2, options);
        Assert.Equal(straight.PDelete.OrderBy(kv => kv.Key).Select(kv => kv.Value), resumed.PDelete.OrderBy(kv => kv.Key).Select(kv => kv.Value));

        // what is stored is the mean of the two members that FitMembers trains on the same labels
        var views = AlbumLoader.Load(ws, options.Input);
        var rows = views.RowsById();
        var labels = LabelStore.Get(ws, "J").OrderBy(kv => kv.Key).ToList();
        var members = AlbumTraining.FitMembers(views, labels.Select(kv => rows[kv.Key]).ToArray(), labels.Select(kv => kv.Value == PhotoLabel.Delete).ToArray(), 2, options);
        var mean = AlbumTraining.PDelete(members, views);
        Assert.Equal(mean, views.PhotoIds.Select(id => straight.PDelete[id]));
    }

    [Fact]
    public void A_stored_ensemble_keeps_every_member_s_weights()
    {
        using var tmp = new TempDir();
        var ws = LabeledWorkspace(tmp);
        var options = AlbumTraining.Defaults with { Steps = 10, Width = 4, BatchSize = 4, Mu = 1 };

        var model = StoredModels.TrainAndStore(ws, "J", options);
        Assert.Equal(AlbumTraining.DefaultMembers, model.Members);
        Assert.Equal(options.Steps, model.History.Count);
        Assert.All(model.History, r => Assert.Equal(0, r.Member));

        using var stream = new MemoryStream(ModelStore.Get(ws, model.Id)!.Data);
        var views = AlbumLoader.Load(ws, options.Input);
        var seen = new List<string>();
        while (stream.Position < stream.Length)
        {
            var member = AlbumTraining.NewTrainer(options, views);
            seen.Add(ModelFile.Load(member.EvalModel, stream)["member"]);
        }

        Assert.Equal(Enumerable.Range(0, AlbumTraining.DefaultMembers).Select(m => m.ToString(System.Globalization.CultureInfo.InvariantCulture)), seen);
        Assert.Throws<ArgumentOutOfRangeException>(() => StoredModels.TrainAndStore(ws, "J", 0, options));
    }

    private sealed class SyncProgress(Action<TrainingRecord> report) : IProgress<TrainingRecord>
    {
        public void Report(TrainingRecord value) => report(value);
    }
}
