using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PhotoPrefs.Interactive;

public static partial class ChartSvg
{
    /// <summary>One figure being drawn: its traces read into series, its axes, and the SVG written so far.</summary>
    private sealed partial class Figure
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
}
