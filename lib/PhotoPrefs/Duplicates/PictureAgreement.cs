namespace PhotoPrefs.Duplicates;

/// <summary>What <see cref="PictureMatch.Compare"/> found.</summary>
/// <param name="Agreement">
/// Of the tiles that match the other photo somewhere near, the share that match best in place once the two
/// are lined up: 1 for one picture, lower for two shots of one scene, whose tiles have moved.
/// </param>
/// <param name="Tiles">How many tiles matched the other photo somewhere near (of 64); few for a clear sky, a blank page or darkness.</param>
/// <param name="Detailed">How many tiles had detail (of 64); those of them that matched nowhere show what differs.</param>
/// <param name="Coverage">
/// The share of each side of the larger view that the smaller one spans once lined up (the smaller of width and
/// height): 1 for one field of view, lower for a crop or a zoom.
/// </param>
public sealed record PictureAgreement(double Agreement, int Tiles, int Detailed, double Coverage)
{
    /// <summary>Of the tiles with detail, the share that matched somewhere near: low where content differs (another text, another face), not only its place.</summary>
    public double Matched => Detailed == 0 ? 0 : Tiles / (double)Detailed;

    /// <summary>Fewest tiles for the agreement to count as evidence.</summary>
    public const int FewestTiles = 8;

    /// <summary>Whether enough tiles had detail for <see cref="Agreement"/> to decide.</summary>
    public bool Decides => Tiles >= FewestTiles;
}
