using System.Globalization;

namespace PhotoPrefs.Sample;

/// <summary>What a generated photo shows.</summary>
public enum SampleKind
{
    /// <summary>Landscape: sky, sun or clouds, hills, textured ground.</summary>
    Outdoor,

    /// <summary>A plate of food-like shapes on a table, close up.</summary>
    Food,

    /// <summary>A simple figure (head, hair, shoulders) against a background.</summary>
    Portrait,

    /// <summary>A paper document or receipt with lines of text, seen in slight perspective.</summary>
    Document,

    /// <summary>A phone screenshot of an app (status bar, list rows, text). PNG.</summary>
    Screenshot,

    /// <summary>A phone screenshot of a chat (bubbles with text). PNG.</summary>
    Chat,

    /// <summary>A picture with big outlined captions, as forwarded memes are.</summary>
    Meme,

    /// <summary>An accidental shot of a floor or ceiling, with motion blur.</summary>
    Floor,
}

/// <summary>One generated photo and the hidden attributes the simulated users' rules read.</summary>
/// <param name="File">Album-relative path, '/' separated.</param>
/// <param name="Kind">What it shows.</param>
/// <param name="Blurred">Out of focus or shaken (accidental floor shots are always blurred).</param>
/// <param name="Dark">A pocket shot: almost black.</param>
/// <param name="Overexposed">Blown highlights.</param>
/// <param name="BurstId">The burst it belongs to, or null.</param>
/// <param name="BurstRank">0 for the best (sharpest) shot of its burst, 1.. for the others; 0 outside bursts.</param>
/// <param name="TakenAt">Capture time, written to EXIF DateTimeOriginal.</param>
/// <param name="Width">Upright width in pixels.</param>
/// <param name="Height">Upright height in pixels.</param>
public sealed record SamplePhoto(string File, SampleKind Kind, bool Blurred, bool Dark, bool Overexposed, int? BurstId, int BurstRank, DateTime TakenAt, int Width, int Height)
{
    /// <summary>
    /// The one category a person would file it under: <c>dark</c>, <c>blurred</c>, <c>overexposed</c>,
    /// <c>burst</c> (for burst members), else the kind in lower case.
    /// </summary>
    public string Category =>
        Dark ? "dark"
        : Blurred && Kind != SampleKind.Floor ? "blurred"
        : Overexposed ? "overexposed"
        : BurstId is not null ? "burst"
        : Kind.ToString().ToLowerInvariant();

    /// <summary>True for every burst member but the best.</summary>
    public bool IsBurstDuplicate => BurstId is not null && BurstRank > 0;

    /// <summary>The CSV header of <see cref="ToCsv"/>.</summary>
    public const string CsvHeader = "file,category,kind,blurred,dark,overexposed,burst,burst_rank,taken_at,width,height";

    /// <summary>One line of <c>attributes.csv</c>.</summary>
    /// <returns>The comma-separated fields in <see cref="CsvHeader"/> order.</returns>
    public string ToCsv() => string.Join(',',
        File, Category, Kind.ToString().ToLowerInvariant(), B(Blurred), B(Dark), B(Overexposed),
        BurstId?.ToString(CultureInfo.InvariantCulture) ?? "", BurstRank.ToString(CultureInfo.InvariantCulture),
        TakenAt.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture), Width.ToString(CultureInfo.InvariantCulture), Height.ToString(CultureInfo.InvariantCulture));

    /// <summary>Parses a line written by <see cref="ToCsv"/>.</summary>
    /// <param name="line">The line.</param>
    /// <returns>The photo.</returns>
    public static SamplePhoto FromCsv(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var f = line.Split(',');
        return new SamplePhoto(
            f[0], Enum.Parse<SampleKind>(f[2], ignoreCase: true), f[3] == "1", f[4] == "1", f[5] == "1",
            f[6].Length == 0 ? null : int.Parse(f[6], CultureInfo.InvariantCulture), int.Parse(f[7], CultureInfo.InvariantCulture),
            DateTime.ParseExact(f[8], "yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture), int.Parse(f[9], CultureInfo.InvariantCulture), int.Parse(f[10], CultureInfo.InvariantCulture));
    }

    private static string B(bool b) => b ? "1" : "0";
}
