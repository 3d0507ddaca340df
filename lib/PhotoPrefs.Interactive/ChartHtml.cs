using System.Net;
using System.Text;
using Plotly.NET;

namespace PhotoPrefs.Interactive;

/// <summary>
/// Puts Plotly.NET charts into HTML. A chart is written by Plotly.NET.Interactive's notebook formatter, which asks
/// require.js for plotly.js: notebook front ends (Jupyter, Polyglot) load it from plotly's CDN, and the offline pages
/// of this library (<see cref="Page"/>, the report, executed notebooks) embed Plotly.NET's own copy once and hand it
/// to the charts. Points whose <c>customdata</c> is an image data URI show that picture beside the pointer on hover.
/// </summary>
public static class ChartHtml
{
    private static readonly Lazy<(string Name, string Version)> Resource = new(() =>
    {
        var name = typeof(GenericChart).Assembly.GetManifestResourceNames().SingleOrDefault(n => n.StartsWith("Plotly.NET.plotly-", StringComparison.Ordinal) && n.EndsWith(".min.js", StringComparison.Ordinal))
            ?? throw new InvalidOperationException("Plotly.NET carries no plotly.js: the Plotly.NET package is not the one this library was built with");
        return (name, name["Plotly.NET.plotly-".Length..^".min.js".Length]);
    });

    /// <summary>The plotly.js version Plotly.NET carries (and loads from the CDN in notebook front ends).</summary>
    public static string PlotlyJsVersion => Resource.Value.Version;

    /// <summary>A chart as an HTML fragment: its div and the script that draws it, in a <c>div.pp-plot</c>.</summary>
    /// <param name="chart">The chart.</param>
    /// <returns>The fragment.</returns>
    public static string Fragment(GenericChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var sb = new StringBuilder("<div class=\"pp-plot\">").Append(Plotly.NET.Interactive.Formatters.toInteractiveHTML(chart));
        if (GenericChart.getTraces(chart).Any(t => t.TryGetPropertyValue("customdata") is not null))
        {
            sb.Append(HoverPictures);
        }

        return sb.Append("</div>\n").ToString();
    }

    /// <summary>plotly.js as Plotly.NET carries it.</summary>
    /// <returns>The JavaScript.</returns>
    public static string PlotlyJs()
    {
        using var stream = typeof(GenericChart).Assembly.GetManifestResourceStream(Resource.Value.Name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// What an offline page's head needs for <see cref="Fragment"/>s to draw: plotly.js embedded, then a require.js
    /// stand-in that hands the embedded plotly.js to each chart instead of fetching it.
    /// </summary>
    /// <returns>The script tags.</returns>
    public static string PageScripts() =>
        "<script type=\"text/javascript\">" + PlotlyJs().Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase) + "</script>\n"
        + "<script type=\"text/javascript\">window.requirejs = window.require = function (deps, ready) { ready(window.Plotly); };"
        + " window.requirejs.config = function () { return window.requirejs; };</script>\n";

    /// <summary>A standalone page with one or more charts that draws offline.</summary>
    /// <param name="title">Page title.</param>
    /// <param name="charts">Charts.</param>
    /// <returns>The page.</returns>
    public static string Page(string title, params GenericChart[] charts)
    {
        ArgumentNullException.ThrowIfNull(charts);
        var sb = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
            .Append(WebUtility.HtmlEncode(title)).Append("</title>").Append(PageScripts()).Append("</head><body>");
        foreach (var chart in charts)
        {
            sb.Append(Fragment(chart));
        }

        return sb.Append("</body></html>").ToString();
    }

    // Hooks every drawn plot on the page once (charts draw asynchronously, so it looks again for a few seconds).
    private const string HoverPictures = """
        <script type="text/javascript">
        (function () {
          var hook = function (gd) {
            if (gd.ppHoverPictures || typeof gd.on !== 'function') { return; }
            gd.ppHoverPictures = true;
            var tip = null;
            gd.on('plotly_hover', function (e) {
              var p = e.points && e.points[0];
              if (!p || typeof p.customdata !== 'string' || p.customdata.indexOf('data:image/') !== 0) { return; }
              if (!tip) { tip = document.createElement('img'); tip.style.cssText = 'position:fixed;pointer-events:none;z-index:10;max-width:160px;border:2px solid #333;background:#fff'; document.body.appendChild(tip); }
              tip.src = p.customdata; tip.style.display = 'block';
              tip.style.left = (e.event.clientX + 16) + 'px'; tip.style.top = (e.event.clientY + 16) + 'px';
            });
            gd.on('plotly_unhover', function () { if (tip) { tip.style.display = 'none'; } });
          };
          var tries = 0;
          var look = function () { document.querySelectorAll('.js-plotly-plot').forEach(hook); if (++tries < 40) { setTimeout(look, 250); } };
          look();
        })();
        </script>
        """;
}
