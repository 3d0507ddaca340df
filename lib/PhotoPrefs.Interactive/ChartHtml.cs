using System.IO.Compression;
using System.Net;
using System.Text;
using Plotly.NET;

namespace PhotoPrefs.Interactive;

/// <summary>
/// Puts Plotly.NET charts into HTML, each twice: a static SVG drawing (<see cref="ChartSvg"/>), which shows wherever
/// no script runs (GitHub, exported notebooks, a viewer that blocks scripts), and the interactive plotly.js chart,
/// which a small script draws in its place only when <c>window.Plotly</c> is there, then hides the static copy.
/// Nothing is fetched from the network: standalone pages (<see cref="Page"/>, the report, rendered notebooks) embed
/// Plotly.NET's own plotly.js once (<see cref="PageScripts"/>), and a notebook gets it from its first cell's
/// <see cref="NotebookFormatters.Register"/> (<see cref="NotebookPlotlyJs"/>). Points whose <c>customdata</c> is an
/// image data URI show that picture beside the pointer on hover.
/// </summary>
public static class ChartHtml
{
    private static readonly Lazy<(string Name, string Version)> Resource = new(() =>
    {
        var name = typeof(GenericChart).Assembly.GetManifestResourceNames().SingleOrDefault(n => n.StartsWith("Plotly.NET.plotly-", StringComparison.Ordinal) && n.EndsWith(".min.js", StringComparison.Ordinal))
            ?? throw new InvalidOperationException("Plotly.NET carries no plotly.js: the Plotly.NET package is not the one this library was built with");
        return (name, name["Plotly.NET.plotly-".Length..^".min.js".Length]);
    });

    private static readonly Lazy<string> GzippedPlotlyJs = new(() =>
    {
        using var packed = new MemoryStream();
        using (var gzip = new GZipStream(packed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(PlotlyJs()));
        }

        return Convert.ToBase64String(packed.ToArray());
    });

    /// <summary>The plotly.js version Plotly.NET carries (the one every interactive chart here is drawn with).</summary>
    public static string PlotlyJsVersion => Resource.Value.Version;

    /// <summary>The class of the notebook output that carries plotly.js (<see cref="NotebookPlotlyJs"/>).</summary>
    public const string PlotlyJsOutputClass = "pp-plotly-js";

    /// <summary>
    /// A chart as an HTML fragment, a <c>div.pp-chart</c> holding the static SVG (<c>div.pp-static</c>), the place of
    /// the interactive chart (<c>div.pp-plot</c>) and the script that draws it there when plotly.js is loaded.
    /// </summary>
    /// <param name="chart">The chart.</param>
    /// <returns>The fragment.</returns>
    public static string Fragment(GenericChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var json = GenericChart.toJson(chart);
        var sb = new StringBuilder("<div class=\"pp-chart\"><div class=\"pp-static\">").Append(ChartSvg.Render(json)).Append("</div><div class=\"pp-plot\"></div>")
            .Append("<script type=\"text/javascript\">").Append(DrawScript.Replace("FIGURE", ScriptSafe(json), StringComparison.Ordinal)).Append("</script>");
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

    /// <summary>What an offline page's head needs for <see cref="Fragment"/>s to be interactive: plotly.js, embedded.</summary>
    /// <returns>The script tag.</returns>
    public static string PageScripts() =>
        "<script type=\"text/javascript\">" + Unbundled(PlotlyJs().Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase)) + "</script>\n";

    /// <summary>
    /// The notebook output that makes a notebook's charts interactive offline: a hidden <c>div.pp-plotly-js</c> and a
    /// script holding plotly.js gzip-compressed in base64 (1.5 MB rather than 3.6), which the browser unpacks with its
    /// <c>DecompressionStream</c> and runs so that it sets <c>window.Plotly</c>, also where require.js has defined
    /// <c>define</c> (Jupyter's classic page). Charts shown before it is unpacked wait for it
    /// (<c>window.ppPlotlyLoading</c>); where no script runs, the static figures stay.
    /// </summary>
    /// <returns>The HTML.</returns>
    public static string NotebookPlotlyJs() =>
        $"<div class=\"{PlotlyJsOutputClass}\" data-plotly-version=\"{PlotlyJsVersion}\" style=\"display:none\"></div><script type=\"text/javascript\">"
        + PlotlyLoader.Replace("PLOTLY_GZ_BASE64", GzippedPlotlyJs.Value, StringComparison.Ordinal) + "</script>";

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

    // The figure's JSON as a JavaScript literal inside a script element: no "</" to end it, no "<!--" to confuse it.
    private static string ScriptSafe(string json) =>
        json.Replace("</", "<\\/", StringComparison.Ordinal).Replace("<!--", "<\\!--", StringComparison.Ordinal);

    // plotly.js is a UMD bundle: where an AMD `define` exists (require.js) it registers a module instead of setting
    // window.Plotly. Run with define, module and exports hidden, it always sets window.Plotly.
    private static string Unbundled(string js) => "(function (define, module, exports) {\n" + js + "\n}).call(window);";

    // Draws the chart next to its static copy when plotly.js is there (now, or once the notebook's copy is unpacked).
    private const string DrawScript = """
        (function () {
          var box = document.currentScript && document.currentScript.parentElement;
          if (!box) { return; }
          var fig = FIGURE;
          var draw = function () {
            var P = window.Plotly, plot = box.querySelector('.pp-plot'), still = box.querySelector('.pp-static');
            if (!P || !plot || plot.ppDrawn) { return; }
            plot.ppDrawn = true;
            P.newPlot(plot, fig.data, fig.layout || {}, fig.config || {}).then(function () { if (still) { still.style.display = 'none'; } },
              function () { plot.innerHTML = ''; });
          };
          if (window.Plotly) { draw(); } else if (window.ppPlotlyLoading) { window.ppPlotlyLoading.then(draw); }
        })();
        """;

    private const string PlotlyLoader = """
        (function () {
          if (window.Plotly || window.ppPlotlyLoading || typeof DecompressionStream === 'undefined') { return; }
          var packed = atob('PLOTLY_GZ_BASE64');
          var bytes = new Uint8Array(packed.length);
          for (var i = 0; i < packed.length; i++) { bytes[i] = packed.charCodeAt(i); }
          window.ppPlotlyLoading = new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).text().then(function (js) {
            var s = document.createElement('script');
            s.textContent = '(function (define, module, exports) {\n' + js + '\n}).call(window);';
            document.head.appendChild(s);
          });
        })();
        """;

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
