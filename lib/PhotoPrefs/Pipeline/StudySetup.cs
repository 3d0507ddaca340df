using PhotoPrefs.Albums;
using PhotoPrefs.Clustering;
using PhotoPrefs.Evaluation;
using PhotoPrefs.Store;

namespace PhotoPrefs.Pipeline;

/// <summary>What <see cref="Album.Study"/> evaluates.</summary>
/// <param name="AlbumFolder">The album folder.</param>
/// <param name="LabelsFolder">A folder of <c>&lt;user&gt;.csv</c> files with every photo's true label (<see cref="LabelCsv"/>).</param>
/// <param name="Users">The users to evaluate, each with a CSV in <paramref name="LabelsFolder"/>.</param>
/// <param name="Options">The protocol and the training settings.</param>
/// <param name="Clusters">Clusters of the training photos the labeled photos are drawn from, 1 to <see cref="StudyOptions.Labeled"/>;
/// 0 for the album's k as <see cref="Album.Cluster"/> chooses it.</param>
public sealed record StudySetup(string AlbumFolder, string LabelsFolder, IReadOnlyList<string> Users, StudyOptions Options, int Clusters)
{
    /// <summary>The default of <see cref="Clusters"/>: as many as <see cref="Album.Cluster"/> spreads its picks over.</summary>
    public static int DefaultClusters => AlbumClustering.PickClusters(45);
}

/// <summary>A finished study with what identifies its album.</summary>
/// <param name="Result">Per user: the main protocol and its ablations over every seed.</param>
/// <param name="Imported">What the import did first.</param>
/// <param name="Clusters">The clusters the labeled photos were drawn from.</param>
/// <param name="Photos">Photos in the album.</param>
/// <param name="Fingerprint">The album's fingerprint (<see cref="WorkspaceSummary.AlbumFingerprint"/>).</param>
/// <param name="Paths">Each photo's path, by id.</param>
/// <param name="Truth">Per user: the number of true labels and of deletions among them.</param>
public sealed record StudyRun(StudyResult Result, ImportSummary Imported, int Clusters, int Photos, string Fingerprint, IReadOnlyDictionary<long, string> Paths, IReadOnlyDictionary<string, (int Labels, int Deletes)> Truth)
{
    /// <summary>The study as the record <c>photoprefs study --json</c> prints.</summary>
    /// <returns>The JSON record.</returns>
    public StudyJson ToJson() => StudyJson.From(this);
}
