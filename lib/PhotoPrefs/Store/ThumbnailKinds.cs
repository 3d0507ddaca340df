namespace PhotoPrefs.Store;

/// <summary>Names of the stored thumbnail kinds.</summary>
public static class ThumbnailKinds
{
    /// <summary>A JPEG of at most 256 pixels on its longer side, quality 90: for features and display.</summary>
    public const string Thumb = "thumb";

    /// <summary>The byte-target JPEG (about 3 KB by default).</summary>
    public const string Compressed = "compressed";

    /// <summary>
    /// A grayscale JPEG at the working size (512 pixels on the longer side by default), quality 92: sharpness is
    /// measured on it, since blur that is plain at this size has mostly vanished from the 256-pixel thumbnail.
    /// </summary>
    public const string Detail = "detail";

    /// <summary>JPEG quality of <see cref="Detail"/>.</summary>
    public const int DetailQuality = 92;
}
