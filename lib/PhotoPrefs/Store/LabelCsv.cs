using nietras.SeparatedValues;

namespace PhotoPrefs.Store;

/// <summary>
/// The labels file format: CSV (RFC 4180) with the columns <c>file,label</c>, a file's path relative to the album
/// folder and <c>keep</c> or <c>delete</c>. The header line is optional; a UTF-8 byte order mark, CRLF or LF line ends,
/// blank lines and file names quoted because they hold a comma or a quote are all read.
/// </summary>
public static class LabelCsv
{
    /// <summary>The header line <see cref="Write"/> puts first.</summary>
    public static IReadOnlyList<string> Header { get; } = ["file", "label"];

    /// <summary>Reads a labels file.</summary>
    /// <param name="csvPath">The file.</param>
    /// <returns>Each row's relative path (with '/') and label, in file order.</returns>
    /// <exception cref="PhotoPrefsException">A missing file, or a row that is not <c>file,label</c> (named by its line).</exception>
    public static IReadOnlyList<(string File, PhotoLabel Label)> Read(string csvPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(csvPath);
        if (!File.Exists(csvPath))
        {
            throw new PhotoPrefsException($"labels file not found: {csvPath}");
        }

        using var reader = new StreamReader(csvPath, detectEncodingFromByteOrderMarks: true);
        return Read(reader, csvPath);
    }

    /// <summary>Reads labels from CSV text.</summary>
    /// <param name="reader">The text.</param>
    /// <param name="source">Named in error messages (a file path).</param>
    /// <returns>Each row's relative path (with '/') and label, in order.</returns>
    /// <exception cref="PhotoPrefsException">A row that is not <c>file,label</c>, named by its line.</exception>
    public static IReadOnlyList<(string File, PhotoLabel Label)> Read(TextReader reader, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        using var csv = Sep.New(',').Reader(o => o with { HasHeader = false, Unescape = true, Trim = SepTrim.All, DisableColCountCheck = true }).From(reader);
        var rows = new List<(string, PhotoLabel)>();
        bool first = true;
        foreach (var row in csv)
        {
            int line = row.LineNumberFrom;
            var fields = new string[row.ColCount];
            for (int i = 0; i < fields.Length; i++)
            {
                fields[i] = row[i].ToString();
            }

            bool header = first && fields[0].Equals(Header[0], StringComparison.OrdinalIgnoreCase);
            first = false;
            if (header || fields.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            if (fields.Length != 2 || fields[0].Length == 0)
            {
                throw new PhotoPrefsException($"{source}:{line}: expected 'file,label' (quote a file name that holds a comma)");
            }

            try
            {
                rows.Add((fields[0].Replace('\\', '/'), LabelStore.Parse(fields[1])));
            }
            catch (PhotoPrefsException e)
            {
                throw new PhotoPrefsException($"{source}:{line}: {e.Message}", e);
            }
        }

        return rows;
    }

    /// <summary>Writes a labels file that <see cref="Read(string)"/> reads back: the header, then one row per label,
    /// names quoted where they need it, LF line ends, UTF-8 without a byte order mark.</summary>
    /// <param name="csvPath">The file, replaced if it exists.</param>
    /// <param name="rows">Relative paths and labels.</param>
    public static void Write(string csvPath, IEnumerable<(string File, PhotoLabel Label)> rows)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(csvPath);
        ArgumentNullException.ThrowIfNull(rows);
        using var writer = new StreamWriter(csvPath, append: false, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { NewLine = "\n" };
        using var csv = Sep.New(',').Writer(o => o with { Escape = true }).To(writer);
        foreach (var (file, label) in rows)
        {
            using var row = csv.NewRow();
            row[Header[0]].Set(file);
            row[Header[1]].Set(LabelStore.ToText(label));
        }
    }
}
