using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PhotoPrefs.Interactive;

public static partial class ChartSvg
{
    /// <summary>The figure's marks: bars with their text and error bars, scatter lines and markers, heatmap cells.</summary>
    private sealed partial class Figure
    {
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
    }
}
