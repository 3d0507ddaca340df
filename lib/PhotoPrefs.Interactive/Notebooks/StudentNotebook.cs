using System.Text.Json;
using System.Text.Json.Nodes;

namespace PhotoPrefs.Interactive.Notebooks;

/// <summary>
/// The student version of a course notebook: the committed notebook holds each exercise's starting cell and, after
/// it, its answer in cells tagged <c>solution</c> (nbformat's <c>metadata.tags</c>); the student version is the same
/// notebook without those cells. <c>photoprefs notebook student IN.ipynb OUT.ipynb</c> writes it.
/// </summary>
public static class StudentNotebook
{
    /// <summary>The cell tag that marks an answer.</summary>
    public const string SolutionTag = "solution";

    /// <summary>Whether a cell (an element of the notebook's <c>cells</c>) carries the <c>solution</c> tag.</summary>
    /// <param name="cell">The cell's JSON.</param>
    /// <returns>True for an answer cell.</returns>
    public static bool IsSolution(JsonNode? cell) =>
        cell?["metadata"]?["tags"] is JsonArray tags
        && tags.Any(t => t is JsonValue v && v.TryGetValue<string>(out var s) && s == SolutionTag);

    /// <summary>How many cells of a notebook are answers.</summary>
    /// <param name="json">The text of an <c>.ipynb</c> file.</param>
    /// <returns>The number of cells tagged <c>solution</c>.</returns>
    /// <exception cref="PhotoPrefsException">Not an nbformat 4 notebook.</exception>
    public static int CountSolutions(string json) => Cells(Root(json)).Count(IsSolution);

    /// <summary>
    /// Removes every cell tagged <c>solution</c>; every other cell, its outputs and the notebook's metadata are kept
    /// as they are, so the student sees what each remaining cell shows.
    /// </summary>
    /// <param name="json">The text of the committed (solution) notebook.</param>
    /// <returns>The text of the student notebook (nbformat 4, indented with one space as Jupyter writes it).</returns>
    /// <exception cref="PhotoPrefsException">Not JSON, or not an nbformat 4 notebook.</exception>
    public static string Strip(string json)
    {
        var root = Root(json);
        var cells = Cells(root);
        for (int i = cells.Count - 1; i >= 0; i--)
        {
            if (IsSolution(cells[i]))
            {
                cells.RemoveAt(i);
            }
        }

        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, IndentSize = 1, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }

    /// <summary>Writes the student version of a notebook file.</summary>
    /// <param name="notebook">The committed notebook.</param>
    /// <param name="output">The student notebook to write (its folder is created; an existing file is replaced).</param>
    /// <returns>The number of answer cells removed.</returns>
    /// <exception cref="PhotoPrefsException">The notebook is missing or not an nbformat 4 notebook, or <paramref name="output"/> is the notebook itself.</exception>
    public static int Write(string notebook, string output)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        ArgumentNullException.ThrowIfNull(output);
        if (!File.Exists(notebook))
        {
            throw new PhotoPrefsException($"notebook not found: {notebook}");
        }

        if (string.Equals(Path.GetFullPath(notebook), Path.GetFullPath(output), StringComparison.Ordinal))
        {
            throw new PhotoPrefsException($"the student version would replace its notebook {notebook}: give another output file");
        }

        var json = File.ReadAllText(notebook);
        string student;
        try
        {
            student = Strip(json);
        }
        catch (PhotoPrefsException e)
        {
            throw new PhotoPrefsException($"{notebook}: {e.Message}", e);
        }

        var full = Path.GetFullPath(output);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, student);
        return CountSolutions(json);
    }

    private static JsonNode Root(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new PhotoPrefsException($"not a notebook (invalid JSON: {e.Message})", e);
        }

        if (root is not JsonObject o || o["cells"] is not JsonArray || o["nbformat"] is not JsonValue v || !v.TryGetValue<int>(out var major) || major != 4)
        {
            throw new PhotoPrefsException("not an nbformat 4 notebook (expected an object with 'cells' and nbformat 4)");
        }

        return root;
    }

    private static JsonArray Cells(JsonNode root) => (JsonArray)root["cells"]!;
}
