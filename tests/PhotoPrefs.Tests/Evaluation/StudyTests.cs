using PhotoPrefs.Albums;
using PhotoPrefs.Clustering;
using PhotoPrefs.Evaluation;
using PhotoPrefs.Features;
using PhotoPrefs.SemiSupervised;
using PhotoPrefs.Tests.Clustering;
using PhotoPrefs.Store;

namespace PhotoPrefs.Tests.Evaluation;

/// <summary>The study protocol end to end on a slice of the sample album: small, seeded, every variant.</summary>
public sealed class StudyTests
{
    [Fact]
    public void A_small_seeded_study_runs_every_variant_and_repeats_exactly()
    {
        using var tmp = new TempDir();
        var album = AlbumClusteringTests.CopySlice(tmp, 5);
        var source = AlbumClusteringTests.DataSampleAlbum();

        var ws = Workspace.Open(Path.Combine(tmp.Path, "ws"));
        AlbumImporter.Import(album, ws);
        FeatureExtraction.Compute(ws);
        AlbumLoader.EnsureInputs(ws, FixMatchInput.Views);
        var data = AlbumLoader.Load(ws, FixMatchInput.Views);
        var (ids, features, d) = AlbumClustering.Combine(ws, AlbumClustering.DefaultFeatures);
        Assert.Equal(data.PhotoIds, ids);
        var byPath = LabelStore.PhotoIdsByPath(ws);
        var truthRows = LabelCsv.Read(Path.Combine(Path.GetDirectoryName(source)!, "labels", "J.csv"));
        var truth = new Dictionary<string, IReadOnlyDictionary<long, bool>>
        {
            ["J"] = truthRows.Where(r => byPath.ContainsKey(r.File)).ToDictionary(r => byPath[r.File], r => r.Label == PhotoLabel.Delete),
        };
        var options = new StudyOptions(Labeled: 16, Unlabeled: 40, Test: 20, Seeds: 2, Training: AlbumTraining.Defaults with { Steps = 24, Width = 8 }, ActiveLabels: 5, Members: 1, Calibration: true);

        var result = Study.Run(data, features, d, 6, truth, options);
        var j = Assert.Single(result.Users);
        Assert.Equal("J", j.User);
        Assert.Equal(2, j.Main.F1.Length);
        Assert.Equal(40, j.Main.Confusion.Total); // 20 test photos x 2 seeds
        Assert.Equal([Study.ActiveRandom, Study.ActiveUncertainty, Study.FewDeletesRule, Study.PrecisionTarget, Study.RandomLabels, Study.SupervisedOnly, Study.TunedThreshold], j.Ablations.Keys.Order(StringComparer.Ordinal));

        // Calibration: every test photo of both seeds in the 5 bins, before and after; the cut for the target precision
        // never below the plain 0.5, and the test scores cut there give that variant's confusion matrix.
        var calibration = j.Calibration!;
        Assert.Equal(5, calibration.Before.Count);
        Assert.Equal(40, calibration.Before.Sum(b => b.Count));
        Assert.Equal(40, calibration.After.Sum(b => b.Count));
        Assert.Equal(j.TestScores.Select(t => t.Score).Average(), calibration.Before.Where(b => b.Count > 0).Sum(b => b.MeanPredicted * b.Count) / 40, 9);
        Assert.Equal([0, 1], calibration.Runs.Select(r => r.Seed));
        Assert.All(calibration.Runs, r => Assert.InRange(r.Point.Threshold, 0.5, 1));
        Assert.Equal(calibration.Runs.Select(r => r.Point.Threshold), j.Ablations[Study.PrecisionTarget].Thresholds);
        for (int s = 0; s < 2; s++)
        {
            var seedScores = j.TestScores.Skip(20 * s).Take(20).ToList();
            Assert.Equal(ConfusionMatrix.At([.. seedScores.Select(t => t.Truth)], [.. seedScores.Select(t => t.Score)], calibration.Runs[s].Point.Threshold).F1, j.Ablations[Study.PrecisionTarget].F1[s], 12);
            Assert.Equal(seedScores.Count(t => t.Score >= calibration.Runs[s].Point.Threshold), calibration.Runs[s].Listed);
            var listed = seedScores.Where(t => t.Score >= calibration.Runs[s].Point.Threshold).ToList();
            if (listed.Count > 0)
            {
                Assert.Equal(listed.Average(t => t.Score), calibration.Runs[s].ExpectedPrecisionRaw, 12);
            }
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => Study.Run(data, features, d, 6, truth, options with { Precision = 0 }));

        // Active learning: per seed, 5 more labels each way, the deletions among them counted from the truth.
        Assert.Equal(2, j.ActiveLearning!.Count);
        Assert.All(j.ActiveLearning, a => Assert.Equal(5, a.Added));
        Assert.All(j.ActiveLearning, a => Assert.InRange(a.DeletesByUncertainty, 0, 5));
        Assert.All(j.Ablations.Values, v => Assert.Equal(40, v.Confusion.Total));
        Assert.All(j.Ablations[Study.TunedThreshold].Thresholds, t => Assert.InRange(t, 0.5, 1)); // tuned for precision: never below the plain 0.5
        Assert.Equal(40, j.TestScores.Count);
        Assert.NotEmpty(j.History);

        // Every wrong judgement of the main model is listed, with the user's label and the score behind it.
        var mistakes = j.Mistakes!;
        Assert.Equal(j.Main.Confusion.FalsePositives + j.Main.Confusion.FalseNegatives, mistakes.Count);
        Assert.All(mistakes, m => Assert.Equal(m.Delete, truth["J"][m.PhotoId]));
        Assert.All(mistakes, m => Assert.NotEqual(m.Delete, m.Score >= 0.5));

        // Seeded: the same study gives the same numbers.
        var again = Study.Run(data, features, d, 6, truth, options with { Ablations = false });
        Assert.Equal(j.Main.F1, again.Users[0].Main.F1);
        Assert.Equal(j.TestScores, again.Users[0].TestScores);

        // A series split over runs: seed 1 on its own is the second run of the whole.
        var second = Study.Run(data, features, d, 6, truth, options with { Ablations = false, Seeds = 1, FirstSeed = 1 }).Users[0];
        Assert.Equal(j.Main.F1[1], Assert.Single(second.Main.F1));
        Assert.Equal(j.TestScores.Skip(20), second.TestScores);
        Assert.All(second.Mistakes!, m => Assert.Equal(1, m.Seed));
        Assert.Throws<ArgumentOutOfRangeException>(() => Study.Run(data, features, d, 6, truth, options with { FirstSeed = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Study.Run(data, features, d, 6, truth, options with { Members = 0 }));

        // An ensemble: member 0 is the single model, member 1 the model of the next seed stride, and the ensemble's
        // p(delete) is their mean; a study of two members gives other scores than one of one member.
        var labeledRows = Enumerable.Range(0, data.PhotoIds.Length).Where(r => truth["J"].ContainsKey(data.PhotoIds[r])).Take(16).ToArray();
        var deletes = labeledRows.Select(r => truth["J"][data.PhotoIds[r]]).ToArray();
        Assert.Contains(true, deletes);
        Assert.Contains(false, deletes);
        var training = options.Training! with { Seed = 3 };
        var members = AlbumTraining.FitMembers(data, labeledRows, deletes, 2, training);
        Assert.Equal(2, members.Count);
        var first = AlbumTraining.PDelete(AlbumTraining.Fit(data, labeledRows, deletes, training), data);
        var next = AlbumTraining.PDelete(AlbumTraining.Fit(data, labeledRows, deletes, training with { Seed = 3 + AlbumTraining.MemberSeedStride }), data);
        Assert.Equal(first, AlbumTraining.PDelete(members[0], data));
        Assert.NotEqual(first, next);
        var mean = AlbumTraining.PDelete(members, data);
        for (int i = 0; i < mean.Length; i++)
        {
            Assert.Equal((first[i] + next[i]) / 2, mean[i], 12);
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => AlbumTraining.FitMembers(data, labeledRows, deletes, 0, training));

        // Cross-fitting: fold 0's labels (positions 0, 3, 6 …) are scored by a model trained on the other folds' labels
        // only, with the same steps and the fold's seed.
        var crossFit = AlbumTraining.CrossFit(data, labeledRows, deletes, 3, 1, training);
        Assert.Equal(16, crossFit.Length);
        var held = Enumerable.Range(0, 16).Where(i => i % 3 == 0).ToArray();
        var rest = Enumerable.Range(0, 16).Where(i => i % 3 != 0).ToArray();
        var fold0 = AlbumTraining.Fit(data, [.. rest.Select(i => labeledRows[i])], [.. rest.Select(i => deletes[i])], training with { Seed = 3 + 1000 });
        Assert.Equal(AlbumTraining.PDelete(fold0, data, [.. held.Select(i => labeledRows[i])]), held.Select(i => crossFit[i]));
        Assert.Throws<ArgumentOutOfRangeException>(() => AlbumTraining.CrossFit(data, labeledRows, deletes, 1, 1, training));
        Assert.Throws<ArgumentException>(() => AlbumTraining.PDelete(Array.Empty<FixMatchTrainer>(), data));
        var pair = Study.Run(data, features, d, 6, truth, options with { Ablations = false, Seeds = 1, Members = 2 }).Users[0];
        Assert.Equal(20, pair.TestScores.Count);
        Assert.NotEqual(j.TestScores.Take(20), pair.TestScores);
    }

    [Fact]
    public void Representatives_come_from_the_pool_only()
    {
        var rng = new Random(1);
        var features = Enumerable.Range(0, 40 * 3).Select(_ => (float)rng.NextDouble()).ToArray();
        int[] pool = [.. Enumerable.Range(10, 25)];
        var reps = Study.RepresentativeRows(features, 3, pool, 4, 8, 0);
        Assert.Equal(8, reps.Length);
        Assert.All(reps, r => Assert.Contains(r, pool));
        Assert.Equal(reps.Length, reps.Distinct().Count());

        // With condition coverage, the extra picks come from the pool too, and the outlying condition is among them.
        var side = new float[40 * 2];
        side[(20 * 2) + 1] = 50; // row 20 (in the pool) has an extreme second signal
        side[(3 * 2) + 1] = 90; // row 3 is outside the pool: never picked however extreme
        var conditions = new ImageSet(new float[40], 40, 1, 1, 1, side, 2);
        var covered = Study.RepresentativeRows(features, 3, pool, 4, 8, 0, conditions);
        Assert.Equal(8, covered.Length);
        Assert.All(covered, r => Assert.Contains(r, pool));
        Assert.Equal(covered.Length, covered.Distinct().Count());
        Assert.Contains(20, covered);
    }
}
