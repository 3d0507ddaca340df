using PhotoPrefs.Albums;
using PhotoPrefs.Suggestions;
using PhotoPrefs.Clustering;
using PhotoPrefs.Evaluation;
using PhotoPrefs.Store;
using Spectre.Console;

namespace PhotoPrefs.Cli.Commands;

/// <summary>How the verbs print the pipeline's records; shared, so that the demo prints each stage as its verb does.</summary>
internal static class Output
{
    public static void Import(ImportSummary s)
    {
        Console.WriteLine($"found {s.Found} image files: {s.Added} added, {s.Updated} updated, {s.Moved} moved, {s.Unchanged} unchanged, {s.Skipped.Count} skipped, {s.Missing} missing ({s.Elapsed.TotalSeconds:F1} s)");
        foreach (var k in s.Skipped)
        {
            Console.WriteLine($"  skipped {k.RelativePath}: {k.Reason}");
        }
    }

    public static void Workspace(WorkspaceSummary s)
    {
        Console.WriteLine($"workspace {s.WorkspaceFolder} (schema {s.SchemaVersion})");
        Console.WriteLine($"photos    {s.Photos} ({string.Join(", ", s.Formats.Select(f => $"{f.Value} {f.Key}"))})");
        if (s.FirstTaken is { } first && s.LastTaken is { } last)
        {
            Console.WriteLine($"taken     {first:yyyy-MM-dd} .. {last:yyyy-MM-dd}");
        }

        Console.WriteLine($"compressed {s.CompressedBytes / 1024.0:F1} KiB in all, {(s.Photos > 0 ? s.CompressedBytes / (double)s.Photos : 0):F0} bytes a photo");
        Console.WriteLine($"missing   {s.Missing}");
        Console.WriteLine($"skipped   {s.Skipped.Count}");
        foreach (var k in s.Skipped)
        {
            Console.WriteLine($"  {k.RelativePath}: {k.Reason}");
        }

        foreach (var (user, counts) in s.Labels)
        {
            Console.WriteLine($"labels {user}: {counts.Keep} keep, {counts.Delete} delete");
        }
    }

    public static void Clustering(AlbumClusteringResult result)
    {
        var table = new Table().AddColumns("k", "inertia", "silhouette", "Davies-Bouldin", "Calinski-Harabasz", "");
        foreach (var s in result.Sweep)
        {
            table.AddRow(s.K.ToString(), s.Inertia.ToString("F1"), s.Silhouette.ToString("F3"), s.DaviesBouldin.ToString("F3"), s.CalinskiHarabasz.ToString("F1"), s.K == result.ChosenK ? "[green]chosen[/]" : "");
        }

        AnsiConsole.Write(table);
        Console.WriteLine($"chosen k = {result.ChosenK} (smallest rank sum of silhouette and Davies-Bouldin); {result.Representatives.Count} representatives stored to label first");
    }

    public static void Suggestions(IReadOnlyList<Suggestion> list, string user, SuggestionCut cut, int top)
    {
        var table = new Table().AddColumns("#", "p(delete)", "confidence", "photo", "why");
        foreach (var s in top > 0 ? list.Take(top) : list)
        {
            table.AddRow(s.Rank.ToString(), s.PDelete.ToString("F3"), s.Confidence.ToString("F3"), Markup.Escape(s.File), Markup.Escape(string.Join(", ", s.Reasons)));
        }

        AnsiConsole.Write(table);
        Console.WriteLine($"suggest: {list.Count} photos for {user}, cut at p(delete) {cut.Threshold:F3} ({cut.Rule}); album files are never modified");
        Console.WriteLine(list.Count == 0 ? "suggest: no photo listed, no precision to expect"
            : $"suggest: expected precision of the list {DeletionSuggestions.ExpectedPrecision(list):F3} (the mean confidence: about {DeletionSuggestions.ExpectedPrecision(list) * list.Count:F0} of the {list.Count} are photos {user} would delete)");
        Calibration(cut);
    }

    public static void Reliability(string user, StudyCalibration c)
    {
        static string Cell(ReliabilityBin b) => b.Count == 0 ? "-" : $"{b.MeanPredicted:F2} / {b.ObservedRate:F2}";
        var table = new Table().AddColumns("user", "p(delete)", "photos", "raw: predicted / observed", "calibrated: photos", "predicted / observed");
        for (int i = 0; i < c.Before.Count; i++)
        {
            var (before, after) = (c.Before[i], c.After[i]);
            table.AddRow(user, $"{before.Low:F1}-{before.High:F1}", before.Count.ToString(), Cell(before), after.Count.ToString(), Cell(after));
        }

        AnsiConsole.Write(table);
        var runs = c.Runs;
        Console.WriteLine($"study: {user}: expected calibration error {c.ErrorBefore:F3} raw, {c.ErrorAfter:F3} calibrated (test photos of {runs.Count} seeds); cut for precision {(runs.Count > 0 ? runs[0].Point.Target : double.NaN):0.##} per seed: "
            + string.Join(", ", runs.Select(r => $"{r.Point.Threshold:F3} ({r.Listed} listed, expected precision {r.ExpectedPrecisionRaw:F3} raw, {r.ExpectedPrecision:F3} calibrated, observed {r.ObservedPrecision:F3})")));
    }

    public static void Calibration(SuggestionCut cut)
    {
        var c = cut.Calibration;
        Console.WriteLine(c.Fitted
            ? $"calibration: confidence = sigmoid({c.Slope:F3} x logit(p) {(c.Intercept < 0 ? "-" : "+")} {Math.Abs(c.Intercept):F3}), Platt scaling on {c.Examples} cross-fitted labels ({c.Deletes} delete)"
            : $"calibration: none, confidence = p(delete): {c.Fallback}");
        if (cut.Point is { } p)
        {
            Console.WriteLine($"operating point: precision {p.Precision:F3}, recall {p.Recall:F3} on the cross-fitted labels at the cut{(p.Met ? "" : $" (the target {p.Target:0.###} was not reached)")}");
        }
    }

    public static void Study(StudyResult result)
    {
        var table = new Table().AddColumns("user", "variant", "F1 mean", "F1 std", "precision", "recall", "accuracy", "TP/FP/TN/FN (all seeds)");
        foreach (var u in result.Users)
        {
            foreach (var v in new[] { u.Main }.Concat(u.Ablations.Values))
            {
                var c = v.Confusion;
                table.AddRow(u.User, v.Name, v.F1Mean.ToString("F3"), v.F1Std.ToString("F3"), v.PrecisionMean.ToString("F3"), v.RecallMean.ToString("F3"), v.AccuracyMean.ToString("F3"), $"{c.TruePositives}/{c.FalsePositives}/{c.TrueNegatives}/{c.FalseNegatives}");
            }
        }

        AnsiConsole.Write(table);
        foreach (var u in result.Users.Where(u => u.TrainingSeconds is { Count: > 0 }))
        {
            Console.WriteLine($"study: {u.User}: {u.TrainingSeconds!.Average():F1} s per training (FixMatch on the 45 labels, mean of {u.TrainingSeconds!.Count} seeds)");
        }

        foreach (var u in result.Users.Where(u => u.Calibration is not null))
        {
            Reliability(u.User, u.Calibration!);
        }

        Console.WriteLine($"study: {result.Seconds:F0} s");
    }
}
