using ImageMagick;

namespace PhotoPrefs.Sample;

/// <summary>An RGB colour with components in [0, 1].</summary>
internal readonly record struct Rgb(float R, float G, float B)
{
    public static Rgb Lerp(Rgb a, Rgb b, float t) => new(a.R + ((b.R - a.R) * t), a.G + ((b.G - a.G) * t), a.B + ((b.B - a.B) * t));

    public Rgb Scale(float s) => new(R * s, G * s, B * s);

    public static Rgb Random(Random rng, float min = 0, float max = 1) =>
        new(min + ((max - min) * rng.NextSingle()), min + ((max - min) * rng.NextSingle()), min + ((max - min) * rng.NextSingle()));
}

/// <summary>
/// A small float RGB raster with the drawing primitives the sample generator needs. Pure managed
/// code with no fonts and no platform drawing library, so the same seed gives the same pixels everywhere.
/// </summary>
internal sealed class Canvas
{
    private readonly float[] _px;

    public Canvas(int width, int height)
    {
        Width = width;
        Height = height;
        _px = new float[width * height * 3];
    }

    public int Width { get; }

    public int Height { get; }

    public void Fill(Rgb c) => Rect(0, 0, Width, Height, c);

    public void Set(int x, int y, Rgb c, float alpha = 1)
    {
        if ((uint)x >= (uint)Width || (uint)y >= (uint)Height)
        {
            return;
        }

        int i = 3 * ((y * Width) + x);
        _px[i] += (c.R - _px[i]) * alpha;
        _px[i + 1] += (c.G - _px[i + 1]) * alpha;
        _px[i + 2] += (c.B - _px[i + 2]) * alpha;
    }

    public Rgb Get(int x, int y)
    {
        int i = 3 * ((Math.Clamp(y, 0, Height - 1) * Width) + Math.Clamp(x, 0, Width - 1));
        return new Rgb(_px[i], _px[i + 1], _px[i + 2]);
    }

    public void VerticalGradient(int y0, int y1, Rgb top, Rgb bottom)
    {
        for (int y = Math.Max(0, y0); y < Math.Min(Height, y1); y++)
        {
            var c = Rgb.Lerp(top, bottom, (y - y0) / (float)Math.Max(1, y1 - y0));
            for (int x = 0; x < Width; x++)
            {
                Set(x, y, c);
            }
        }
    }

    public void Rect(int x0, int y0, int x1, int y1, Rgb c, float alpha = 1)
    {
        for (int y = Math.Max(0, y0); y < Math.Min(Height, y1); y++)
        {
            for (int x = Math.Max(0, x0); x < Math.Min(Width, x1); x++)
            {
                Set(x, y, c, alpha);
            }
        }
    }

    /// <summary>A filled ellipse with a one-pixel soft edge.</summary>
    public void Ellipse(float cx, float cy, float rx, float ry, Rgb c, float alpha = 1)
    {
        int x0 = (int)Math.Floor(cx - rx - 1), x1 = (int)Math.Ceiling(cx + rx + 1);
        int y0 = (int)Math.Floor(cy - ry - 1), y1 = (int)Math.Ceiling(cy + ry + 1);
        float r = Math.Min(rx, ry);
        for (int y = Math.Max(0, y0); y < Math.Min(Height, y1); y++)
        {
            for (int x = Math.Max(0, x0); x < Math.Min(Width, x1); x++)
            {
                float dx = (x + 0.5f - cx) / rx, dy = (y + 0.5f - cy) / ry;
                float d = (MathF.Sqrt((dx * dx) + (dy * dy)) - 1) * r;
                float cover = Math.Clamp(0.5f - d, 0, 1);
                if (cover > 0)
                {
                    Set(x, y, c, alpha * cover);
                }
            }
        }
    }

    public void RoundedRect(int x0, int y0, int x1, int y1, int radius, Rgb c)
    {
        radius = Math.Min(radius, Math.Min((x1 - x0) / 2, (y1 - y0) / 2));
        Rect(x0 + radius, y0, x1 - radius, y1, c);
        Rect(x0, y0 + radius, x1, y1 - radius, c);
        foreach (var (cx, cy) in new[] { (x0 + radius, y0 + radius), (x1 - radius, y0 + radius), (x0 + radius, y1 - radius), (x1 - radius, y1 - radius) })
        {
            Ellipse(cx, cy, radius, radius, c);
        }
    }

    /// <summary>Fills everything below a random ridge line (mountains, hills) with colour and texture.</summary>
    public void Ridge(Random rng, float baseY, float amplitude, Rgb c, float texture)
    {
        float y = baseY, slope = 0;
        for (int x = 0; x < Width; x++)
        {
            slope = Math.Clamp(slope + ((rng.NextSingle() - 0.5f) * 0.6f), -1.5f, 1.5f);
            y = Math.Clamp(y + slope, baseY - amplitude, baseY + amplitude);
            for (int yy = Math.Max(0, (int)y); yy < Height; yy++)
            {
                float shade = 1 - (texture * rng.NextSingle()) - (0.25f * (yy - y) / Height);
                Set(x, yy, c.Scale(shade));
            }
        }
    }

    public void Text(int x, int y, string text, int scale, Rgb c)
    {
        for (int k = 0; k < text.Length; k++)
        {
            int gx = x + (k * (Glyphs.Width + 1) * scale);
            for (int row = 0; row < Glyphs.Height; row++)
            {
                for (int col = 0; col < Glyphs.Width; col++)
                {
                    if (Glyphs.Ink(text[k], col, row))
                    {
                        Rect(gx + (col * scale), y + (row * scale), gx + ((col + 1) * scale), y + ((row + 1) * scale), c);
                    }
                }
            }
        }
    }

    public static int TextWidth(string text, int scale) => text.Length * (Glyphs.Width + 1) * scale;

    /// <summary>Text with a one-glyph-pixel dark outline, as meme captions have.</summary>
    public void OutlinedText(int x, int y, string text, int scale, Rgb fill, Rgb outline)
    {
        int o = Math.Max(1, scale / 2);
        for (int dy = -o; dy <= o; dy += o)
        {
            for (int dx = -o; dx <= o; dx += o)
            {
                Text(x + dx, y + dy, text, scale, outline);
            }
        }

        Text(x, y, text, scale, fill);
    }

    public void Noise(Random rng, float amount)
    {
        for (int i = 0; i < _px.Length; i += 3)
        {
            float n = (rng.NextSingle() - 0.5f) * 2 * amount;
            _px[i] += n;
            _px[i + 1] += n;
            _px[i + 2] += n;
        }
    }

    /// <summary>Maps every value v to <c>clamp(gain * v + offset, 0, 1)</c>.</summary>
    public void Exposure(float gain, float offset)
    {
        for (int i = 0; i < _px.Length; i++)
        {
            _px[i] = Math.Clamp((_px[i] * gain) + offset, 0, 1);
        }
    }

    public MagickImage ToImage()
    {
        var bytes = new byte[_px.Length];
        for (int i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)Math.Clamp((int)MathF.Round(_px[i] * 255), 0, 255);
        }

        return new MagickImage(bytes, new PixelReadSettings((uint)Width, (uint)Height, StorageType.Char, PixelMapping.RGB));
    }
}
