using PhotoPrefs.Features;

namespace PhotoPrefs.Duplicates;

/// <summary>A group of near-duplicates and the photo to keep.</summary>
/// <param name="Kind">What the group holds.</param>
/// <param name="Keep">The photo to keep.</param>
/// <param name="Members">Every photo of the group, the one to keep first, then by path.</param>
/// <param name="Reasons">Why that one is kept, in words.</param>
public sealed record DuplicateGroup(DuplicateKind Kind, DuplicatePhoto Keep, IReadOnlyList<DuplicatePhoto> Members, IReadOnlyList<string> Reasons);

/// <summary>A photo in a duplicate group, with what the keep-best pick weighs.</summary>
/// <param name="PhotoId">The photo.</param>
/// <param name="Path">Its path in the album.</param>
/// <param name="Width">Width as shown, in pixels.</param>
/// <param name="Height">Height as shown, in pixels.</param>
/// <param name="EdgeWidth">Edge width in pixels (<see cref="ImageStats.EdgeWidth"/>; smaller is sharper).</param>
/// <param name="Clipped">Share of pixels clipped to black or white.</param>
public sealed record DuplicatePhoto(long PhotoId, string Path, int Width, int Height, double EdgeWidth, double Clipped);
