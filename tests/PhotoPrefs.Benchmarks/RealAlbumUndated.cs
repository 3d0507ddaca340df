using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace PhotoPrefs.Benchmarks;

/// <summary>
/// The real-photo development album without its timeline (suite <c>real-album-nodates</c>): a copy of the album
/// built by <see cref="RealAlbumSuite"/> in which every EXIF date and sub-second tag is blanked in place (spaces and
/// colons, the EXIF form of an unknown date: no byte moves, no pixel is encoded again, every other tag stays), the
/// date and time are cut from every file name, which becomes a camera counter's (<c>Camera/IMG_20250105_204300_352.jpg</c>,
/// the first of its folder by name, becomes <c>Camera/IMG_0001.jpg</c>: the photos keep their order, so a study
/// draws the same photos on both albums), and every file is dated 2026-01-01 00:00 UTC. The users' labels are written again under
/// the new names. Usage: <c>real-album-nodates --from BUILT --out DIR</c>.
/// </summary>
public static partial class RealAlbumUndated
{
    private static readonly DateTime OneDate = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    // DateTime, DateTimeOriginal, DateTimeDigitized and their sub-seconds.
    private static readonly HashSet<ushort> DateTags = [0x0132, 0x9003, 0x9004, 0x9290, 0x9291, 0x9292];

    public static Dictionary<string, object> Run(string[] args)
    {
        string from = Value(args, "--from") ?? throw new ArgumentException("real-album-nodates --from BUILT --out DIR");
        string output = Value(args, "--out") ?? throw new ArgumentException("real-album-nodates --from BUILT --out DIR");
        var album = Path.Combine(output, "album");
        if (Directory.Exists(album))
        {
            Directory.Delete(album, true);
        }

        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var taken = new HashSet<string>(StringComparer.Ordinal);
        int blanked = 0;
        var files = Directory.EnumerateFiles(Path.Combine(from, "album"), "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Path.Combine(from, "album"), f).Replace('\\', '/')).Order(StringComparer.Ordinal).ToList();
        foreach (var folder in files.GroupBy(f => Path.GetDirectoryName(f) ?? ""))
        {
            int counter = 0;
            foreach (var relative in folder)
            {
                var renamed = Undated(relative, ++counter);
                if (!taken.Add(renamed) || !names.TryAdd(relative, renamed))
                {
                    throw new InvalidOperationException($"two files would be named {renamed}");
                }

                var bytes = File.ReadAllBytes(Path.Combine(from, "album", relative));
                blanked += BlankDates(bytes);
                var target = Path.Combine(album, renamed);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.WriteAllBytes(target, bytes);
                File.SetLastWriteTimeUtc(target, OneDate);
            }
        }

        var labels = Directory.CreateDirectory(Path.Combine(output, "labels")).FullName;
        foreach (var csv in Directory.EnumerateFiles(Path.Combine(from, "labels"), "*.csv"))
        {
            var text = new StringBuilder();
            foreach (var line in File.ReadLines(csv))
            {
                int comma = line.IndexOf(',', StringComparison.Ordinal);
                var file = line[..comma];
                text.Append(names.TryGetValue(file, out var renamed) ? renamed : file).Append(line[comma..]).Append('\n');
            }

            File.WriteAllText(Path.Combine(labels, Path.GetFileName(csv)), text.ToString());
        }

        return new Dictionary<string, object>
        {
            ["photos"] = names.Count,
            ["date_tags_blanked"] = blanked,
            ["out"] = Path.GetFullPath(output),
        };
    }

    /// <summary>
    /// A name with a <c>_yyyyMMdd_HHmmss_NNN</c> date, time and index becomes the prefix and the file's place in its
    /// folder, as a camera's counter names its shots (<c>IMG_0001.jpg</c>); other names stay.
    /// </summary>
    internal static string Undated(string relative, int counter)
    {
        var match = NameDate().Match(relative);
        return match.Success ? string.Create(CultureInfo.InvariantCulture, $"{relative[..match.Index]}_{counter:D4}{Path.GetExtension(relative)}") : relative;
    }

    /// <summary>
    /// Blanks the EXIF date tags of a JPEG (APP1 <c>Exif</c>) or WebP (<c>EXIF</c> chunk) file in place; returns how many.
    /// Other files are left as they are.
    /// </summary>
    internal static int BlankDates(byte[] file)
    {
        int tiff = TiffStart(file);
        if (tiff < 0)
        {
            return 0;
        }

        bool little = file[tiff] == (byte)'I';
        int count = 0;
        var visited = new HashSet<int>();
        var ifds = new Queue<int>();
        ifds.Enqueue((int)U32(file, tiff + 4, little));
        while (ifds.Count > 0)
        {
            int ifd = ifds.Dequeue();
            if (ifd <= 0 || tiff + ifd + 2 > file.Length || !visited.Add(ifd))
            {
                continue;
            }

            int entries = U16(file, tiff + ifd, little);
            for (int e = 0; e < entries; e++)
            {
                int at = tiff + ifd + 2 + (12 * e);
                ushort tag = U16(file, at, little), type = U16(file, at + 2, little);
                uint n = U32(file, at + 4, little);
                if (tag is 0x8769 or 0x8825)
                {
                    ifds.Enqueue((int)U32(file, at + 8, little));
                }
                else if (DateTags.Contains(tag) && type == 2)
                {
                    int value = n <= 4 ? at + 8 : tiff + (int)U32(file, at + 8, little);
                    for (int c = 0; c < n - 1 && value + c < file.Length; c++)
                    {
                        // the EXIF form of an unknown date: blanks, with the colons kept
                        file[value + c] = n == 20 && c is 4 or 7 or 13 or 16 ? (byte)':' : (byte)' ';
                    }

                    count++;
                }
            }

            ifds.Enqueue((int)U32(file, tiff + ifd + 2 + (12 * entries), little));
        }

        return count;
    }

    // Where the TIFF header of the EXIF block starts, or -1.
    private static int TiffStart(byte[] file)
    {
        if (file.Length > 4 && file[0] == 0xFF && file[1] == 0xD8)
        {
            int at = 2;
            while (at + 4 < file.Length && file[at] == 0xFF && file[at + 1] != 0xDA)
            {
                int length = (file[at + 2] << 8) | file[at + 3];
                if (file[at + 1] == 0xE1 && Encoding.ASCII.GetString(file, at + 4, 6) == "Exif\0\0")
                {
                    return at + 10;
                }

                at += 2 + length;
            }

            return -1;
        }

        if (file.Length > 12 && Encoding.ASCII.GetString(file, 0, 4) == "RIFF" && Encoding.ASCII.GetString(file, 8, 4) == "WEBP")
        {
            int at = 12;
            while (at + 8 <= file.Length)
            {
                int length = (int)U32(file, at + 4, true);
                if (Encoding.ASCII.GetString(file, at, 4) == "EXIF")
                {
                    int start = at + 8;
                    // some writers keep JPEG's "Exif\0\0" in front of the TIFF header
                    return Encoding.ASCII.GetString(file, start, 6) == "Exif\0\0" ? start + 6 : start;
                }

                at += 8 + length + (length & 1);
            }
        }

        return -1;
    }

    private static ushort U16(byte[] b, int at, bool little) =>
        (ushort)(little ? b[at] | (b[at + 1] << 8) : (b[at] << 8) | b[at + 1]);

    private static uint U32(byte[] b, int at, bool little) =>
        little ? (uint)(b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) : (uint)((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]);

    private static string? Value(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    [GeneratedRegex(@"_\d{8}_\d{6}_\d+\.\w+$")]
    private static partial Regex NameDate();
}
