namespace PhotoPrefs.Store;

/// <summary>A row of the <c>models</c> table: a trained model or a training checkpoint of one user.</summary>
/// <param name="Id">Row id.</param>
/// <param name="User">The user's profile name.</param>
/// <param name="Kind">What the row holds (the training stage names its kinds, for example a model and a checkpoint).</param>
/// <param name="MetaJson">The JSON stored next to the data (settings, history; the stage that wrote it reads it).</param>
/// <param name="Data">The stored bytes (weights, or a checkpoint's training state).</param>
public sealed record ModelRow(long Id, string User, string Kind, string MetaJson, byte[] Data);
