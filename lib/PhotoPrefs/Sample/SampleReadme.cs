using System.Globalization;
using System.Text;

namespace PhotoPrefs.Sample;

/// <summary>Writes the data-sample README: what is in the album and how each user labels it.</summary>
public static class SampleReadme
{
    /// <summary>The README text for a generated sample.</summary>
    /// <param name="plan">The album's photos.</param>
    /// <param name="photos">The count it was generated with.</param>
    /// <param name="seed">The seed it was generated with.</param>
    /// <param name="totalBytes">Size of the album folder in bytes.</param>
    /// <returns>Markdown.</returns>
    public static string Markdown(IReadOnlyList<SamplePhoto> plan, int photos, int seed, long totalBytes)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var mid = SimulatedUsers.Midpoint(plan);
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        sb.AppendLine("# data-sample: a public stand-in for a phone album");
        sb.AppendLine();
        sb.AppendLine(inv, $"{plan.Count} generated phone photos ({totalBytes / 1e6:F1} MB) with three simulated users' keep/delete labels. Nothing here is a real person's photo: every file is drawn by `PhotoPrefs.Sample` from seed {seed}, and the generator is the source of truth (same seed, same bytes).");
        sb.AppendLine();
        sb.AppendLine("![contact sheet](contact-sheet.png)");
        sb.AppendLine();
        sb.AppendLine("## Files");
        sb.AppendLine("- `album/`: `Camera/` (JPEG, EXIF time, some stored sideways with an EXIF orientation), `Screenshots/` (PNG), `Downloads/` (memes, JPEG and WebP).");
        sb.AppendLine("- `attributes.csv`: the hidden attributes of each photo (category, kind, blurred, dark, overexposed, burst, burst rank, capture time, size). The rules below read only these.");
        sb.AppendLine("- `labels/J.csv`, `labels/F.csv`, `labels/C.csv`: `file,label` with `keep` or `delete`.");
        sb.AppendLine("- `contact-sheet.png`: 100 photos picked evenly through the timeline.");
        sb.AppendLine();
        sb.AppendLine("## The simulated users");
        sb.AppendLine("- **J** (a stable habit) deletes screenshots and chats, blurred shots (accidental floor shots included), dark pocket shots, and every burst shot but the sharpest.");
        sb.AppendLine(inv, $"- **F** (a drifting habit) always deletes dark and blurred shots; before {mid:yyyy-MM-dd HH:mm} (the middle of the timeline) also screenshots and chats; from then on keeps those but deletes documents and memes.");
        sb.AppendLine("- **C** (a tidy user, album already cleaned) deletes only dark pocket shots and burst duplicates.");
        sb.AppendLine();
        sb.AppendLine("## Counts");
        sb.AppendLine();
        sb.AppendLine("| category | photos | J deletes | F deletes | C deletes |");
        sb.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var g in plan.GroupBy(p => p.Category).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            sb.Append(inv, $"| {g.Key} | {g.Count()} ");
            foreach (var u in SimulatedUsers.Names)
            {
                sb.Append(inv, $"| {g.Count(p => SimulatedUsers.Deletes(u, p, mid))} ");
            }

            sb.AppendLine("|");
        }

        sb.Append(inv, $"| **all** | {plan.Count} ");
        foreach (var u in SimulatedUsers.Names)
        {
            int d = plan.Count(p => SimulatedUsers.Deletes(u, p, mid));
            sb.Append(inv, $"| {d} ({100.0 * d / plan.Count:F1}%) ");
        }

        sb.AppendLine("|");
        sb.AppendLine();
        sb.AppendLine("## Regenerate");
        sb.AppendLine();
        sb.AppendLine("```");
        sb.AppendLine(inv, $"dotnet run -c Release --project lib/PhotoPrefs.Cli -- sample generate --out data-sample --photos {photos} --seed {seed}");
        sb.AppendLine("```");
        sb.AppendLine();
        sb.AppendLine("The test suite regenerates the album and compares every file's hash with the committed one. HEIC files are not included: the Magick.NET build used here decodes HEIC but cannot encode it.");
        return sb.ToString();
    }
}
