using System.Text.Json;
using System.Text.Json.Serialization;

namespace PhotoPrefs.Interactive.Plotly;

/// <summary>
/// A plotly.js figure: traces and a layout, typed, serialised by <see cref="ToJson"/> to plotly.js's own
/// JSON schema (attribute names are plotly's lowercase names: <c>showlegend</c>, <c>hovertemplate</c>, …;
/// unset attributes are left out so plotly's defaults apply).
/// </summary>
public sealed class Figure
{
    /// <summary>The traces, drawn in order.</summary>
    public List<Trace> Data { get; } = [];

    /// <summary>The layout.</summary>
    public Layout Layout { get; set; } = new();

    /// <summary>Adds traces.</summary>
    /// <param name="traces">Traces.</param>
    /// <returns>This figure.</returns>
    public Figure Add(params Trace[] traces)
    {
        Data.AddRange(traces);
        return this;
    }

    /// <summary>The serialiser settings: plotly's lowercase attribute names, nulls left out.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = new LowercaseNamingPolicy(),
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        WriteIndented = false,
    };

    /// <summary>The figure as plotly.js JSON: <c>{"data": [...], "layout": {...}}</c>.</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => JsonSerializer.Serialize(new { data = Data, layout = Layout }, JsonOptions);

    /// <summary>The traces as a JSON array.</summary>
    /// <returns>The JSON text.</returns>
    public string DataJson() => JsonSerializer.Serialize(Data, JsonOptions);

    /// <summary>The layout as JSON.</summary>
    /// <returns>The JSON text.</returns>
    public string LayoutJson() => JsonSerializer.Serialize(Layout, JsonOptions);

    private sealed class LowercaseNamingPolicy : JsonNamingPolicy
    {
        public override string ConvertName(string name) => name.ToLowerInvariant();
    }
}

/// <summary>A trace; the <c>type</c> attribute comes from the concrete class.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(Scatter), "scatter")]
[JsonDerivedType(typeof(Bar), "bar")]
[JsonDerivedType(typeof(Heatmap), "heatmap")]
[JsonDerivedType(typeof(Histogram), "histogram")]
[JsonDerivedType(typeof(Image), "image")]
public abstract class Trace
{
    /// <summary>Legend and hover name.</summary>
    public string? Name { get; set; }

    /// <summary>Hover template (plotly syntax, for example <c>%{x}: %{y}&lt;extra&gt;&lt;/extra&gt;</c>).</summary>
    public string? HoverTemplate { get; set; }

    /// <summary>Whether the trace has a legend entry.</summary>
    public bool? ShowLegend { get; set; }

    /// <summary>The x axis it uses (<c>x</c>, <c>x2</c>, …), for subplots.</summary>
    [JsonPropertyName("xaxis")]
    public string? XAxisId { get; set; }

    /// <summary>The y axis it uses (<c>y</c>, <c>y2</c>, …).</summary>
    [JsonPropertyName("yaxis")]
    public string? YAxisId { get; set; }

    /// <summary>Opacity in [0, 1].</summary>
    public double? Opacity { get; set; }
}

/// <summary>Points and lines.</summary>
public sealed class Scatter : Trace
{
    /// <summary>Hover or label text per point.</summary>
    public IReadOnlyList<string>? Text { get; set; }

    /// <summary>x values (numbers, strings or dates).</summary>
    public IReadOnlyList<object>? X { get; set; }

    /// <summary>y values.</summary>
    public IReadOnlyList<object>? Y { get; set; }

    /// <summary><c>lines</c>, <c>markers</c>, <c>lines+markers</c>, <c>text</c>, …</summary>
    public string? Mode { get; set; }

    /// <summary>Marker style.</summary>
    public Marker? Marker { get; set; }

    /// <summary>Line style.</summary>
    public Line? Line { get; set; }

    /// <summary>Extra per-point data for hover templates (<c>%{customdata}</c>).</summary>
    public IReadOnlyList<object>? CustomData { get; set; }

    /// <summary>Where <see cref="Text"/> goes in text mode (<c>top center</c>, …).</summary>
    public string? TextPosition { get; set; }
}

/// <summary>Bars.</summary>
public sealed class Bar : Trace
{
    /// <summary>Hover or label text per point.</summary>
    public IReadOnlyList<string>? Text { get; set; }

    /// <summary>Categories or positions.</summary>
    public IReadOnlyList<object>? X { get; set; }

    /// <summary>Heights.</summary>
    public IReadOnlyList<object>? Y { get; set; }

    /// <summary><c>v</c> or <c>h</c>.</summary>
    public string? Orientation { get; set; }

    /// <summary>Bar colours.</summary>
    public Marker? Marker { get; set; }

    /// <summary>Where <see cref="Text"/> is drawn (<c>auto</c>, <c>outside</c>, …).</summary>
    public string? TextPosition { get; set; }
}

/// <summary>A matrix of colours.</summary>
public sealed class Heatmap : Trace
{
    /// <summary>Rows of values.</summary>
    public IReadOnlyList<IReadOnlyList<double>>? Z { get; set; }

    /// <summary>Column labels.</summary>
    public IReadOnlyList<object>? X { get; set; }

    /// <summary>Row labels.</summary>
    public IReadOnlyList<object>? Y { get; set; }

    /// <summary>A named colour scale (<c>Blues</c>, <c>Viridis</c>, …).</summary>
    public string? ColorScale { get; set; }

    /// <summary>Text per cell, drawn with <see cref="TextTemplate"/>.</summary>
    [JsonPropertyName("text")]
    public IReadOnlyList<IReadOnlyList<string>>? CellText { get; set; }

    /// <summary>How cell text is drawn (<c>%{text}</c>).</summary>
    public string? TextTemplate { get; set; }

    /// <summary>Whether to draw the colour bar.</summary>
    public bool? ShowScale { get; set; }
}

/// <summary>A histogram of raw values.</summary>
public sealed class Histogram : Trace
{
    /// <summary>Values.</summary>
    public IReadOnlyList<double>? X { get; set; }

    /// <summary>Maximum number of bins.</summary>
    public int? NBinsX { get; set; }

    /// <summary>Bar colour.</summary>
    public Marker? Marker { get; set; }
}

/// <summary>A raster image (for example HOG glyphs or an eigen-photo) given as a data URI.</summary>
public sealed class Image : Trace
{
    /// <summary>A <c>data:image/png;base64,…</c> or JPEG URI.</summary>
    public string? Source { get; set; }
}

/// <summary>Marker style.</summary>
public sealed class Marker
{
    /// <summary>One colour (a CSS string) for all points.</summary>
    [JsonIgnore]
    public string? Color { get; set; }

    /// <summary>A colour per point, numbers mapped through <see cref="ColorScale"/> or CSS strings.</summary>
    [JsonIgnore]
    public IReadOnlyList<object>? Colors { get; set; }

    /// <summary>What is serialised as <c>color</c>.</summary>
    [JsonPropertyName("color")]
    public object? ColorValue => (object?)Colors ?? Color;

    /// <summary>Size in pixels.</summary>
    public double? Size { get; set; }

    /// <summary>Named colour scale for numeric colours.</summary>
    public string? ColorScale { get; set; }

    /// <summary>Marker symbol (<c>circle</c>, <c>star</c>, …).</summary>
    public string? Symbol { get; set; }

    /// <summary>Outline.</summary>
    public Line? Line { get; set; }

    /// <summary>Whether to show the colour bar.</summary>
    public bool? ShowScale { get; set; }
}

/// <summary>Line style.</summary>
public sealed class Line
{
    /// <summary>CSS colour.</summary>
    public string? Color { get; set; }

    /// <summary>Width in pixels.</summary>
    public double? Width { get; set; }

    /// <summary><c>solid</c>, <c>dash</c>, <c>dot</c>.</summary>
    public string? Dash { get; set; }
}

/// <summary>The figure's layout.</summary>
public sealed class Layout
{
    /// <summary>Figure title.</summary>
    public Title? Title { get; set; }

    /// <summary>First x axis.</summary>
    public Axis? XAxis { get; set; }

    /// <summary>First y axis.</summary>
    public Axis? YAxis { get; set; }

    /// <summary>Second x axis (subplots).</summary>
    public Axis? XAxis2 { get; set; }

    /// <summary>Second y axis (subplots or a right-hand axis).</summary>
    public Axis? YAxis2 { get; set; }

    /// <summary>Width in pixels (null: fill the container).</summary>
    public int? Width { get; set; }

    /// <summary>Height in pixels.</summary>
    public int? Height { get; set; }

    /// <summary>Whether to show the legend.</summary>
    public bool? ShowLegend { get; set; }

    /// <summary>Lines and rectangles drawn over the plot.</summary>
    public List<Shape>? Shapes { get; set; }

    /// <summary>Text notes.</summary>
    public List<Annotation>? Annotations { get; set; }

    /// <summary>Bar arrangement (<c>group</c>, <c>stack</c>).</summary>
    public string? BarMode { get; set; }

    /// <summary>Margins.</summary>
    public Margin? Margin { get; set; }

    /// <summary>Hover behaviour (<c>closest</c>, <c>x unified</c>).</summary>
    public string? HoverMode { get; set; }
}

/// <summary>A title.</summary>
/// <param name="Text">Its text.</param>
public sealed record Title(string Text);

/// <summary>An axis.</summary>
public sealed class Axis
{
    /// <summary>Axis title.</summary>
    public Title? Title { get; set; }

    /// <summary><c>linear</c>, <c>log</c>, <c>category</c>, <c>date</c>.</summary>
    public string? Type { get; set; }

    /// <summary>Shown range [min, max].</summary>
    public IReadOnlyList<double>? Range { get; set; }

    /// <summary>Fraction of the plot area the axis spans (subplots).</summary>
    public IReadOnlyList<double>? Domain { get; set; }

    /// <summary>The axis this one is drawn against (<c>x</c>, <c>y2</c>, …), for overlays.</summary>
    public string? Anchor { get; set; }

    /// <summary>Overlay another axis (<c>y</c>).</summary>
    public string? Overlaying { get; set; }

    /// <summary><c>left</c> or <c>right</c>, <c>top</c> or <c>bottom</c>.</summary>
    public string? Side { get; set; }

    /// <summary>Tick step.</summary>
    public double? DTick { get; set; }

    /// <summary>Tick label format (d3 syntax, for example <c>.0%</c>).</summary>
    public string? TickFormat { get; set; }

    /// <summary>Keep this axis's scale equal to another's (<c>x</c>) for square pixels.</summary>
    public string? ScaleAnchor { get; set; }

    /// <summary>Reverse the direction (for matrices: <c>reversed</c>).</summary>
    public string? AutoRange { get; set; }
}

/// <summary>A line or rectangle over the plot.</summary>
public sealed class Shape
{
    /// <summary><c>line</c> or <c>rect</c>.</summary>
    public string Type { get; set; } = "line";

    /// <summary>Start x.</summary>
    public double X0 { get; set; }

    /// <summary>End x.</summary>
    public double X1 { get; set; }

    /// <summary>Start y.</summary>
    public double Y0 { get; set; }

    /// <summary>End y.</summary>
    public double Y1 { get; set; }

    /// <summary>Reference of x (<c>x</c> data, <c>paper</c> 0..1).</summary>
    public string XRef { get; set; } = "x";

    /// <summary>Reference of y.</summary>
    public string YRef { get; set; } = "paper";

    /// <summary>Line style.</summary>
    public Line? Line { get; set; }
}

/// <summary>A text note.</summary>
public sealed class Annotation
{
    /// <summary>x position.</summary>
    public object? X { get; set; }

    /// <summary>y position.</summary>
    public object? Y { get; set; }

    /// <summary>Text (plotly allows simple HTML tags).</summary>
    public string Text { get; set; } = "";

    /// <summary>Reference of x.</summary>
    public string? XRef { get; set; }

    /// <summary>Reference of y.</summary>
    public string? YRef { get; set; }

    /// <summary>Draw an arrow to the point.</summary>
    public bool ShowArrow { get; set; }
}

/// <summary>Margins in pixels.</summary>
/// <param name="L">Left.</param>
/// <param name="R">Right.</param>
/// <param name="T">Top.</param>
/// <param name="B">Bottom.</param>
public sealed record Margin(int L, int R, int T, int B);
