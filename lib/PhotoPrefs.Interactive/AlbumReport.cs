using PhotoPrefs.Evaluation;
using PhotoPrefs.Pipeline;

namespace PhotoPrefs.Interactive;

/// <summary>The report as a stage of the pipeline facade: <c>album.WriteReport(…)</c>.</summary>
public static class AlbumReport
{
    /// <summary>Writes the self-contained HTML report of an album; see <see cref="Report.Write"/>.</summary>
    /// <param name="album">The album.</param>
    /// <param name="path">The HTML file, replaced if it exists.</param>
    /// <param name="user">Include this user's training, suggestions and evaluation; null for none.</param>
    /// <param name="evaluation">An evaluation to chart; null for none.</param>
    /// <param name="study">A study to tabulate; null for none.</param>
    /// <returns>The file's full path.</returns>
    public static string WriteReport(this Album album, string path, string? user = null, ReportEvaluation? evaluation = null, StudyResult? study = null)
    {
        ArgumentNullException.ThrowIfNull(album);
        return Report.Write(path, album.Workspace, user, evaluation, study);
    }
}
