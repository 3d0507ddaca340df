using System.Text.Json;
using System.Text.Json.Nodes;

namespace PhotoPrefs.Interactive.Notebooks;

/// <summary>
/// A Jupyter notebook (nbformat 4) as JSON, read and written without losing what PhotoPrefs does not know
/// (metadata, attachments). Cells keep their ids; written notebooks are nbformat 4.5.
/// </summary>
public sealed class NotebookDocument
{
    private NotebookDocument(JsonObject root) => Root = root;

    /// <summary>The whole JSON document.</summary>
    public JsonObject Root { get; }

    /// <summary>The cells.</summary>
    public JsonArray Cells => Root["cells"] as JsonArray ?? throw new PhotoPrefsException("the notebook has no 'cells' array");

    /// <summary>Reads a notebook.</summary>
    /// <param name="path">The .ipynb file.</param>
    /// <returns>The notebook.</returns>
    /// <exception cref="PhotoPrefsException">Missing file or not a notebook.</exception>
    public static NotebookDocument Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new PhotoPrefsException($"notebook not found: {path}");
        }

        try
        {
            return Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new PhotoPrefsException($"{path} is not a notebook (invalid JSON: {e.Message})", e);
        }
    }

    /// <summary>Parses notebook JSON.</summary>
    /// <param name="json">The text.</param>
    /// <returns>The notebook.</returns>
    /// <exception cref="PhotoPrefsException">Not a notebook.</exception>
    public static NotebookDocument Parse(string json)
    {
        if (JsonNode.Parse(json) is not JsonObject root || root["cells"] is not JsonArray || root["nbformat"]?.GetValue<int>() != 4)
        {
            throw new PhotoPrefsException("not an nbformat 4 notebook (expected an object with 'cells' and nbformat 4)");
        }

        return new NotebookDocument(root);
    }

    /// <summary>A cell's source as one string (nbformat stores a string or a list of lines).</summary>
    /// <param name="cell">The cell.</param>
    /// <returns>The source.</returns>
    public static string Source(JsonNode cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        return cell["source"] switch
        {
            JsonArray lines => string.Concat(lines.Select(l => l?.GetValue<string>() ?? "")),
            JsonValue v => v.GetValue<string>(),
            _ => "",
        };
    }

    /// <summary>Splits text into nbformat's list of lines (each but the last keeping its newline).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The JSON array.</returns>
    public static JsonArray Lines(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var array = new JsonArray();
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                array.Add(text[start..(i + 1)]);
                start = i + 1;
            }
        }

        if (start < text.Length)
        {
            array.Add(text[start..]);
        }

        return array;
    }

    /// <summary>Writes the notebook as nbformat 4.5 (every cell gets an id), atomically.</summary>
    /// <param name="path">The file.</param>
    public void Save(string path)
    {
        Root["nbformat"] = 4;
        Root["nbformat_minor"] = 5;
        int n = 0;
        foreach (var cell in Cells.OfType<JsonObject>())
        {
            n++;
            if (cell["id"] is null)
            {
                cell["id"] = $"cell-{n:D3}";
            }
        }

        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var tmp = full + ".tmp";
        File.WriteAllText(tmp, Root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        File.Move(tmp, full, overwrite: true);
    }
}
