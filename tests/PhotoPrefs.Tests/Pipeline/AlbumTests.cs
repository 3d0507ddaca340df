using PhotoPrefs.Pipeline;
using PhotoPrefs.SemiSupervised;
using PhotoPrefs.Store;
using PhotoPrefs.Suggestions;
using PhotoPrefs.Testing;

namespace PhotoPrefs.Tests.Pipeline;

/// <summary>The pipeline facade: each stage in one call, what it stores read back, and the album never written.</summary>
public sealed class AlbumTests
{
    private static string Photos(TempDir tmp, int count)
    {
        var album = tmp.Sub("album");
        for (int i = 0; i < count; i++)
        {
            File.WriteAllBytes(Path.Combine(album, $"p{i:D3}.jpg"), TestImages.Jpeg(160, 120, i));
        }

        return album;
    }

    [Fact]
    public void Every_stage_runs_in_one_call_and_leaves_the_album_as_it_was()
    {
        using var tmp = new TempDir();
        var folder = Photos(tmp, 12);
        var before = TestImages.Fingerprint(folder);
        var reports = new List<StageProgress>();
        var album = Album.Open(Path.Combine(tmp.Path, "ws"), progress: new Recorder(reports));

        Assert.Equal(12, album.Import(folder).Added);
        Assert.Contains(reports, r => r.Stage == "import" && r.Done == 12 && r.Total == 12);
        var features = album.ComputeFeatures();
        Assert.Equal(12, features.Embeddings);
        var again = album.ComputeFeatures();
        Assert.Equal((0, 0), (again.Embeddings, again.Views)); // cached: no photo is embedded twice

        var clustering = album.Cluster(new ClusterOptions(KMin: 2, KMax: 4, Budget: 6));
        Assert.Equal(clustering.RepresentativePhotoIds, album.Representatives());
        Assert.Equal(album.Representatives(), album.LabelingQueue("me").Take(album.Representatives().Count).Select(q => q.Id));
        Assert.Equal(12, album.LabelingQueue("me").Count);

        var csv = Path.Combine(tmp.Path, "me.csv");
        File.WriteAllLines(csv, ["file,label", .. Enumerable.Range(0, 12).Select(i => $"p{i:D3}.jpg,{(i % 2 == 0 ? "delete" : "keep")}")]);
        Assert.Equal(6, album.ImportLabels("me", csv, representatives: 6).Applied);
        Assert.Equal(album.Representatives().Take(6).Order(), album.Labels("me").Keys.Order());

        var model = album.Train("me", new TrainOptions(AlbumTraining.Defaults with { Steps = 6 }, Members: 1));
        Assert.Equal(12, model.PDelete.Count);
        Assert.Equal(model.Id, album.Model("me")!.Id);
        Assert.Contains(reports, r => r.Stage == "train" && r.Done == 6 && r.Total == 6);
        Assert.Equal(12, album.Suggest("me", threshold: 0).Count);

        // The labels were cross-fitted after training (3 folds of 2 labels): each fold's score, where its 4 training
        // labels held both classes; the suggestions carry their calibrated p(delete).
        Assert.Contains(reports, r => r.Stage == "cross-fit" && r.Done == 3 && r.Total == 3);
        Assert.InRange(model.CrossFit!.Count, 0, 6);
        Assert.All(model.CrossFit, c => Assert.Equal(c.Delete, album.Labels("me")[c.PhotoId] == PhotoLabel.Delete));
        Assert.Equal(model.CrossFit, album.Model("me")!.CrossFit);
        var all = album.Suggest("me", new SuggestOptions(Threshold: 0));
        Assert.All(all, s => Assert.InRange(s.Confidence, 0, 1));
        // a target precision cuts the list where SuggestionCut says, never below 0.5; without one, at 0.5
        var cut = album.SuggestionCut("me", new SuggestOptions(Precision: 1.0));
        Assert.InRange(cut.Threshold, 0.5, 1);
        Assert.Equal(model.PDelete.Values.Count(p => p >= cut.Threshold), album.Suggest("me", new SuggestOptions(Precision: 1.0)).Count);
        Assert.Equal(0.5, album.SuggestionCut("me").Threshold);
        Assert.Throws<PhotoPrefsException>(() => album.Train("me", new TrainOptions(AlbumTraining.Defaults with { Steps = 6 }, Members: 1, Folds: -1)));

        var held = album.Evaluate("me", csv);
        Assert.Equal(6, held.PhotoIds.Count);
        Assert.DoesNotContain(held.PhotoIds, id => album.Labels("me").ContainsKey(id));
        Assert.Equal(before, TestImages.Fingerprint(folder));
    }

    [Fact]
    public void Labels_exported_read_back_and_replacing_them_keeps_only_the_given_photos()
    {
        using var tmp = new TempDir();
        var album = Album.Open(Path.Combine(tmp.Path, "ws"));
        album.Import(Photos(tmp, 4));
        var ids = PhotoStore.IdsByPath(album.Workspace);
        var rows = ids.Keys.Select((p, i) => (p, i % 2 == 0 ? PhotoLabel.Delete : PhotoLabel.Keep)).ToList();
        album.ReplaceLabels("me", rows, ids.Values.ToHashSet(), "test");
        var csv = Path.Combine(tmp.Path, "out.csv");
        Assert.Equal(4, album.ExportLabels("me", csv));
        Assert.Equal(rows.OrderBy(r => r.p, StringComparer.Ordinal), LabelCsv.Read(csv));

        var only = new HashSet<long> { ids["p001.jpg"] };
        Assert.Equal(1, album.ReplaceLabels("me", rows, only, "test").Applied);
        Assert.Equal([ids["p001.jpg"]], album.Labels("me").Keys);
    }

    [Fact]
    public void An_import_that_would_put_the_workspace_inside_the_album_is_refused_before_any_folder_is_made()
    {
        using var tmp = new TempDir();
        var folder = Photos(tmp, 1);
        var inside = Path.Combine(folder, "ws");
        var e = Assert.Throws<PhotoPrefsException>(() => Album.OpenForImport(folder, inside));
        Assert.Contains("inside the album", e.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(inside));
        Assert.Throws<PhotoPrefsException>(() => Album.OpenForImport(Path.Combine(tmp.Path, "nothing"), Path.Combine(tmp.Path, "ws")));
        Assert.False(Directory.Exists(Path.Combine(tmp.Path, "ws")));
    }

    private sealed class Recorder(List<StageProgress> into) : IProgress<StageProgress>
    {
        public void Report(StageProgress value)
        {
            lock (into)
            {
                into.Add(value);
            }
        }
    }
}
