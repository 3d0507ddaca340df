using PhotoPrefs.Clustering;
using PhotoPrefs.Duplicates;
using PhotoPrefs.Embeddings;
using PhotoPrefs.Evaluation;
using PhotoPrefs.Features;
using PhotoPrefs.SemiSupervised;
using PhotoPrefs.Store;

namespace PhotoPrefs.Suggestions;

/// <summary>
/// The suggestion stage on a workspace: ranks the photos by a user's latest model and gives each its reasons
/// (<see cref="SuggestionReasons"/>). PhotoPrefs itself never deletes, moves or modifies an album file.
/// </summary>
public static class DeletionSuggestions
{
    /// <summary>Builds the ranked list: photos with p(delete) at or above the threshold, highest first, each with its
    /// confidence (p(delete) itself: <see cref="For(Workspace, string, SuggestOptions, IReadOnlyList{DuplicateGroup}?)"/> with that threshold).</summary>
    /// <param name="workspace">The workspace (features computed, a model trained).</param>
    /// <param name="user">The user.</param>
    /// <param name="threshold">Decision threshold on the raw p(delete) (0.5 by default).</param>
    /// <param name="duplicates">
    /// The album's near-duplicate groups when the caller has them (<see cref="AlbumDuplicates.Find"/>); null for the
    /// workspace's stored groups (<see cref="AlbumDuplicates.Stored"/>, searched for when out of date) when every photo has its embedding.
    /// </param>
    /// <returns>The suggestions.</returns>
    /// <exception cref="PhotoPrefsException">No model for the user.</exception>
    public static IReadOnlyList<Suggestion> For(Workspace workspace, string user, double threshold = 0.5, IReadOnlyList<DuplicateGroup>? duplicates = null)
        => For(workspace, user, new SuggestOptions(Threshold: threshold), duplicates);

    /// <summary>
    /// Builds the ranked list: photos whose raw p(delete) is at or above the cut <see cref="Cut"/> chooses, highest first,
    /// each with its confidence (<see cref="Suggestion.Confidence"/>: p(delete), calibrated when asked for) and the signals behind it.
    /// </summary>
    /// <param name="workspace">The workspace (features computed, a model trained).</param>
    /// <param name="user">The user.</param>
    /// <param name="options">Where to cut the list.</param>
    /// <param name="duplicates">The album's near-duplicate groups when the caller has them; null for the stored ones (as the other overload).</param>
    /// <returns>The suggestions.</returns>
    /// <exception cref="PhotoPrefsException">No model for the user, a value out of range, or a target precision for a model without cross-fitted predictions.</exception>
    public static IReadOnlyList<Suggestion> For(Workspace workspace, string user, SuggestOptions options, IReadOnlyList<DuplicateGroup>? duplicates = null)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(options);
        var model = StoredModels.Latest(workspace, user)
            ?? throw new PhotoPrefsException($"no model for user '{user}': run 'photoprefs train --workspace {workspace.Directory} --user {user}' first");
        var cut = Cut(model, options);
        var signals = FeatureExtraction.Signals(workspace);
        var paths = PhotoStore.Paths(workspace);
        var clusters = AlbumClustering.LatestClusters(workspace);
        var reasons = SuggestionReasons.Reasons(signals, paths);
        var copies = duplicates is not null ? SuggestionReasons.CopyReasons(duplicates)
            : HasEmbeddings(workspace, signals.PhotoIds.Count) ? SuggestionReasons.CopyReasons(AlbumDuplicates.Stored(workspace)) : new Dictionary<long, string>();
        var rows = signals.PhotoIds.Select((id, i) => (Id: id, Row: i)).Where(t => model.PDelete.TryGetValue(t.Id, out var p) && p >= cut.Threshold)
            .OrderByDescending(t => model.PDelete[t.Id]).ThenBy(t => t.Id).ToList();
        var result = new List<Suggestion>();
        foreach (var (id, row) in rows)
        {
            var why = reasons[row].ToList();
            if (copies.TryGetValue(id, out var copy))
            {
                why.Add(copy);
            }

            int? cluster = clusters.TryGetValue(id, out var c) ? c : null;
            if (cluster is { } cl)
            {
                why.Add($"cluster {cl}");
            }

            result.Add(new Suggestion(result.Count + 1, id, paths.GetValueOrDefault(id, "?"), model.PDelete[id], why, cluster, cut.Calibration.Apply(model.PDelete[id])));
        }

        return result;
    }

    /// <summary>
    /// Where a model's suggestions are cut, and its calibration: with <see cref="SuggestOptions.Calibrate"/>, Platt scaling
    /// (<see cref="PlattScaling.Fit"/>) of its cross-fitted predictions (<see cref="StoredModel.CrossFit"/>; the identity, with
    /// the reason, for a model without them or too few); otherwise the identity. The cut is
    /// <see cref="SuggestOptions.Threshold"/> when given; else the operating point for <see cref="SuggestOptions.Precision"/>
    /// on the cross-fitted predictions (<see cref="OperatingPoint.ForPrecision"/>, never below
    /// <see cref="OperatingPoint.PlainThreshold"/>); else <see cref="OperatingPoint.PlainThreshold"/>.
    /// </summary>
    /// <param name="model">The stored model.</param>
    /// <param name="options">Settings.</param>
    /// <returns>The cut.</returns>
    /// <exception cref="PhotoPrefsException">A value out of range, or a target precision for a model without cross-fitted predictions.</exception>
    public static SuggestionCut Cut(StoredModel model, SuggestOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var crossFit = model.CrossFit ?? [];
        var scores = crossFit.Select(c => c.PDelete).ToArray();
        var deletes = crossFit.Select(c => c.Delete).ToArray();
        var calibration = !options.Calibrate ? Calibration.Identity("the model's own p(delete); Platt scaling on the cross-fitted labels when asked for", scores.Length, deletes.Count(d => d))
            : model.CrossFit is null ? Calibration.Identity("the model was trained without cross-fitted predictions")
            : PlattScaling.Fit(scores, deletes);
        if (options.Threshold is { } threshold)
        {
            return new SuggestionCut(threshold, calibration, null, $"p(delete) at or above {threshold:0.###}, as asked");
        }

        if (options.Precision is { } target)
        {
            if (model.CrossFit is null)
            {
                throw new PhotoPrefsException($"the model of '{model.User}' has no cross-fitted predictions to choose a cut for a precision on: train it again ('photoprefs train' cross-fits its labels unless --folds 0)");
            }

            var point = OperatingPoint.ForPrecision(scores, deletes, target, OperatingPoint.PlainThreshold);
            return new SuggestionCut(point.Threshold, calibration, point, $"the cut for precision {target:0.###} on {scores.Length} cross-fitted labels{(point.Met ? "" : ", not reached: the cut with the best precision")}");
        }

        return new SuggestionCut(OperatingPoint.PlainThreshold, calibration, null, $"p(delete) at or above {OperatingPoint.PlainThreshold:0.0}");
    }

    /// <summary>The expected precision of a list: the mean confidence (<see cref="Suggestion.Confidence"/>) of its photos, the
    /// share of them the person can be expected to delete when that confidence is calibrated. NaN for an empty list.</summary>
    /// <param name="suggestions">The list.</param>
    /// <returns>The expected precision, 0 to 1.</returns>
    public static double ExpectedPrecision(IReadOnlyList<Suggestion> suggestions)
    {
        ArgumentNullException.ThrowIfNull(suggestions);
        return suggestions.Count == 0 ? double.NaN : suggestions.Average(s => s.Confidence);
    }

    // Copies are named only where every photo has its embedding and hash ('photoprefs features' computes both).
    private static bool HasEmbeddings(Workspace workspace, int photos)
    {
        long Count(string kind, int version) => FeatureStore.Count(workspace, kind, version);
        return Count(EmbeddingExtraction.Kind, ImageEmbedder.Version) >= photos && Count(FeatureKinds.Hash, FeatureKinds.Version) >= photos;
    }
}
