using PhotoPrefs.Clustering;
using PhotoPrefs.Features;
using PhotoPrefs.SemiSupervised;

namespace PhotoPrefs.Pipeline;

/// <summary>Settings of <see cref="Album.ComputeFeatures"/>.</summary>
/// <param name="Kinds">Feature kinds to compute (<see cref="FeatureKinds.All"/> when null).</param>
/// <param name="Embeddings">Also the pretrained image embeddings and the weak and strong views training uses.</param>
public sealed record FeatureOptions(IReadOnlyList<string>? Kinds = null, bool Embeddings = true);

/// <summary>What <see cref="Album.ComputeFeatures"/> computed; what was stored before is not counted.</summary>
/// <param name="Values">Feature rows written (photos times kinds), the PCA rows, refitted on every run, among them.</param>
/// <param name="Embeddings">Photos embedded.</param>
/// <param name="Views">Photos whose training views were embedded.</param>
/// <param name="Elapsed">Wall time.</param>
public sealed record FeatureRun(int Values, int Embeddings, int Views, TimeSpan Elapsed);

/// <summary>Settings of <see cref="Album.Cluster"/>.</summary>
/// <param name="Features">Feature kinds joined by '+' that K-means runs on.</param>
/// <param name="KMin">Smallest k of the sweep.</param>
/// <param name="KMax">Largest k of the sweep.</param>
/// <param name="Budget">Photos to pick for labeling first.</param>
/// <param name="Seed">Seed of K-means++.</param>
/// <param name="PickFeatures">Features the photos to label are picked on: <see cref="Auto"/> (<see cref="AlbumClustering.PickFeatures"/>
/// when every photo has its embedding, else the chosen clustering's representatives), null for the latter always, or kinds joined by '+'.</param>
public sealed record ClusterOptions(
    string Features = AlbumClustering.DefaultFeatures,
    int KMin = 2,
    int KMax = 25,
    int Budget = 45,
    int Seed = 0,
    string? PickFeatures = ClusterOptions.Auto)
{
    /// <summary>The value of <see cref="PickFeatures"/> that picks on embeddings when they are all there.</summary>
    public const string Auto = "auto";
}

/// <summary>Settings of <see cref="Album.Train"/>.</summary>
/// <param name="FixMatch">FixMatch's settings (<see cref="AlbumTraining.Defaults"/> when null).</param>
/// <param name="Members">Models trained, each with its own seed, and averaged.</param>
/// <param name="Folds">Folds the labels are cross-fitted in after training (<see cref="AlbumTraining.CrossFit"/>), for the
/// calibration of p(delete) and the operating point of the suggestions; at most the number of labels is used, and 0 or 1 skips it
/// (then p(delete) is shown as it is and no target precision can be asked for).</param>
public sealed record TrainOptions(FixMatchOptions? FixMatch = null, int Members = AlbumTraining.DefaultMembers, int Folds = AlbumTraining.DefaultFolds);

/// <summary>Settings of a review session (<see cref="Album.Review"/>).</summary>
/// <param name="RetrainEvery">Retrain in the background once this many answers arrived since the last training began (at least 1).</param>
/// <param name="Window">The live precision is taken over this many of the latest review answers (at least 1).</param>
/// <param name="Training">How each model is trained (<see cref="Album.Train"/>'s defaults when null).</param>
/// <param name="Cut">Which photos are suggestions (<see cref="Suggestions.DeletionSuggestions.Cut"/>; the model's default cut when null).</param>
public sealed record ReviewOptions(int RetrainEvery = ReviewOptions.DefaultRetrainEvery, int Window = ReviewOptions.DefaultWindow, TrainOptions? Training = null, Suggestions.SuggestOptions? Cut = null)
{
    /// <summary>The default of <see cref="RetrainEvery"/>.</summary>
    public const int DefaultRetrainEvery = 10;

    /// <summary>The default of <see cref="Window"/>.</summary>
    public const int DefaultWindow = 20;
}
