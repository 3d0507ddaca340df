namespace PhotoPrefs.SemiSupervised;

/// <summary>A model stored in the workspace.</summary>
/// <param name="Id">Row id in <c>models</c>.</param>
/// <param name="User">Its user.</param>
/// <param name="Labels">Labels it was trained on.</param>
/// <param name="Steps">Training steps.</param>
/// <param name="History">Training history (of the first member, when several models were averaged).</param>
/// <param name="PDelete">p(delete) for every photo, by photo id: the members' mean.</param>
/// <param name="Members">Models trained and averaged.</param>
/// <param name="CrossFit">The labeled photos' cross-fitted p(delete) (<see cref="AlbumTraining.CrossFit"/>), those of folds that could
/// not train left out; null when the model was trained without cross-fitting.</param>
public sealed record StoredModel(long Id, string User, int Labels, int Steps, IReadOnlyList<TrainingRecord> History, IReadOnlyDictionary<long, double> PDelete, int Members = 1, IReadOnlyList<CrossFitted>? CrossFit = null);

/// <summary>What is stored next to a model's weights (the JSON of its <c>models</c> row).</summary>
/// <param name="User">User.</param>
/// <param name="Labels">Labels trained on.</param>
/// <param name="Options">Settings.</param>
/// <param name="Signals">Side-input signal names.</param>
/// <param name="History">Training history of the first member.</param>
/// <param name="Members">Models averaged (1 when the stored record does not say).</param>
/// <param name="CrossFit">The labeled photos' cross-fitted p(delete), or null (a model trained without, or stored before them).</param>
public sealed record ModelMeta(string User, int Labels, FixMatchOptions Options, IReadOnlyList<string> Signals, IReadOnlyList<TrainingRecord> History, int Members = 1, IReadOnlyList<CrossFitted>? CrossFit = null);
