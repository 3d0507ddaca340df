using System.Globalization;
using System.Text.Json;

namespace PhotoPrefs.Interactive;

public static partial class ChartSvg
{
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
}
