using PhotoPrefs.Pipeline;
using PhotoPrefs.SemiSupervised;
using PhotoPrefs.Store;
using PhotoPrefs.Suggestions;
using PhotoPrefs.Testing;

namespace PhotoPrefs.Tests.Pipeline;

/// <summary>A review session: its queue, answers stored as labels, the live precision, undo, and the background retrain.</summary>
public sealed class ReviewSessionTests
{
    private static readonly TrainOptions Quick = new(AlbumTraining.Defaults with { Steps = 6 }, Members: 1, Folds: 0);

    private static Album LabeledAlbum(TempDir tmp, int photos, int labeled)
    {
        var folder = tmp.Sub("album");
        for (int i = 0; i < photos; i++)
        {
            File.WriteAllBytes(Path.Combine(folder, $"p{i:D3}.jpg"), TestImages.Jpeg(160, 120, i));
        }

        var album = Album.Open(Path.Combine(tmp.Path, "ws"));
        album.Import(folder);
        album.ComputeFeatures();
        foreach (var id in album.Paths().Keys.Order().Take(labeled))
        {
            LabelStore.Set(album.Workspace, "me", id, id % 2 == 0 ? PhotoLabel.Delete : PhotoLabel.Keep, "test");
        }

        return album;
    }

    private static List<long> Order(Album album, StoredModel model)
    {
        var labels = album.Labels("me");
        return [.. model.PDelete.Where(kv => !labels.ContainsKey(kv.Key)).OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key).Select(kv => kv.Key)];
    }

    [Fact]
    public async Task Answers_are_labels_and_every_K_of_them_retrain_and_reorder_the_queue()
    {
        using var tmp = new TempDir();
        var album = LabeledAlbum(tmp, 12, 4);
        using var review = album.Review("me", new ReviewOptions(RetrainEvery: 3, Window: 2, Training: Quick, Cut: new SuggestOptions(Threshold: 0)));

        // No model yet: one was trained first, on the 4 labels.
        Assert.True(review.TrainedFirst);
        var first = album.Model("me")!;
        var state = review.State();
        Assert.Equal((0, first.Id, 4), (state.Version, state.ModelId, state.ModelLabels));
        Assert.Equal(Order(album, first), state.Queue.Select(i => i.Id));
        Assert.True(double.IsNaN(state.Precision));

        var top = state.Queue[0].Id;
        state = review.Answer(top, PhotoLabel.Delete);
        Assert.Equal(PhotoLabel.Delete, album.Labels("me")[top]);
        Assert.DoesNotContain(state.Queue, i => i.Id == top);
        Assert.Equal((1, 1, 1, false), (state.Confirmed, state.Reviewed, state.Pending, state.Training));

        // Undo puts it back first; answered again, keep.
        var (undone, afterUndo) = review.Undo();
        Assert.Equal(top, undone);
        Assert.Equal(top, afterUndo.Queue[0].Id);
        Assert.Equal(0, afterUndo.Reviewed);
        review.Answer(top, PhotoLabel.Keep);
        var next = review.State().Queue[0].Id;
        state = review.Answer(next, PhotoLabel.Delete);
        Assert.Equal((1, 2), (state.Confirmed, state.Reviewed));

        // The third answer (counting the one undone) started a retrain on 6 labels.
        await review.RetrainingAsync();
        state = review.State();
        var second = album.Model("me")!;
        Assert.Null(state.Error);
        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal((1, second.Id, 6, 0), (state.Version, state.ModelId, state.ModelLabels, state.Pending));
        Assert.Equal(Order(album, second), state.Queue.Select(i => i.Id));
        Assert.Equal(12 - 6, state.Queue.Count);
        Assert.Equal([PhotoLabel.Delete, PhotoLabel.Keep], LabelStore.Recent(album.Workspace, "me", ReviewSession.Source, 5));
    }

    [Fact]
    public void Without_a_model_and_with_one_class_of_labels_the_review_says_what_to_do()
    {
        using var tmp = new TempDir();
        var album = LabeledAlbum(tmp, 3, 0);
        LabelStore.Set(album.Workspace, "me", album.Paths().Keys.Min(), PhotoLabel.Delete, "test");
        var e = Assert.Throws<PhotoPrefsException>(() => album.Review("me"));
        Assert.Contains("too few labels to train one (1 labels, 1 delete)", e.Message, StringComparison.Ordinal);
        Assert.Throws<PhotoPrefsException>(() => album.Review("me", new ReviewOptions(RetrainEvery: 0)));
        Assert.Null(album.Model("me"));
    }
}
