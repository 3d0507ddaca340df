using System.Globalization;
using System.Reflection;
using System.Text;

namespace PhotoPrefs.Interactive.Plotly;

/// <summary>How a page gets plotly.js.</summary>
public enum PlotlyScript
{
    /// <summary>
    /// Notebook style: each chart loads plotly.js from its CDN through require.js when the page has it (as
    /// Jupyter and Polyglot notebooks do), else through a plain script tag; nothing is embedded.
    /// </summary>
    Cdn,

    /// <summary>The page embeds plotly.js once (see <see cref="PlotlyHtml.EmbeddedScriptTag"/>); charts only call it.</summary>
    Embedded,
}

/// <summary>Turns figures into HTML fragments and pages.</summary>
public static class PlotlyHtml
{
    /// <summary>The plotly.js version that is embedded and loaded from the CDN.</summary>
    public const string Version = "3.7.0";

    /// <summary>The CDN address of that version.</summary>
    public static string CdnUrl => $"https://cdn.plot.ly/plotly-{Version}.min.js";

    private static int _counter;

    /// <summary>
    /// A chart: a div and the script that draws it. With <see cref="PlotlyScript.Embedded"/> the page must
    /// include <see cref="EmbeddedScriptTag"/> before it.
    /// </summary>
    /// <param name="figure">The figure.</param>
    /// <param name="script">Where plotly.js comes from.</param>
    /// <param name="id">The div's id (a fresh one when null).</param>
    /// <returns>The HTML fragment.</returns>
    public static string Fragment(Figure figure, PlotlyScript script = PlotlyScript.Cdn, string? id = null)
    {
        ArgumentNullException.ThrowIfNull(figure);
        id ??= "pp-plot-" + Interlocked.Increment(ref _counter).ToString(CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8];
        int height = figure.Layout.Height ?? 420;
        // Points whose customdata is an image data URI show that image next to the pointer on hover.
        var draw = $"Plotly.newPlot('{id}', {figure.DataJson()}, {figure.LayoutJson()}, {{responsive: true, displaylogo: false}}).then({HoverImages});";
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<div id=\"{id}\" class=\"pp-plot\" style=\"width:100%;height:{height}px\"></div>\n<script type=\"text/javascript\">\n");
        if (script == PlotlyScript.Embedded)
        {
            sb.Append(draw);
        }
        else
        {
            // require.js is present in Jupyter-style front ends: load plotly through it under its own context;
            // elsewhere add a script tag once per page and draw when it has loaded.
            sb.Append(CultureInfo.InvariantCulture, $$"""
                (function () {
                  var draw = function (Plotly) { {{draw}} };
                  if (typeof window.Plotly !== 'undefined') { draw(window.Plotly); return; }
                  if (typeof require === 'function' && typeof require.config === 'function') {
                    var r = require.config({ context: 'photoprefs-plotly-{{Version}}', paths: { plotly: '{{CdnUrl[..^3]}}' } }) || require;
                    r(['plotly'], draw);
                    return;
                  }
                  var s = document.getElementById('pp-plotly-js');
                  if (!s) { s = document.createElement('script'); s.id = 'pp-plotly-js'; s.src = '{{CdnUrl}}'; document.head.appendChild(s); }
                  s.addEventListener('load', function () { draw(window.Plotly); });
                })();
                """);
        }

        sb.Append("\n</script>\n");
        return sb.ToString();
    }

    private const string HoverImages = """
        function (gd) {
          var tip = null;
          gd.on('plotly_hover', function (e) {
            var p = e.points && e.points[0];
            if (!p || typeof p.customdata !== 'string' || p.customdata.indexOf('data:image/') !== 0) { return; }
            if (!tip) { tip = document.createElement('img'); tip.style.cssText = 'position:fixed;pointer-events:none;z-index:10;max-width:160px;border:2px solid #333;background:#fff'; document.body.appendChild(tip); }
            tip.src = p.customdata; tip.style.display = 'block';
            tip.style.left = (e.event.clientX + 16) + 'px'; tip.style.top = (e.event.clientY + 16) + 'px';
          });
          gd.on('plotly_unhover', function () { if (tip) { tip.style.display = 'none'; } });
        }
        """;

    /// <summary>The embedded plotly.js source (from the npm package plotly.js-dist-min, built into this assembly).</summary>
    /// <returns>The JavaScript.</returns>
    /// <exception cref="InvalidOperationException">The build did not embed it.</exception>
    public static string EmbeddedScript()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("plotly.min.js")
            ?? throw new InvalidOperationException("plotly.min.js is not embedded: rebuild PhotoPrefs.Interactive with npm available once");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>A script tag carrying plotly.js, for self-contained pages.</summary>
    /// <returns>The tag.</returns>
    public static string EmbeddedScriptTag() => "<script type=\"text/javascript\">" + EmbeddedScript().Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase) + "</script>\n";

    /// <summary>A standalone page with one or more figures and plotly.js embedded: it works offline.</summary>
    /// <param name="title">Page title.</param>
    /// <param name="figures">Figures.</param>
    /// <returns>The page.</returns>
    public static string Page(string title, params Figure[] figures)
    {
        ArgumentNullException.ThrowIfNull(figures);
        var sb = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
            .Append(System.Net.WebUtility.HtmlEncode(title)).Append("</title>").Append(EmbeddedScriptTag()).Append("</head><body>");
        foreach (var f in figures)
        {
            sb.Append(Fragment(f, PlotlyScript.Embedded));
        }

        return sb.Append("</body></html>").ToString();
    }
}
