using PhotoPrefs.Features;

namespace PhotoPrefs.Duplicates;

/// <summary>What <see cref="DuplicateFinder.Find"/> knows of one photo, besides its embedding.</summary>
/// <param name="Photo">The photo as a group member: path, size as shown, edge width, clipped share.</param>
/// <param name="ContentHash">Hash of the file's bytes (equal for byte-identical files), or null.</param>
/// <param name="TakenAt">Capture time as stored, or null.</param>
/// <param name="KnownTime">Whether the capture time is known (from EXIF or the file name, not the file's own time).</param>
/// <param name="Burst">Its burst group (<see cref="PhotoSignals.Burst"/>), or -1 for none.</param>
/// <param name="PHash">Its 64-bit perceptual hash (<see cref="FeatureExtraction.Hashes"/>).</param>
public sealed record DuplicateInput(DuplicatePhoto Photo, string? ContentHash, string? TakenAt, bool KnownTime, int Burst, ulong PHash);
