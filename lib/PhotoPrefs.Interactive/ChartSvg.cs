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
public static class ChartSvg
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

    /// <summary>One figure being drawn: its traces read into series, its axes, and the SVG written so far.</summary>
    private sealed class Figure
    {
        private readonly JsonElement _layout;
        private readonly List<Series> _series = [];
        private readonly List<string> _unsupported = [];
        private readonly StringBuilder _svg = new();
        private readonly string[] _colorway;
        private readonly string _barmode;
        private readonly int _width;
        private int _height;
        private readonly string _title;
        private ChartAxis _x = null!, _y = null!;
        private ChartAxis? _y2;

        private readonly string _clipId;

        public Figure(List<JsonElement> data, JsonElement layout, string clipId)
        {
            _layout = layout;
            _clipId = clipId;
            var template = Path(layout, "template", "layout");
            _colorway = Strings(Prop(layout, "colorway")) is { Length: > 0 } cw ? cw
                : Strings(Prop(template, "colorway")) is { Length: > 0 } tw ? tw : Colorway;
            _barmode = Str(Prop(layout, "barmode")) ?? "group";
            _width = (int)Math.Round(Num(Prop(layout, "width")) is var w && double.IsFinite(w) && w > 50 ? w : DefaultWidth);
            _height = (int)Math.Round(Num(Prop(layout, "height")) is var h && double.IsFinite(h) && h > 50 ? h : DefaultHeight);
            _title = TitleText(Prop(layout, "title"));
            int index = 0;
            foreach (var trace in data)
            {
                var type = Str(Prop(trace, "type")) ?? "scatter";
                if (Prop(trace, "visible") is { ValueKind: JsonValueKind.False })
                {
                    index++;
                    continue;
                }

                if (!Drawn.Contains(type))
                {
                    _unsupported.Add(type);
                }
                else
                {
                    _series.Add(new Series(trace, type, index, _colorway[index % _colorway.Length]));
                }

                index++;
            }
        }

        public string Draw()
        {
            BuildAxes();
            var legend = _series.Where(s => s.InLegend).ToList();
            bool showLegend = Prop(_layout, "showlegend") is { ValueKind: JsonValueKind.True or JsonValueKind.False } sl ? sl.ValueKind == JsonValueKind.True && legend.Count > 0 : legend.Count > 1;
            bool legendBelow = Str(Path(_layout, "legend", "orientation")) == "h";

            // Margins: the title's lines above, tick labels and axis titles around the plot, the legend beside or below.
            var titleLines = Wrap(_title, _width - 40, TitleSize);
            double top = titleLines.Count > 0 ? 18 + (titleLines.Count * TitleSize * 1.3) : 20;
            double left = 14 + _y.TickLabelWidth() + (_y.Title.Length > 0 ? 22 : 0);
            double right = 20 + (_y2 is null ? 0 : 14 + _y2.TickLabelWidth() + (_y2.Title.Length > 0 ? 22 : 0));
            double bottom = 14 + _x.TickLabelHeight() + (_x.Title.Length > 0 ? 24 : 0);
            double legendWidth = showLegend && !legendBelow ? Math.Min(_width * 0.35, 34 + legend.Max(s => TextWidth(s.Name, FontSize))) : 0;
            right += legendWidth;
            if (showLegend && !legendBelow)
            {
                // a legend beside the plot taller than the figure makes the figure taller, so that no entry is cut
                _height = Math.Max(_height, (int)Math.Ceiling(top + 18 + (legend.Count * 20)));
            }

            List<List<Series>> legendRows = [];
            if (showLegend && legendBelow)
            {
                legendRows = LegendRows(legend, _width - left - right);
                bottom += 8 + (legendRows.Count * 20);
            }

            double plotLeft = left, plotTop = top, plotRight = Math.Max(left + 40, _width - right), plotBottom = Math.Max(top + 40, _height - bottom);
            _x.Place(plotLeft, plotRight);
            _y.Place(plotBottom, plotTop);
            _y2?.Place(plotBottom, plotTop);

            _svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"pp-svg\" width=\"{_width}\" height=\"{_height}\" viewBox=\"0 0 {_width} {_height}\" role=\"img\" aria-label=\"{Esc(_title.Length > 0 ? _title : "chart")}\" font-family=\"-apple-system, 'Segoe UI', Helvetica, Arial, sans-serif\" font-size=\"{F(FontSize)}\" style=\"max-width:100%;height:auto\">");
            _svg.Append("<title>").Append(Esc(_title.Length > 0 ? _title : "chart")).Append("</title>");
            _svg.Append(CultureInfo.InvariantCulture, $"<rect width=\"{_width}\" height=\"{_height}\" fill=\"#fff\"/>");
            _svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(plotLeft)}\" y=\"{F(plotTop)}\" width=\"{F(plotRight - plotLeft)}\" height=\"{F(plotBottom - plotTop)}\" fill=\"#fafbfd\" stroke=\"#d9dde3\"/>");
            Grid(plotLeft, plotTop, plotRight, plotBottom);
            _svg.Append(CultureInfo.InvariantCulture, $"<clipPath id=\"{_clipId}\"><rect x=\"{F(plotLeft)}\" y=\"{F(plotTop)}\" width=\"{F(plotRight - plotLeft)}\" height=\"{F(plotBottom - plotTop)}\"/></clipPath>");
            _svg.Append(CultureInfo.InvariantCulture, $"<g class=\"pp-traces\" clip-path=\"url(#{_clipId})\">");
            DrawBars();
            foreach (var s in _series)
            {
                if (s.Type == "heatmap")
                {
                    DrawHeatmap(s);
                }
            }

            foreach (var s in _series)
            {
                if (s.Type is "scatter" or "scattergl")
                {
                    DrawScatter(s);
                }
            }

            Shapes(plotLeft, plotTop, plotRight, plotBottom);
            _svg.Append("</g>");
            Ticks(plotLeft, plotTop, plotRight, plotBottom);
            for (int i = 0; i < titleLines.Count; i++)
            {
                _svg.Append(CultureInfo.InvariantCulture, $"<text class=\"pp-title\" x=\"{F(_width / 2.0)}\" y=\"{F(8 + ((i + 1) * TitleSize * 1.2))}\" text-anchor=\"middle\" font-size=\"{F(TitleSize)}\" fill=\"#2a3f5f\">{Esc(titleLines[i])}</text>");
            }

            if (_x.Title.Length > 0)
            {
                _svg.Append(CultureInfo.InvariantCulture, $"<text class=\"pp-axis-title\" data-axis=\"x\" x=\"{F((plotLeft + plotRight) / 2)}\" y=\"{F(plotBottom + _x.TickLabelHeight() + 22)}\" text-anchor=\"middle\" fill=\"#2a3f5f\">{Esc(_x.Title)}</text>");
            }

            if (_y.Title.Length > 0)
            {
                double yx = plotLeft - _y.TickLabelWidth() - 16;
                _svg.Append(CultureInfo.InvariantCulture, $"<text class=\"pp-axis-title\" data-axis=\"y\" x=\"{F(yx)}\" y=\"{F((plotTop + plotBottom) / 2)}\" text-anchor=\"middle\" transform=\"rotate(-90 {F(yx)} {F((plotTop + plotBottom) / 2)})\" fill=\"#2a3f5f\">{Esc(_y.Title)}</text>");
            }

            if (_y2 is { Title.Length: > 0 })
            {
                double yx = plotRight + _y2.TickLabelWidth() + 22;
                _svg.Append(CultureInfo.InvariantCulture, $"<text class=\"pp-axis-title\" data-axis=\"y2\" x=\"{F(yx)}\" y=\"{F((plotTop + plotBottom) / 2)}\" text-anchor=\"middle\" transform=\"rotate(90 {F(yx)} {F((plotTop + plotBottom) / 2)})\" fill=\"#2a3f5f\">{Esc(_y2.Title)}</text>");
            }

            if (showLegend)
            {
                if (legendBelow)
                {
                    Legend(legendRows, plotLeft, _height - (legendRows.Count * 20) - 4);
                }
                else
                {
                    Legend(legend.Select(s => new List<Series> { s }).ToList(), _width - legendWidth + 4, plotTop + 4);
                }
            }

            if (_unsupported.Count > 0 || _series.Count == 0)
            {
                var note = _unsupported.Count > 0
                    ? $"not drawn in this static figure: {string.Join(", ", _unsupported.Distinct().Select(t => $"'{t}' traces"))} (the interactive chart shows them)"
                    : "no data to draw";
                _svg.Append(CultureInfo.InvariantCulture, $"<text class=\"pp-unsupported\" x=\"{F((plotLeft + plotRight) / 2)}\" y=\"{F((plotTop + plotBottom) / 2)}\" text-anchor=\"middle\" fill=\"#8a1f11\">{Esc(note)}</text>");
            }

            return _svg.Append("</svg>").ToString();
        }

        // Axes: which values land on which axis, and whether an axis holds categories or numbers.
        private void BuildAxes()
        {
            _x = new ChartAxis(Prop(_layout, "xaxis"));
            _y = new ChartAxis(Prop(_layout, "yaxis"));
            if (_series.Any(s => s.YAxis == "y2"))
            {
                _y2 = new ChartAxis(Prop(_layout, "yaxis2"));
            }

            // A numeric value as a string ("3") counts as a number, as in plotly.js; any other string makes categories.
            foreach (var s in _series)
            {
                var y = YAxisOf(s);
                switch (s.Type)
                {
                    case "heatmap":
                        _x.AddCategories(s.HeatmapX());
                        y.AddCategories(s.HeatmapY());
                        break;
                    case "bar" when s.Horizontal:
                        y.AddValues(s.Y);
                        break;
                    case "bar":
                        _x.AddValues(s.X);
                        break;
                    case "histogram":
                        break;
                    default:
                        _x.AddValues(s.X);
                        y.AddValues(s.Y);
                        break;
                }
            }

            // Histograms share one set of bins, so that several compare bin by bin.
            var hist = _series.Where(s => s.Type == "histogram").ToList();
            if (hist.Count > 0)
            {
                Series.Bin(hist);
            }

            var stacks = new Dictionary<(string Axis, double Pos, bool Negative), double>();
            foreach (var s in _series)
            {
                var y = YAxisOf(s);
                switch (s.Type)
                {
                    case "scatter" or "scattergl":
                        _x.Extend(s.X.Select(_x.Position), pad: true);
                        y.Extend(s.Y.Select(y.Position), pad: true);
                        break;
                    case "bar":
                        var cat = s.Horizontal ? y : _x;
                        var val = s.Horizontal ? _x : y;
                        var cats = s.Horizontal ? s.Y : s.X;
                        var vals = s.Horizontal ? s.X : s.Y;
                        val.Extend([0], pad: false);
                        for (int i = 0; i < vals.Length; i++)
                        {
                            double v = val.Position(vals[i]);
                            double p = cat.Position(i < cats.Length ? cats[i] : i);
                            if (_barmode is "stack" or "relative" && double.IsFinite(v) && double.IsFinite(p))
                            {
                                var key = (s.YAxis, p, v < 0);
                                double baseValue = stacks.GetValueOrDefault(key);
                                stacks[key] = baseValue + v;
                                s.Bases.Add(baseValue);
                                v += baseValue;
                            }
                            else
                            {
                                s.Bases.Add(0);
                            }

                            val.Extend([v], pad: true, keepZero: true);
                        }

                        cat.NoteBars(Enumerable.Range(0, vals.Length).Select(i => cat.Position(i < cats.Length ? cats[i] : i)));
                        break;
                    case "histogram":
                        var hv = s.Horizontal ? y : _x;
                        var hc = s.Horizontal ? _x : y;
                        hv.Extend(s.BinEdges, pad: false);
                        hc.Extend([0], pad: false);
                        hc.Extend(s.Counts, pad: true, keepZero: true);
                        break;
                    case "heatmap":
                        _x.Extend([-0.5, _x.Categories.Count - 0.5], pad: false);
                        y.Extend([-0.5, y.Categories.Count - 0.5], pad: false);
                        break;
                }
            }

            // The plot's width is not known before the tick labels are measured; the figure's width stands in for it.
            _x.Finish(FontSize, horizontal: true, _width - 100);
            _y.Finish(FontSize, horizontal: false, _height - 100);
            _y2?.Finish(FontSize, horizontal: false, _height - 100);
        }

        private ChartAxis YAxisOf(Series s) => s.YAxis == "y2" && _y2 is not null ? _y2 : _y;

        private void Grid(double left, double top, double right, double bottom)
        {
            _svg.Append("<g class=\"pp-grid\" stroke=\"#e3e7ee\" stroke-width=\"1\">");
            if (!_x.Categorical)
            {
                foreach (var t in _x.Ticks)
                {
                    _svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(_x.Pixel(t.Value))}\" y1=\"{F(top)}\" x2=\"{F(_x.Pixel(t.Value))}\" y2=\"{F(bottom)}\"/>");
                }
            }

            if (!_y.Categorical)
            {
                foreach (var t in _y.Ticks)
                {
                    _svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(left)}\" y1=\"{F(_y.Pixel(t.Value))}\" x2=\"{F(right)}\" y2=\"{F(_y.Pixel(t.Value))}\"/>");
                }
            }

            _svg.Append("</g>");
            foreach (var (axis, horizontal) in new[] { (_x, true), (_y, false) })
            {
                if (!axis.Categorical && axis.Lo < 0 && axis.Hi > 0)
                {
                    double z = axis.Pixel(0);
                    _svg.Append(horizontal
                        ? $"<line class=\"pp-zero\" x1=\"{F(z)}\" y1=\"{F(top)}\" x2=\"{F(z)}\" y2=\"{F(bottom)}\" stroke=\"#b8c0cc\"/>"
                        : $"<line class=\"pp-zero\" x1=\"{F(left)}\" y1=\"{F(z)}\" x2=\"{F(right)}\" y2=\"{F(z)}\" stroke=\"#b8c0cc\"/>");
                }
            }
        }

        private void Ticks(double left, double top, double right, double bottom)
        {
            _svg.Append("<g class=\"pp-ticks\" fill=\"#506784\">");
            bool rotate = _x.RotateLabels;
            foreach (var t in _x.Ticks)
            {
                double px = _x.Pixel(t.Value);
                _svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(px)}\" y1=\"{F(bottom)}\" x2=\"{F(px)}\" y2=\"{F(bottom + 4)}\" stroke=\"#506784\"/>");
                _svg.Append(rotate
                    ? string.Create(CultureInfo.InvariantCulture, $"<text class=\"pp-tick\" data-axis=\"x\" x=\"{F(px)}\" y=\"{F(bottom + 14)}\" text-anchor=\"end\" transform=\"rotate(-40 {F(px)} {F(bottom + 14)})\">{Esc(t.Label)}</text>")
                    : string.Create(CultureInfo.InvariantCulture, $"<text class=\"pp-tick\" data-axis=\"x\" x=\"{F(px)}\" y=\"{F(bottom + 17)}\" text-anchor=\"middle\">{Esc(t.Label)}</text>"));
            }

            foreach (var t in _y.Ticks)
            {
                double py = _y.Pixel(t.Value);
                _svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(left - 4)}\" y1=\"{F(py)}\" x2=\"{F(left)}\" y2=\"{F(py)}\" stroke=\"#506784\"/>");
                _svg.Append(CultureInfo.InvariantCulture, $"<text class=\"pp-tick\" data-axis=\"y\" x=\"{F(left - 7)}\" y=\"{F(py + 4)}\" text-anchor=\"end\">{Esc(t.Label)}</text>");
            }

            if (_y2 is not null)
            {
                foreach (var t in _y2.Ticks)
                {
                    double py = _y2.Pixel(t.Value);
                    _svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(right)}\" y1=\"{F(py)}\" x2=\"{F(right + 4)}\" y2=\"{F(py)}\" stroke=\"#506784\"/>");
                    _svg.Append(CultureInfo.InvariantCulture, $"<text class=\"pp-tick\" data-axis=\"y2\" x=\"{F(right + 7)}\" y=\"{F(py + 4)}\" text-anchor=\"start\">{Esc(t.Label)}</text>");
                }
            }

            _svg.Append("</g>");
        }

        // Bars of bar and histogram traces; traces that share a category are set side by side ("group", the default).
        private void DrawBars()
        {
            var bars = _series.Where(s => s.Type is "bar" or "histogram").ToList();
            if (bars.Count == 0)
            {
                return;
            }

            bool grouped = _barmode == "group" && bars.Count > 1;
            for (int b = 0; b < bars.Count; b++)
            {
                var s = bars[b];
                var y = YAxisOf(s);
                var cat = s.Horizontal ? y : _x;
                var val = s.Horizontal ? _x : y;
                _svg.Append("<g class=\"pp-trace\" data-type=\"").Append(s.Type).Append("\" data-name=\"").Append(Esc(s.Name)).Append(_barmode == "overlay" && bars.Count > 1 ? "\" opacity=\"0.6\">" : "\">");
                if (s.Type == "histogram")
                {
                    for (int i = 0; i < s.Counts.Length; i++)
                    {
                        double lo = s.BinEdges[i], hi = s.BinEdges[i + 1], width = hi - lo;
                        if (grouped)
                        {
                            (lo, hi) = (lo + (width * b / bars.Count), lo + (width * (b + 1) / bars.Count));
                        }

                        Bar(s, cat, val, lo, hi, 0, s.Counts[i], s.Color(i), null);
                    }
                }
                else
                {
                    var cats = s.Horizontal ? s.Y : s.X;
                    var vals = s.Horizontal ? s.X : s.Y;
                    double slot = cat.Spacing * 0.8;
                    for (int i = 0; i < vals.Length; i++)
                    {
                        double p = cat.Position(i < cats.Length ? cats[i] : i), v = val.Position(vals[i]);
                        if (!double.IsFinite(p) || !double.IsFinite(v))
                        {
                            continue;
                        }

                        double lo = p - (slot / 2), hi = p + (slot / 2);
                        if (grouped)
                        {
                            (lo, hi) = (lo + (slot * b / bars.Count), lo + (slot * (b + 1) / bars.Count));
                        }

                        Bar(s, cat, val, lo, hi, s.Bases[i], s.Bases[i] + v, s.Color(i), s.TextAt(i));
                        Whisker(s, cat, val, (lo + hi) / 2, s.Bases[i] + v, i);
                    }
                }

                _svg.Append("</g>");
            }
        }

        // An error bar (error_y or error_x of type "data") from the value minus its arrayminus to the value plus its array.
        private void Whisker(Series s, ChartAxis cat, ChartAxis val, double at, double value, int i)
        {
            if (s.ErrorPlus(i) is not { } plus)
            {
                return;
            }

            double minus = s.ErrorMinus(i) ?? plus, c = cat.Pixel(at), v0 = val.Pixel(value - minus), v1 = val.Pixel(value + plus);
            string line(double x1, double y1, double x2, double y2) => string.Create(CultureInfo.InvariantCulture, $"<line x1=\"{F(x1)}\" y1=\"{F(y1)}\" x2=\"{F(x2)}\" y2=\"{F(y2)}\"/>");
            _svg.Append("<g class=\"pp-error\" stroke=\"#444\" stroke-width=\"1.5\">")
                .Append(s.Horizontal ? line(v0, c, v1, c) + line(v0, c - 3, v0, c + 3) + line(v1, c - 3, v1, c + 3) : line(c, v0, c, v1) + line(c - 3, v0, c + 3, v0) + line(c - 3, v1, c + 3, v1))
                .Append("</g>");
        }

        private void Bar(Series s, ChartAxis cat, ChartAxis val, double lo, double hi, double from, double to, string color, string? text)
        {
            double c0 = cat.Pixel(lo), c1 = cat.Pixel(hi), v0 = val.Pixel(from), v1 = val.Pixel(to);
            double x = s.Horizontal ? Math.Min(v0, v1) : Math.Min(c0, c1), yTop = s.Horizontal ? Math.Min(c0, c1) : Math.Min(v0, v1);
            double w = s.Horizontal ? Math.Abs(v1 - v0) : Math.Abs(c1 - c0), h = s.Horizontal ? Math.Abs(c1 - c0) : Math.Abs(v1 - v0);
            _svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"pp-bar\" x=\"{F(x)}\" y=\"{F(yTop)}\" width=\"{F(w)}\" height=\"{F(h)}\" fill=\"{Esc(color)}\"{(s.Type == "histogram" ? " stroke=\"#fff\" stroke-width=\"0.5\"" : "")}/>");
            if (string.IsNullOrEmpty(text))
            {
                return;
            }

            // Text outside the bar's end, shrunk to the bar's width (and left out where it cannot be read).
            double room = s.Horizontal ? 200 : w;
            double size = Math.Min(FontSize - 1, room / Math.Max(1, text.Length * 0.58));
            if (size < 6)
            {
                return;
            }

            bool up = to >= from;
            _svg.Append(s.Horizontal
                ? string.Create(CultureInfo.InvariantCulture, $"<text class=\"pp-bar-text\" x=\"{F(up ? x + w + 3 : x - 3)}\" y=\"{F(yTop + (h / 2) + (size / 3))}\" text-anchor=\"{(up ? "start" : "end")}\" font-size=\"{F(size)}\" fill=\"#2a3f5f\">{Esc(text)}</text>")
                : string.Create(CultureInfo.InvariantCulture, $"<text class=\"pp-bar-text\" x=\"{F(x + (w / 2))}\" y=\"{F(up ? yTop - 3 : yTop + h + size)}\" text-anchor=\"middle\" font-size=\"{F(size)}\" fill=\"#2a3f5f\">{Esc(text)}</text>"));
        }

        private void DrawScatter(Series s)
        {
            var y = YAxisOf(s);
            _svg.Append(CultureInfo.InvariantCulture, $"<g class=\"pp-trace\" data-type=\"scatter\" data-name=\"{Esc(s.Name)}\">");
            int n = Math.Min(s.X.Length, s.Y.Length);
            var px = new double[n];
            var py = new double[n];
            for (int i = 0; i < n; i++)
            {
                double xv = _x.Position(s.X[i]), yv = y.Position(s.Y[i]);
                (px[i], py[i]) = double.IsFinite(xv) && double.IsFinite(yv) ? (_x.Pixel(xv), y.Pixel(yv)) : (double.NaN, double.NaN);
            }

            if (s.Lines)
            {
                // A missing value breaks the line, as plotly.js draws it (connectgaps false).
                var d = new StringBuilder();
                bool pen = false;
                for (int i = 0; i < n; i++)
                {
                    if (double.IsNaN(px[i]))
                    {
                        pen = false;
                        continue;
                    }

                    d.Append(pen ? 'L' : 'M').Append(F(px[i])).Append(',').Append(F(py[i]));
                    pen = true;
                }

                if (d.Length > 0)
                {
                    _svg.Append(CultureInfo.InvariantCulture, $"<path class=\"pp-line\" d=\"{d}\" fill=\"none\" stroke=\"{Esc(s.LineColor)}\" stroke-width=\"{F(s.LineWidth)}\" stroke-linejoin=\"round\"{Dash(s.Dash, s.LineWidth)}/>");
                }
            }

            if (s.Markers)
            {
                for (int i = 0; i < n; i++)
                {
                    if (!double.IsNaN(px[i]))
                    {
                        _svg.Append(CultureInfo.InvariantCulture, $"<circle class=\"pp-mark\" cx=\"{F(px[i])}\" cy=\"{F(py[i])}\" r=\"{F(s.MarkerSize(i) / 2)}\" fill=\"{Esc(s.Color(i))}\"/>");
                    }
                }
            }

            if (s.TextMode)
            {
                for (int i = 0; i < n; i++)
                {
                    if (!double.IsNaN(px[i]) && s.TextAt(i) is { Length: > 0 } t)
                    {
                        _svg.Append(CultureInfo.InvariantCulture, $"<text class=\"pp-point-text\" x=\"{F(px[i])}\" y=\"{F(py[i] - (s.Markers ? (s.MarkerSize(i) / 2) + 3 : -4))}\" text-anchor=\"middle\" font-size=\"{F(FontSize - 1)}\" fill=\"#2a3f5f\">{Esc(t)}</text>");
                    }
                }
            }

            _svg.Append("</g>");
        }

        private void DrawHeatmap(Series s)
        {
            var y = YAxisOf(s);
            var z = s.Z;
            var finite = z.SelectMany(r => r).Where(double.IsFinite).ToList();
            double zmin = Num(Prop(s.Trace, "zmin")) is var a && double.IsFinite(a) ? a : finite.DefaultIfEmpty(0).Min();
            double zmax = Num(Prop(s.Trace, "zmax")) is var b && double.IsFinite(b) ? b : finite.DefaultIfEmpty(1).Max();
            var scale = ColorScale.Of(Prop(s.Trace, "colorscale"), Path(_layout, "template", "layout", "colorscale", "sequential"), Prop(s.Trace, "reversescale") is { ValueKind: JsonValueKind.True });
            var template = Str(Prop(s.Trace, "texttemplate"));
            var xs = s.HeatmapX();
            var ys = s.HeatmapY();
            _svg.Append(CultureInfo.InvariantCulture, $"<g class=\"pp-trace\" data-type=\"heatmap\" data-name=\"{Esc(s.Name)}\">");
            for (int r = 0; r < z.Length; r++)
            {
                for (int c = 0; c < z[r].Length; c++)
                {
                    double v = z[r][c];
                    double x0 = _x.Pixel(_x.Position(xs[c]) - 0.5), x1 = _x.Pixel(_x.Position(xs[c]) + 0.5);
                    double y0 = y.Pixel(y.Position(ys[r]) - 0.5), y1 = y.Pixel(y.Position(ys[r]) + 0.5);
                    double t = zmax > zmin ? (v - zmin) / (zmax - zmin) : 0.5;
                    var fill = double.IsFinite(v) ? scale.At(t) : (255, 255, 255);
                    _svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"pp-cell\" x=\"{F(Math.Min(x0, x1))}\" y=\"{F(Math.Min(y0, y1))}\" width=\"{F(Math.Abs(x1 - x0))}\" height=\"{F(Math.Abs(y1 - y0))}\" fill=\"{ColorScale.Hex(fill)}\"/>");
                    if (template is not null && double.IsFinite(v))
                    {
                        var text = template.Replace("%{text}", s.TextAt(r, c), StringComparison.Ordinal)
                            .Replace("%{z}", Label(v), StringComparison.Ordinal)
                            .Replace("%{x}", xs[c]?.ToString() ?? "", StringComparison.Ordinal)
                            .Replace("%{y}", ys[r]?.ToString() ?? "", StringComparison.Ordinal);
                        text = System.Text.RegularExpressions.Regex.Replace(text, "%\\{[^}]*\\}", "");
                        var ink = ColorScale.Luminance(fill) < 0.5 ? "#fff" : "#1b1b1b";
                        _svg.Append(CultureInfo.InvariantCulture, $"<text class=\"pp-cell-text\" x=\"{F((x0 + x1) / 2)}\" y=\"{F(((y0 + y1) / 2) + 5)}\" text-anchor=\"middle\" font-size=\"14\" fill=\"{ink}\">{Esc(text)}</text>");
                    }
                }
            }

            _svg.Append("</g>");
        }

        private void Shapes(double left, double top, double right, double bottom)
        {
            if (Prop(_layout, "shapes") is not { ValueKind: JsonValueKind.Array } shapes)
            {
                return;
            }

            foreach (var shape in shapes.EnumerateArray())
            {
                var type = Str(Prop(shape, "type")) ?? "rect";
                if (type is not ("line" or "rect"))
                {
                    continue;
                }

                double X(string key) => Str(Prop(shape, "xref")) == "paper" ? left + ((right - left) * Num(Prop(shape, key))) : _x.Pixel(_x.Position(Value(Prop(shape, key))));
                double Y(string key)
                {
                    var yref = Str(Prop(shape, "yref")) ?? "y";
                    var axis = yref == "y2" && _y2 is not null ? _y2 : _y;
                    return yref == "paper" ? bottom - ((bottom - top) * Num(Prop(shape, key))) : axis.Pixel(axis.Position(Value(Prop(shape, key))));
                }

                double x0 = X("x0"), x1 = X("x1"), y0 = Y("y0"), y1 = Y("y1");
                if (!new[] { x0, x1, y0, y1 }.All(double.IsFinite))
                {
                    continue;
                }

                var stroke = Str(Path(shape, "line", "color")) ?? "#444";
                double width = Num(Path(shape, "line", "width")) is var lw && double.IsFinite(lw) ? lw : 2;
                var dash = Dash(Str(Path(shape, "line", "dash")), width);
                _svg.Append(type == "line"
                    ? string.Create(CultureInfo.InvariantCulture, $"<line class=\"pp-shape\" x1=\"{F(x0)}\" y1=\"{F(y0)}\" x2=\"{F(x1)}\" y2=\"{F(y1)}\" stroke=\"{Esc(stroke)}\" stroke-width=\"{F(width)}\"{dash}/>")
                    : string.Create(CultureInfo.InvariantCulture, $"<rect class=\"pp-shape\" x=\"{F(Math.Min(x0, x1))}\" y=\"{F(Math.Min(y0, y1))}\" width=\"{F(Math.Abs(x1 - x0))}\" height=\"{F(Math.Abs(y1 - y0))}\" fill=\"{Esc(Str(Prop(shape, "fillcolor")) ?? "none")}\" fill-opacity=\"{F(Num(Prop(shape, "opacity")) is var o && double.IsFinite(o) ? o : 1)}\" stroke=\"{Esc(stroke)}\" stroke-width=\"{F(width)}\"{dash}/>"));
            }
        }

        private static List<List<Series>> LegendRows(List<Series> legend, double width)
        {
            var rows = new List<List<Series>> { new() };
            double used = 0;
            foreach (var s in legend)
            {
                double w = 40 + TextWidth(s.Name, FontSize);
                if (rows[^1].Count > 0 && used + w > width)
                {
                    rows.Add([]);
                    used = 0;
                }

                rows[^1].Add(s);
                used += w;
            }

            return rows;
        }

        private void Legend(List<List<Series>> rows, double left, double top)
        {
            _svg.Append("<g class=\"pp-legend\">");
            for (int r = 0; r < rows.Count; r++)
            {
                double x = left, y = top + (r * 20) + 10;
                foreach (var s in rows[r])
                {
                    _svg.Append("<g class=\"pp-legend-item\">");
                    if (s.Type is "bar" or "histogram" or "heatmap")
                    {
                        _svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(x + 4)}\" y=\"{F(y - 6)}\" width=\"18\" height=\"12\" fill=\"{Esc(s.Color(0))}\"/>");
                    }
                    else
                    {
                        if (s.Lines)
                        {
                            _svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(x)}\" y1=\"{F(y)}\" x2=\"{F(x + 26)}\" y2=\"{F(y)}\" stroke=\"{Esc(s.LineColor)}\" stroke-width=\"{F(Math.Min(4, s.LineWidth))}\"{Dash(s.Dash, s.LineWidth)}/>");
                        }

                        if (s.Markers)
                        {
                            _svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{F(x + 13)}\" cy=\"{F(y)}\" r=\"4\" fill=\"{Esc(s.LegendColor)}\"/>");
                        }
                    }

                    _svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(x + 32)}\" y=\"{F(y + 4)}\" fill=\"#2a3f5f\">{Esc(s.Name)}</text></g>");
                    x += 40 + TextWidth(s.Name, FontSize);
                }
            }

            _svg.Append("</g>");
        }
    }

    /// <summary>One trace's data as drawn: values per point, resolved colours and sizes, and histogram bins.</summary>
    private sealed class Series
    {
        public Series(JsonElement trace, string type, int index, string defaultColor)
        {
            Trace = trace;
            Type = type;
            Name = Str(Prop(trace, "name")) ?? $"trace {index}";
            YAxis = Str(Prop(trace, "yaxis")) ?? "y";
            Horizontal = Str(Prop(trace, "orientation")) == "h" || (type == "histogram" && Prop(trace, "x").ValueKind != JsonValueKind.Array && Prop(trace, "y").ValueKind == JsonValueKind.Array);
            var x = Values(Prop(trace, "x"));
            var y = Values(Prop(trace, "y"));
            int n = Math.Max(x.Length, y.Length);
            // A trace with only y (or only x) counts its points 0, 1, 2 ... along the other axis.
            X = x.Length > 0 || type is "histogram" or "heatmap" ? x : Enumerable.Range(0, n).Select(i => (object?)(double)i).ToArray();
            Y = y.Length > 0 || type is "histogram" or "heatmap" ? y : Enumerable.Range(0, n).Select(i => (object?)(double)i).ToArray();
            var mode = Str(Prop(trace, "mode")) ?? (n < 20 ? "lines+markers" : "lines");
            Lines = mode.Contains("lines", StringComparison.Ordinal);
            Markers = mode.Contains("markers", StringComparison.Ordinal);
            TextMode = mode.Contains("text", StringComparison.Ordinal) || type == "bar";
            var markerColor = Prop(Prop(trace, "marker"), "color");
            _colors = markerColor.ValueKind == JsonValueKind.Array ? markerColor.EnumerateArray().Select(c => Str(c) ?? defaultColor).ToArray() : [Str(markerColor) ?? defaultColor];
            LineColor = Str(Path(trace, "line", "color")) ?? (markerColor.ValueKind == JsonValueKind.String ? _colors[0] : defaultColor);
            LineWidth = Num(Path(trace, "line", "width")) is var w && double.IsFinite(w) ? w : 2;
            Dash = Str(Path(trace, "line", "dash"));
            var size = Prop(Prop(trace, "marker"), "size");
            _sizes = size.ValueKind == JsonValueKind.Array ? size.EnumerateArray().Select(Num).ToArray() : [Num(size) is var sz && double.IsFinite(sz) ? sz : 6];
            InLegend = type != "heatmap" && Prop(trace, "showlegend").ValueKind != JsonValueKind.False;
            var error = Prop(trace, Horizontal ? "error_x" : "error_y");
            bool dataError = Str(Prop(error, "type")) == "data" && Prop(error, "visible").ValueKind != JsonValueKind.False;
            _errorPlus = dataError ? Values(Prop(error, "array")).Select(v => v is double d ? d : double.NaN).ToArray() : [];
            _errorMinus = dataError && Prop(error, "symmetric").ValueKind == JsonValueKind.False ? Values(Prop(error, "arrayminus")).Select(v => v is double d ? d : double.NaN).ToArray() : _errorPlus;
            var text = Prop(trace, "text");
            _text = text.ValueKind == JsonValueKind.Array ? text.EnumerateArray().ToArray() : [];
            _oneText = text.ValueKind == JsonValueKind.String ? text.GetString() : null;
        }

        public JsonElement Trace { get; }

        /// <summary>The error bar above point <paramref name="i"/> (null where there is none).</summary>
        public double? ErrorPlus(int i) => i < _errorPlus.Length && double.IsFinite(_errorPlus[i]) ? _errorPlus[i] : null;

        /// <summary>The error bar below point <paramref name="i"/> (null where there is none).</summary>
        public double? ErrorMinus(int i) => i < _errorMinus.Length && double.IsFinite(_errorMinus[i]) ? _errorMinus[i] : null;

        public string Type { get; }

        public string Name { get; }

        public string YAxis { get; }

        public bool Horizontal { get; }

        public object?[] X { get; }

        public object?[] Y { get; }

        public bool Lines { get; }

        public bool Markers { get; }

        public bool TextMode { get; }

        public string LineColor { get; }

        public double LineWidth { get; }

        public string? Dash { get; }

        public bool InLegend { get; }

        public List<double> Bases { get; } = [];

        public double[] BinEdges { get; private set; } = [];

        public double[] Counts { get; private set; } = [];

        /// <summary>The first colour that is not black (a highlighted point), for the legend.</summary>
        public string LegendColor => _colors.FirstOrDefault(c => c is not ("black" or "#000" or "#000000")) ?? _colors[0];

        private readonly string[] _colors;
        private readonly double[] _sizes;
        private readonly JsonElement[] _text;
        private readonly double[] _errorPlus;
        private readonly double[] _errorMinus;
        private readonly string? _oneText;

        public double[][] Z => Prop(Trace, "z") is { ValueKind: JsonValueKind.Array } z
            ? z.EnumerateArray().Select(r => r.ValueKind == JsonValueKind.Array ? r.EnumerateArray().Select(Num).ToArray() : [Num(r)]).ToArray()
            : [];

        public string Color(int i) => _colors[_colors.Length == 1 ? 0 : i % _colors.Length];

        public double MarkerSize(int i) => _sizes[_sizes.Length == 1 ? 0 : i % _sizes.Length] is var s && double.IsFinite(s) ? s : 6;

        public string? TextAt(int i) => i < _text.Length ? Str(_text[i]) ?? Label(Num(_text[i])) : _oneText;

        public string TextAt(int r, int c) =>
            r < _text.Length && _text[r].ValueKind == JsonValueKind.Array && c < _text[r].GetArrayLength() ? Str(_text[r][c]) ?? Label(Num(_text[r][c])) : "";

        public object?[] HeatmapX()
        {
            int columns = Z.Select(r => r.Length).DefaultIfEmpty(0).Max();
            return X.Length >= columns ? X[..columns] : X.Concat(Enumerable.Range(X.Length, columns - X.Length).Select(i => (object?)(double)i)).ToArray();
        }

        public object?[] HeatmapY()
        {
            int rows = Z.Length;
            return Y.Length >= rows ? Y[..rows] : Y.Concat(Enumerable.Range(Y.Length, rows - Y.Length).Select(i => (object?)(double)i)).ToArray();
        }

        /// <summary>
        /// Bins histograms together as plotly.js does: the given <c>xbins</c>, or a round bin width (1, 2 or 5 times a
        /// power of ten) that gives at most <c>nbinsx</c> bins (default 30 here), starting at a multiple of it.
        /// </summary>
        public static void Bin(List<Series> histograms)
        {
            var all = histograms.SelectMany(h => h.Raw()).Where(double.IsFinite).ToList();
            var first = histograms[0].Trace;
            var bins = Prop(first, histograms[0].Horizontal ? "ybins" : "xbins");
            double size = Num(Prop(bins, "size")), start = Num(Prop(bins, "start")), end = Num(Prop(bins, "end"));
            if (all.Count == 0)
            {
                all.Add(0);
            }

            double lo = all.Min(), hi = all.Max();
            if (!(double.IsFinite(size) && size > 0))
            {
                double n = Num(Prop(first, histograms[0].Horizontal ? "nbinsy" : "nbinsx")) is var nb && double.IsFinite(nb) && nb >= 1 ? nb : 30;
                size = hi > lo ? NiceAtLeast((hi - lo) / n) : 1;
            }

            if (!double.IsFinite(start))
            {
                start = Math.Floor(lo / size) * size;
            }

            if (!double.IsFinite(end))
            {
                end = Math.Max(start + size, (Math.Floor((hi - start) / size) + 1) * size + start);
            }

            int count = Math.Clamp((int)Math.Ceiling(((end - start) / size) - 1e-9), 1, 10_000);
            var edges = Enumerable.Range(0, count + 1).Select(i => start + (i * size)).ToArray();
            foreach (var h in histograms)
            {
                var counts = new double[count];
                foreach (var v in h.Raw().Where(double.IsFinite))
                {
                    int i = (int)Math.Floor((v - start) / size);
                    if (i >= 0 && i < count)
                    {
                        counts[i]++;
                    }
                }

                var norm = Str(Prop(h.Trace, "histnorm")) ?? "";
                double total = counts.Sum();
                if (total > 0 && norm is "percent" or "probability" or "density" or "probability density")
                {
                    double f = norm switch { "percent" => 100 / total, "probability" => 1 / total, "density" => 1 / size, _ => 1 / (total * size) };
                    counts = counts.Select(c => c * f).ToArray();
                }

                h.BinEdges = edges;
                h.Counts = counts;
            }
        }

        private IEnumerable<double> Raw() => (Horizontal ? Y : X).Select(v => v is double d ? d : double.NaN);
    }

    /// <summary>One axis: categories or a numeric range, ticks, and where it lies on the page.</summary>
    private sealed class ChartAxis
    {
        private readonly JsonElement _spec;
        private readonly bool _forceCategories;
        private readonly List<object?> _values = [];
        private readonly Dictionary<string, int> _categoryIndex = new(StringComparer.Ordinal);
        private double _dataLo = double.PositiveInfinity, _dataHi = double.NegativeInfinity;
        private bool _padded, _keepZero;
        private double _p0, _p1;

        public ChartAxis(JsonElement spec)
        {
            _spec = spec;
            Title = TitleText(Prop(spec, "title"));
            _forceCategories = Str(Prop(spec, "type")) == "category";
            Reversed = Str(Prop(spec, "autorange")) == "reversed";
        }

        public string Title { get; }

        public bool Reversed { get; }

        public bool Categorical { get; private set; }

        public List<string> Categories { get; } = [];

        public double Lo { get; private set; }

        public double Hi { get; private set; }

        public double Spacing { get; private set; } = double.PositiveInfinity;

        public List<(double Value, string Label)> Ticks { get; } = [];

        public bool RotateLabels { get; private set; }

        public void AddValues(IEnumerable<object?> values)
        {
            foreach (var v in values)
            {
                _values.Add(v);
                if (v is string)
                {
                    Categorical = true;
                }
            }
        }

        public void AddCategories(IEnumerable<object?> values)
        {
            Categorical = true;
            _values.AddRange(values);
        }

        /// <summary>Where a value lies on the axis: the number itself, or a category's index.</summary>
        public double Position(object? value)
        {
            if (Categorical || _forceCategories)
            {
                Categorical = true;
                if (value is null)
                {
                    return double.NaN;
                }

                var key = value is double d ? Label(d) : value.ToString()!;
                if (!_categoryIndex.TryGetValue(key, out int i))
                {
                    i = Categories.Count;
                    _categoryIndex[key] = i;
                    Categories.Add(key);
                }

                return i;
            }

            return value is double n ? n : double.NaN;
        }

        public void Extend(IEnumerable<double> positions, bool pad, bool keepZero = false)
        {
            foreach (var p in positions.Where(double.IsFinite))
            {
                _dataLo = Math.Min(_dataLo, p);
                _dataHi = Math.Max(_dataHi, p);
            }

            _padded |= pad && !keepZero;
            _keepZero |= keepZero;
        }

        private double _barLo = double.PositiveInfinity, _barHi = double.NegativeInfinity;

        /// <summary>Notes where bars stand: the closest two set the bars' width, and the axis makes room for their halves.</summary>
        public void NoteBars(IEnumerable<double> positions)
        {
            var sorted = positions.Where(double.IsFinite).Distinct().Order().ToList();
            for (int i = 1; i < sorted.Count; i++)
            {
                Spacing = Math.Min(Spacing, sorted[i] - sorted[i - 1]);
            }

            if (sorted.Count > 0)
            {
                (_barLo, _barHi) = (Math.Min(_barLo, sorted[0]), Math.Max(_barHi, sorted[^1]));
            }
        }

        public void Finish(double fontSize, bool horizontal, double length)
        {
            if (_forceCategories)
            {
                Categorical = true;
            }

            if (Categorical)
            {
                foreach (var v in _values)
                {
                    Position(v);
                }

                Spacing = 1;
                Lo = -0.5;
                Hi = Math.Max(0.5, Categories.Count - 0.5);
                for (int i = 0; i < Categories.Count; i++)
                {
                    Ticks.Add((i, Categories[i]));
                }
            }
            else
            {
                if (!double.IsFinite(Spacing))
                {
                    Spacing = 1;
                }

                double lo = _dataLo, hi = _dataHi;
                if (double.IsFinite(_barLo))
                {
                    (lo, hi) = (Math.Min(lo, _barLo - (Spacing / 2)), Math.Max(hi, _barHi + (Spacing / 2)));
                    (_dataLo, _dataHi) = (lo, hi);
                }

                if (!double.IsFinite(lo))
                {
                    (lo, hi) = (0, 1);
                }

                if (hi - lo < 1e-12)
                {
                    double d = Math.Abs(lo) > 0 ? Math.Abs(lo) * 0.1 : 1;
                    (lo, hi) = (lo - d, hi + d);
                }
                else if (_padded || _keepZero)
                {
                    double pad = (hi - lo) * 0.05;
                    // Bars keep their zero line; points get room on both sides.
                    lo = _keepZero && lo >= 0 && !_padded ? lo : lo - pad;
                    hi += pad;
                    if (_keepZero && _dataLo >= 0 && lo < 0 && !_padded)
                    {
                        lo = 0;
                    }
                }

                if (Prop(_spec, "range") is { ValueKind: JsonValueKind.Array } range && range.GetArrayLength() == 2
                    && Num(range[0]) is var r0 && Num(range[1]) is var r1 && double.IsFinite(r0) && double.IsFinite(r1) && r0 != r1)
                {
                    (lo, hi) = (Math.Min(r0, r1), Math.Max(r0, r1));
                }

                Lo = lo;
                Hi = hi;
                NumericTicks(horizontal);
            }

            // Tick labels that would collide on a horizontal axis are turned.
            if (horizontal && Ticks.Count > 1)
            {
                double slot = Math.Max(20, length) / Ticks.Count;
                RotateLabels = Ticks.Max(t => TextWidth(t.Label, fontSize)) > slot * 0.9;
            }
        }

        private void NumericTicks(bool horizontal)
        {
            if (Prop(_spec, "tickvals") is { ValueKind: JsonValueKind.Array } vals)
            {
                var labels = Strings(Prop(_spec, "ticktext"));
                int i = 0;
                foreach (var v in vals.EnumerateArray())
                {
                    double n = Num(v);
                    if (double.IsFinite(n) && n >= Lo && n <= Hi)
                    {
                        Ticks.Add((n, labels is not null && i < labels.Length ? labels[i] : Format(n, 0)));
                    }

                    i++;
                }

                return;
            }

            double step = Num(Prop(_spec, "dtick")) is var dt && double.IsFinite(dt) && dt > 0 && (Hi - Lo) / dt <= 60 ? dt : NiceAtLeast((Hi - Lo) / (horizontal ? 7 : 6));
            // Whole numbers (steps, components, k) get whole ticks.
            if (step < 1 && _values.Count > 0 && _values.All(v => v is double d && Math.Abs(d - Math.Round(d)) < 1e-9) && Hi - Lo >= 1)
            {
                step = 1;
            }

            double tick0 = Num(Prop(_spec, "tick0")) is var t0 && double.IsFinite(t0) ? t0 : 0;
            double first = tick0 + (Math.Ceiling(((Lo - tick0) / step) - 1e-9) * step);
            int decimals = Math.Max(0, (int)Math.Ceiling(-Math.Log10(step) - 1e-9));
            // Counted, not summed, so that a step below the numbers' precision cannot loop for ever.
            double span = Math.Floor(((Hi - first) / step) + 1e-9);
            int count = double.IsFinite(span) ? (int)Math.Clamp(span, -1, 200) : -1;
            for (int i = 0; i <= count; i++)
            {
                double v = first + (i * step);
                double r = Math.Abs(v) < step * 1e-9 ? 0 : Math.Round(v, Math.Min(15, decimals + 2));
                Ticks.Add((r, Format(r, decimals)));
            }
        }

        private string Format(double v, int decimals)
        {
            var format = Str(Prop(_spec, "tickformat")) ?? "";
            if (format.EndsWith('%'))
            {
                int d = System.Text.RegularExpressions.Regex.Match(format, "\\.(\\d+)") is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : Math.Max(0, decimals - 2);
                return (v * 100).ToString("F" + d.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) + "%";
            }

            double a = Math.Abs(v);
            if (a >= 1e4 && decimals == 0)
            {
                var (div, suffix) = a >= 1e9 ? (1e9, "G") : a >= 1e6 ? (1e6, "M") : (1e3, "k");
                return (v / div).ToString("0.##", CultureInfo.InvariantCulture) + suffix;
            }

            return v.ToString("F" + Math.Min(decimals, 10).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        }

        public double TickLabelWidth() => Ticks.Count == 0 ? 10 : Ticks.Max(t => TextWidth(t.Label, FontSize));

        public double TickLabelHeight() => RotateLabels ? Math.Min(120, 10 + (Ticks.Max(t => TextWidth(t.Label, FontSize)) * 0.65)) : 18;

        /// <summary>Lays the axis from one page coordinate to another (bottom to top for a y axis).</summary>
        public void Place(double from, double to) => (_p0, _p1) = Reversed ? (to, from) : (from, to);

        /// <summary>The page coordinate of a position on the axis.</summary>
        public double Pixel(double position) => _p0 + ((position - Lo) / (Hi - Lo) * (_p1 - _p0));
    }

    /// <summary>plotly.js colour scales: a few named ones and any given as <c>[[t, colour], ...]</c>.</summary>
    private static class ColorScale
    {
        private static readonly Dictionary<string, (double, string)[]> Named = new(StringComparer.OrdinalIgnoreCase)
        {
            ["Blues"] = [(0, "rgb(5,10,172)"), (0.35, "rgb(40,60,190)"), (0.5, "rgb(70,100,245)"), (0.6, "rgb(90,120,245)"), (0.7, "rgb(106,137,247)"), (1, "rgb(220,220,220)")],
            ["Reds"] = [(0, "rgb(220,220,220)"), (0.2, "rgb(245,195,157)"), (0.4, "rgb(245,160,105)"), (1, "rgb(178,10,28)")],
            ["Greens"] = [(0, "rgb(0,68,27)"), (0.125, "rgb(0,109,44)"), (0.25, "rgb(35,139,69)"), (0.375, "rgb(65,171,93)"), (0.5, "rgb(116,196,118)"), (0.625, "rgb(161,217,155)"), (0.75, "rgb(199,233,192)"), (0.875, "rgb(229,245,224)"), (1, "rgb(247,252,245)")],
            ["Greys"] = [(0, "rgb(0,0,0)"), (1, "rgb(255,255,255)")],
            ["RdBu"] = [(0, "rgb(5,10,172)"), (0.35, "rgb(106,137,247)"), (0.5, "rgb(190,190,190)"), (0.6, "rgb(220,170,132)"), (0.7, "rgb(230,145,90)"), (1, "rgb(178,10,28)")],
            ["Viridis"] = [(0, "#440154"), (0.25, "#3b528b"), (0.5, "#21918c"), (0.75, "#5ec962"), (1, "#fde725")],
            ["Hot"] = [(0, "rgb(0,0,0)"), (0.3, "rgb(230,0,0)"), (0.6, "rgb(255,210,0)"), (1, "rgb(255,255,255)")],
        };

        public readonly record struct Scale((double T, (int R, int G, int B) C)[] Stops)
        {
            public (int R, int G, int B) At(double t)
            {
                t = Math.Clamp(double.IsFinite(t) ? t : 0, 0, 1);
                for (int i = 1; i < Stops.Length; i++)
                {
                    if (t <= Stops[i].T)
                    {
                        var (t0, a) = Stops[i - 1];
                        var (t1, b) = Stops[i];
                        double f = t1 > t0 ? (t - t0) / (t1 - t0) : 0;
                        return ((int)Math.Round(a.R + ((b.R - a.R) * f)), (int)Math.Round(a.G + ((b.G - a.G) * f)), (int)Math.Round(a.B + ((b.B - a.B) * f)));
                    }
                }

                return Stops[^1].C;
            }
        }

        public static Scale Of(JsonElement given, JsonElement templateDefault, bool reversed)
        {
            (double, string)[]? stops = null;
            foreach (var candidate in new[] { given, templateDefault })
            {
                if (stops is not null)
                {
                    break;
                }

                if (Str(candidate) is { } name && Named.TryGetValue(name, out var named))
                {
                    stops = named;
                }
                else if (candidate.ValueKind == JsonValueKind.Array)
                {
                    var list = candidate.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Array && e.GetArrayLength() == 2)
                        .Select(e => (Num(e[0]), Str(e[1]) ?? "")).Where(p => double.IsFinite(p.Item1) && Parse(p.Item2) is not null).ToArray();
                    if (list.Length >= 2)
                    {
                        stops = list;
                    }
                }
            }

            stops ??= Named["RdBu"];
            var parsed = stops.Select(s => (s.Item1, Parse(s.Item2) ?? (0, 0, 0))).OrderBy(s => s.Item1).ToArray();
            if (reversed)
            {
                parsed = parsed.Select(s => (1 - s.Item1, s.Item2)).Reverse().ToArray();
            }

            return new Scale(parsed);
        }

        public static string Hex((int R, int G, int B) c) => string.Create(CultureInfo.InvariantCulture, $"#{c.R:x2}{c.G:x2}{c.B:x2}");

        public static double Luminance((int R, int G, int B) c) => ((0.299 * c.R) + (0.587 * c.G) + (0.114 * c.B)) / 255;

        public static (int R, int G, int B)? Parse(string color)
        {
            var s = color.Trim();
            if (s.StartsWith('#') && (s.Length == 7 || s.Length == 4))
            {
                if (s.Length == 4)
                {
                    s = "#" + s[1] + s[1] + s[2] + s[2] + s[3] + s[3];
                }

                return int.TryParse(s[1..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int v) ? ((v >> 16) & 255, (v >> 8) & 255, v & 255) : null;
            }

            var m = System.Text.RegularExpressions.Regex.Match(s, "^rgba?\\(\\s*([\\d.]+)\\s*,\\s*([\\d.]+)\\s*,\\s*([\\d.]+)");
            if (m.Success)
            {
                int P(int g) => (int)Math.Round(double.Parse(m.Groups[g].Value, CultureInfo.InvariantCulture));
                return (P(1), P(2), P(3));
            }

            return s.ToLowerInvariant() switch { "white" => (255, 255, 255), "black" => (0, 0, 0), _ => null };
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
