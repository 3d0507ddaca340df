using System.Globalization;
using System.Text;
using System.Text.Json;
using Plotly.NET;

namespace PhotoPrefs.Interactive;

/// <summary>
/// Draws a Plotly.NET chart as a static SVG image, with no browser and no native code, so that a figure shows where
/// no script runs (GitHub, exported HTML, a notebook opened offline). It reads the chart as plotly.js would: the
/// traces and layout that <see cref="GenericChart.toJson"/> writes from Plotly.NET's dynamic objects.
/// </summary>
/// <remarks>
/// Drawn: <c>scatter</c> (and <c>scattergl</c>) as lines, markers or both, with per-point marker colours and sizes,
/// dashes and gaps at missing values; <c>bar</c>, vertical or horizontal, grouped, stacked or overlaid, with their
/// text; <c>histogram</c>, binned as plotly.js does (at most <c>nbinsx</c> bins of a round width, or <c>xbins</c>);
/// <c>heatmap</c>, its cells coloured by a named or given colour scale and written with <c>texttemplate</c>. Also the
/// title, axis titles, ticks (<c>range</c>, <c>dtick</c>, <c>tickvals</c>, a reversed axis, percent
/// <c>tickformat</c>), a right-hand second y axis, line and rectangle shapes, and the legend (right, or below with
/// <c>orientation: "h"</c>). A trace of another type is named in a line of text in the figure instead. Left out:
/// colour bars, annotations, hover text; a log axis is drawn linear, and dates as categories. The output is
/// deterministic: invariant culture, coordinates rounded to 0.1 pixel.
/// </remarks>
public static partial class ChartSvg
{
    /// <summary>The width of a chart whose layout gives none, in pixels.</summary>
    public const int DefaultWidth = 700;

    /// <summary>The height of a chart whose layout gives none, in pixels.</summary>
    public const int DefaultHeight = 450;

    private const double FontSize = 12, TitleSize = 16;

    // plotly.js's default colorway.
    private static readonly string[] Colorway = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

    private static readonly HashSet<string> Drawn = new(StringComparer.Ordinal) { "scatter", "scattergl", "bar", "histogram", "heatmap" };

    /// <summary>The chart as a standalone SVG document (an <c>&lt;svg&gt;</c> element with its namespace).</summary>
    /// <param name="chart">The chart.</param>
    /// <returns>The SVG markup.</returns>
    public static string Render(GenericChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        return Render(GenericChart.toJson(chart));
    }

    /// <summary>A figure in plotly.js's JSON (<c>{"data": [...], "layout": {...}}</c>) as a standalone SVG document.</summary>
    /// <param name="figureJson">The figure; non-finite numbers may be written as the strings <c>"NaN"</c> or <c>"Infinity"</c>.</param>
    /// <returns>The SVG markup.</returns>
    /// <exception cref="ArgumentException">The text is not a JSON object.</exception>
    public static string Render(string figureJson)
    {
        ArgumentNullException.ThrowIfNull(figureJson);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(figureJson);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"not a plotly figure (invalid JSON: {e.Message})", nameof(figureJson), e);
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ArgumentException("not a plotly figure (expected a JSON object with 'data' and 'layout')", nameof(figureJson));
            }

            var layout = doc.RootElement.TryGetProperty("layout", out var l) && l.ValueKind == JsonValueKind.Object ? l : default;
            var data = doc.RootElement.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Array ? d.EnumerateArray().ToList() : [];
            // Figures share one page's ids: the clip path is named by the figure's content.
            var id = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(figureJson)))[..12];
            return new Figure(data, layout, "pp-clip-" + id).Draw();
        }
    }

    // --- reading plotly JSON ---

    private static JsonElement Prop(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) ? v : default;

    private static JsonElement Path(JsonElement e, params string[] names) => names.Aggregate(e, Prop);

    private static string? Str(JsonElement e) => e.ValueKind == JsonValueKind.String ? e.GetString() : null;

    private static string[]? Strings(JsonElement e) =>
        e.ValueKind == JsonValueKind.Array ? e.EnumerateArray().Select(x => Str(x) ?? Label(Num(x))).ToArray() : null;

    /// <summary>A number, or NaN for null, a missing value or text that is no number ("NaN", "Infinity" are read as such).</summary>
    private static double Num(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Number => e.GetDouble(),
        JsonValueKind.String when double.TryParse(e.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => double.NaN,
    };

    /// <summary>A data value: a number (double), a string, or null.</summary>
    private static object? Value(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Number => e.GetDouble(),
        JsonValueKind.String when double.TryParse(e.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => double.IsFinite(d) ? d : null,
        JsonValueKind.String => e.GetString(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };

    private static object?[] Values(JsonElement e) => e.ValueKind == JsonValueKind.Array ? e.EnumerateArray().Select(Value).ToArray() : [];

    private static string TitleText(JsonElement title) => Plain(title.ValueKind == JsonValueKind.String ? title.GetString() : Str(Prop(title, "text")));

    // plotly.js titles may hold a few HTML tags; the static figure keeps their text (a <br> becomes a space).
    private static string Plain(string? s) =>
        s is null ? "" : System.Text.RegularExpressions.Regex.Replace(System.Text.RegularExpressions.Regex.Replace(s, "<br\\s*/?>", " ", System.Text.RegularExpressions.RegexOptions.IgnoreCase), "<[^>]*>", "").Trim();

    // --- writing ---

    private static string Label(double v) => double.IsFinite(v) ? (Math.Round(v) == v && Math.Abs(v) < 1e15 ? v.ToString("0", CultureInfo.InvariantCulture) : v.ToString("0.###", CultureInfo.InvariantCulture)) : "";

    /// <summary>A coordinate rounded to 0.1, invariant culture.</summary>
    private static string F(double v) => Math.Round(double.IsFinite(v) ? v : 0, 1).ToString("0.#", CultureInfo.InvariantCulture);

    private static string Dash(string? dash, double width) => dash switch
    {
        "dash" => string.Create(CultureInfo.InvariantCulture, $" stroke-dasharray=\"{F(3 * width)},{F(3 * width)}\""),
        "dot" => string.Create(CultureInfo.InvariantCulture, $" stroke-dasharray=\"{F(width)},{F(2 * width)}\""),
        "dashdot" => string.Create(CultureInfo.InvariantCulture, $" stroke-dasharray=\"{F(3 * width)},{F(2 * width)},{F(width)},{F(2 * width)}\""),
        "longdash" => string.Create(CultureInfo.InvariantCulture, $" stroke-dasharray=\"{F(5 * width)},{F(3 * width)}\""),
        _ => "",
    };

    /// <summary>Text for XML, with characters XML cannot hold left out.</summary>
    private static string Esc(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (char c in s)
        {
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\'': sb.Append("&#39;"); break;
                default:
                    if (c >= 0x20 || c is '\t' or '\n' or '\r')
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.ToString();
    }

    /// <summary>An estimate of a text's width in pixels (sans-serif, about 0.58 em a character).</summary>
    private static double TextWidth(string s, double size) => s.Length * size * 0.58;

    private static List<string> Wrap(string text, double width, double size)
    {
        var lines = new List<string>();
        if (text.Length == 0)
        {
            return lines;
        }

        int perLine = Math.Max(10, (int)(width / (size * 0.58)));
        var line = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > perLine)
            {
                lines.Add(line.ToString());
                line.Clear();
            }

            line.Append(line.Length > 0 ? " " : "").Append(word);
        }

        lines.Add(line.ToString());
        return lines;
    }

    /// <summary>The smallest of 1, 2, 2.5, 5 times a power of ten that is at least <paramref name="raw"/>.</summary>
    private static double NiceAtLeast(double raw)
    {
        if (!(raw > 0) || !double.IsFinite(raw))
        {
            return 1;
        }

        double p = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        foreach (var m in new[] { 1, 2, 2.5, 5, 10 })
        {
            if (m * p >= raw * (1 - 1e-9))
            {
                return m * p;
            }
        }

        return 10 * p;
    }
}
