using PhotoPrefs.Features;

namespace PhotoPrefs.SemiSupervised;

/// <summary>An album ready for the network: photos in id order, as small RGB images plus standardised signals.</summary>
/// <param name="PhotoIds">Photo ids.</param>
/// <param name="Paths">Paths relative to the album, with '/'.</param>
/// <param name="Images">The images (side values: <see cref="PhotoSignals.Standardized"/>).</param>
/// <param name="Signals">The raw signals.</param>
public sealed record AlbumImages(long[] PhotoIds, string[] Paths, ImageSet Images, PhotoSignals Signals)
{
    /// <summary>Row of each photo id.</summary>
    /// <returns>The map.</returns>
    public Dictionary<long, int> RowsById() => PhotoIds.Select((id, i) => (id, i)).ToDictionary(t => t.id, t => t.i);
}
