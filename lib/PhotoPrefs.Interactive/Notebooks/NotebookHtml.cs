using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Markdig;
using PhotoPrefs.Interactive.Plotly;

namespace PhotoPrefs.Interactive.Notebooks;

/// <summary>
/// A standalone HTML rendering of an executed notebook: markdown cells as HTML, code cells with their outputs,
/// plotly.js embedded once so that every chart draws offline.
/// </summary>
public static class NotebookHtml
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    /// <summary>Renders the notebook.</summary>
    /// <param name="notebook">The executed notebook.</param>
    /// <param name="title">Page title.</param>
    /// <returns>The page.</returns>
    public static string Render(NotebookDocument notebook, string title)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        var sb = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
            .Append(WebUtility.HtmlEncode(title)).Append("</title>")
            .Append("<style>body{font-family:system-ui,sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;line-height:1.45}")
            .Append("pre{background:#f6f8fa;padding:8px;overflow-x:auto;border-radius:4px}.pp-code{border-left:3px solid #1f77b4}")
            .Append(".pp-out{margin:0.3em 0 1.2em 0}.pp-err{background:#fdecea;color:#8a1f11}table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:2px 6px}</style>")
            .Append(PlotlyHtml.EmbeddedScriptTag()).Append("</head><body>");
        foreach (var cell in notebook.Cells.OfType<JsonObject>())
        {
            var source = NotebookDocument.Source(cell);
            if (cell["cell_type"]?.GetValue<string>() == "markdown")
            {
                sb.Append("<div class=\"pp-md\">").Append(Markdown.ToHtml(source, Pipeline)).Append("</div>");
                continue;
            }

            if (cell["cell_type"]?.GetValue<string>() != "code")
            {
                continue;
            }

            sb.Append("<pre class=\"pp-code\"><code>").Append(WebUtility.HtmlEncode(source)).Append("</code></pre>");
            foreach (var output in (cell["outputs"] as JsonArray ?? []).OfType<JsonObject>())
            {
                sb.Append("<div class=\"pp-out\">").Append(Output(output)).Append("</div>");
            }
        }

        return sb.Append("</body></html>").ToString();
    }

    private static string Output(JsonObject output)
    {
        string Join(JsonNode? n) => n switch
        {
            JsonArray a => string.Concat(a.Select(x => x?.GetValue<string>() ?? "")),
            JsonValue v => v.GetValue<string>(),
            _ => "",
        };

        switch (output["output_type"]?.GetValue<string>())
        {
            case "stream":
                return "<pre>" + WebUtility.HtmlEncode(Join(output["text"])) + "</pre>";
            case "error":
                return "<pre class=\"pp-err\">" + WebUtility.HtmlEncode(string.Join("\n", (output["traceback"] as JsonArray ?? []).Select(x => x?.GetValue<string>() ?? ""))) + "</pre>";
            default:
                var data = output["data"] as JsonObject;
                if (data?["text/html"] is { } html)
                {
                    return Join(html);
                }

                if (data?["image/png"] is { } png)
                {
                    return "<img alt=\"\" src=\"data:image/png;base64," + Join(png).Trim() + "\">";
                }

                return "<pre>" + WebUtility.HtmlEncode(Join(data?["text/plain"])) + "</pre>";
        }
    }
}
