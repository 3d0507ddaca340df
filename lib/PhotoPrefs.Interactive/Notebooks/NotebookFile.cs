using System.Text.Json;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Documents.Jupyter;

namespace PhotoPrefs.Interactive.Notebooks;

/// <summary>
/// Reads and writes Jupyter notebooks (<c>.ipynb</c>, nbformat 4) with Microsoft.DotNet.Interactive.Documents, the
/// reader and writer that Polyglot Notebooks and the .NET kernel use, so that cells keep their kernel names and
/// metadata as those front ends expect.
/// </summary>
public static class NotebookFile
{
    /// <summary>The kernels a course notebook's cells may name: C#, the default.</summary>
    /// <returns>A new collection (the reader keeps a reference to it).</returns>
    public static KernelInfoCollection Kernels() => new() { new KernelInfo("csharp", "C#", ["c#", "C#"]) };

    /// <summary>Reads a notebook.</summary>
    /// <param name="path">The <c>.ipynb</c> file.</param>
    /// <returns>The notebook.</returns>
    /// <exception cref="PhotoPrefsException">A missing file, or a file that is not an nbformat 4 notebook.</exception>
    public static InteractiveDocument Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new PhotoPrefsException($"notebook not found: {path}");
        }

        try
        {
            return Parse(File.ReadAllText(path));
        }
        catch (PhotoPrefsException e)
        {
            throw new PhotoPrefsException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>Parses notebook JSON.</summary>
    /// <param name="json">The text of an <c>.ipynb</c> file.</param>
    /// <returns>The notebook.</returns>
    /// <exception cref="PhotoPrefsException">Not JSON, or not an nbformat 4 notebook.</exception>
    public static InteractiveDocument Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using (var probe = JsonDocument.Parse(json))
            {
                var root = probe.RootElement;
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("cells", out var cells) || cells.ValueKind != JsonValueKind.Array
                    || !root.TryGetProperty("nbformat", out var format) || !format.TryGetInt32(out var major) || major != 4)
                {
                    throw new PhotoPrefsException("not an nbformat 4 notebook (expected an object with 'cells' and nbformat 4)");
                }
            }

            return Notebook.Parse(json, Kernels());
        }
        catch (JsonException e)
        {
            throw new PhotoPrefsException($"not a notebook (invalid JSON: {e.Message})", e);
        }
    }

    /// <summary>Writes the notebook as nbformat 4, atomically (a temporary file renamed over the target).</summary>
    /// <param name="notebook">The notebook.</param>
    /// <param name="path">The file.</param>
    public static void Save(InteractiveDocument notebook, string path)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var tmp = full + ".tmp";
        File.WriteAllText(tmp, Notebook.ToJupyterJson(notebook) + "\n");
        File.Move(tmp, full, overwrite: true);
    }

    /// <summary>The text of an output's value as nbformat or the kernel gives it: a string, or a list of lines.</summary>
    /// <param name="value">A value of an output's data, or a stream's text.</param>
    /// <returns>The text.</returns>
    public static string Text(object? value) => value switch
    {
        null => "",
        string s => s,
        JsonElement { ValueKind: JsonValueKind.String } e => e.GetString() ?? "",
        JsonElement { ValueKind: JsonValueKind.Array } e => string.Concat(e.EnumerateArray().Select(x => x.GetString())),
        IEnumerable<object> lines => string.Concat(lines.Select(Text)),
        _ => value.ToString() ?? "",
    };

    /// <summary>Whether a cell is markdown (prose) rather than code.</summary>
    /// <param name="cell">The cell.</param>
    /// <returns>True for markdown cells.</returns>
    public static bool IsMarkdown(InteractiveDocumentElement cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        return string.Equals(cell.KernelName, "markdown", StringComparison.OrdinalIgnoreCase);
    }
}
