using System.Net;
using System.Text;
using Markdig;
using Microsoft.DotNet.Interactive.Documents;

namespace PhotoPrefs.Interactive.Notebooks;

/// <summary>
/// A standalone HTML rendering of an executed notebook: markdown cells as HTML, code cells with their outputs (an
/// output's HTML, else its SVG figure, image or text), plotly.js embedded once so that every chart is interactive
/// offline; the static figures stay where scripts do not run.
/// </summary>
public static class NotebookHtml
{
    private const string KernelBootstrapMarker = "id='dotnet-interactive-this-cell-";

    private const string PlotlyJsMarker = "<div class=\"" + ChartHtml.PlotlyJsOutputClass + "\"";

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    /// <summary>Renders the notebook.</summary>
    /// <param name="notebook">The executed notebook.</param>
    /// <param name="title">Page title.</param>
    /// <returns>The page.</returns>
    public static string Render(InteractiveDocument notebook, string title)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        var sb = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
            .Append(WebUtility.HtmlEncode(title)).Append("</title>")
            .Append("<style>body{font-family:system-ui,sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;line-height:1.45}")
            .Append("pre{background:#f6f8fa;padding:8px;overflow-x:auto;border-radius:4px}.pp-code{border-left:3px solid #1f77b4}")
            .Append(".pp-out{margin:0.3em 0 1.2em 0}.pp-err{background:#fdecea;color:#8a1f11}.pp-stderr{color:#6a737d}table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:2px 6px}</style>")
            .Append(ChartHtml.PageScripts()).Append("</head><body>");
        foreach (var cell in notebook.Elements)
        {
            if (NotebookFile.IsMarkdown(cell))
            {
                sb.Append("<div class=\"pp-md\">").Append(Markdown.ToHtml(cell.Contents, Pipeline)).Append("</div>");
                continue;
            }

            sb.Append("<pre class=\"pp-code\"><code>").Append(WebUtility.HtmlEncode(cell.Contents)).Append("</code></pre>");
            foreach (var output in cell.Outputs)
            {
                sb.Append("<div class=\"pp-out\">").Append(Output(output)).Append("</div>");
            }
        }

        return sb.Append("</body></html>").ToString();
    }

    private static string Output(InteractiveDocumentOutputElement output)
    {
        switch (output)
        {
            case TextElement text:
                return (text.Name == "stderr" ? "<pre class=\"pp-stderr\">" : "<pre>") + WebUtility.HtmlEncode(text.Text) + "</pre>";
            case ErrorElement error:
                return "<pre class=\"pp-err\">" + WebUtility.HtmlEncode(string.Join("\n", new[] { $"{error.ErrorName}: {error.ErrorValue}" }.Concat(error.StackTrace ?? []))) + "</pre>";
            case DisplayElement display:
                return Data(display.Data);
            case ReturnValueElement value:
                return Data(value.Data);
            default:
                return "";
        }
    }

    private static string Data(IDictionary<string, object> data)
    {
        if (data.TryGetValue("text/html", out var html))
        {
            var text = NotebookFile.Text(html);
            // Jupyter's .NET kernel puts a script in the first output that looks for the kernel's web server, so
            // that a live front end can talk to it; an offline page has no kernel, and the script only fails there.
            // The notebook's copy of plotly.js is left out too: the page embeds its own in its head.
            return text.Contains(KernelBootstrapMarker, StringComparison.Ordinal) || text.Contains(PlotlyJsMarker, StringComparison.Ordinal) ? "" : text;
        }

        if (data.TryGetValue(NotebookFormatters.SvgMimeType, out var svg))
        {
            return "<div class=\"pp-static\">" + NotebookFile.Text(svg) + "</div>";
        }

        if (data.TryGetValue("image/png", out var png))
        {
            return "<img alt=\"\" src=\"data:image/png;base64," + NotebookFile.Text(png).Trim() + "\">";
        }

        return data.TryGetValue("text/plain", out var plain) ? "<pre>" + WebUtility.HtmlEncode(NotebookFile.Text(plain)) + "</pre>" : "";
    }
}
