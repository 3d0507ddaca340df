using System.Globalization;
using System.Text.RegularExpressions;

namespace PhotoPrefs.Imaging;

/// <summary>
/// Capture times written into file names by phones and apps (<c>IMG_20240714_093005.jpg</c>,
/// <c>Screenshot_2024-07-14-09-30-05.png</c>): the fallback for files without EXIF time, before the file's
/// own modification time, which a copy or a checkout resets.
/// </summary>
public static partial class FileNameDate
{
    /// <summary>Finds a <c>yyyyMMdd</c> date followed by an <c>HHmmss</c> time in a file name.</summary>
    /// <param name="fileName">A file name or path; only the name is read.</param>
    /// <param name="taken">The time found.</param>
    /// <returns>True when a plausible date and time (years 1990..2100) were found.</returns>
    public static bool TryParse(string fileName, out DateTime taken)
    {
        taken = default;
        var name = Path.GetFileNameWithoutExtension(fileName ?? "");
        var m = Pattern().Match(name);
        if (!m.Success)
        {
            return false;
        }

        var text = m.Groups[1].Value + m.Groups[2].Value + m.Groups[3].Value + m.Groups[4].Value + m.Groups[5].Value + m.Groups[6].Value;
        return DateTime.TryParseExact(text, "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.None, out taken)
            && taken.Year is >= 1990 and <= 2100;
    }

    [GeneratedRegex(@"(?<!\d)(\d{4})-?(\d{2})-?(\d{2})[_\- ]?(\d{2})[\-.:]?(\d{2})[\-.:]?(\d{2})(?!\d)")]
    private static partial Regex Pattern();
}
