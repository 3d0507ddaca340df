using System.Globalization;
using System.Text.Json;

namespace PhotoPrefs.Interactive;

public static partial class ChartSvg
{
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
}
