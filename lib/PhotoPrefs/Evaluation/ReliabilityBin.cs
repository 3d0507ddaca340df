namespace PhotoPrefs.Evaluation;

/// <summary>One bin of a reliability table (<see cref="Reliability.Table"/>): the photos whose p(delete) fell in it,
/// their mean p(delete) and the share of them that were deletions.</summary>
/// <param name="Low">The bin's lower edge (inclusive).</param>
/// <param name="High">Its upper edge (exclusive, but for the last bin's 1).</param>
/// <param name="Count">Photos in the bin.</param>
/// <param name="MeanPredicted">Their mean p(delete); NaN when the bin is empty.</param>
/// <param name="ObservedRate">The share of deletions among them; NaN when the bin is empty.</param>
public sealed record ReliabilityBin(double Low, double High, int Count, double MeanPredicted, double ObservedRate);
