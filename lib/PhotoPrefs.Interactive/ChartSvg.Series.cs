using System.Text.Json;

namespace PhotoPrefs.Interactive;

public static partial class ChartSvg
{
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
}
