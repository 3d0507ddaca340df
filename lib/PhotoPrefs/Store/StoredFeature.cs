namespace PhotoPrefs.Store;

/// <summary>One row of the <c>features</c> table, without its values.</summary>
/// <param name="PhotoId">The photo.</param>
/// <param name="Kind">The feature kind (a <see cref="Features.FeatureKinds"/> name, or an embedding kind).</param>
/// <param name="Version">The version of the kind's definition it was computed under.</param>
public sealed record StoredFeature(long PhotoId, string Kind, int Version);
