namespace PhotoPrefs.SemiSupervised;

/// <summary>A labeled photo's cross-fitted p(delete): the mean p(delete) of models trained without that photo's label
/// (<see cref="AlbumTraining.CrossFit"/>).</summary>
/// <param name="PhotoId">The photo.</param>
/// <param name="Delete">Its label: true for delete.</param>
/// <param name="PDelete">p(delete) of the models that did not see its label.</param>
public sealed record CrossFitted(long PhotoId, bool Delete, double PDelete);
