namespace PhotoPrefs.SemiSupervised;

/// <summary>The 14 RandAugment operations of FixMatch's strong augmentation.</summary>
public enum AugmentOp
{
    /// <summary>Stretch each channel to the full range.</summary>
    AutoContrast,

    /// <summary>Scale brightness by a factor in [0.1, 1.9].</summary>
    Brightness,

    /// <summary>Blend with the grayscale image (saturation factor in [0.1, 1.9]).</summary>
    Color,

    /// <summary>Blend with the mean gray (contrast factor in [0.1, 1.9]).</summary>
    Contrast,

    /// <summary>Histogram-equalise each channel (256 levels).</summary>
    Equalize,

    /// <summary>Leave the image as it is.</summary>
    Identity,

    /// <summary>Keep only the top 4..8 bits of each 8-bit value.</summary>
    Posterize,

    /// <summary>Rotate by up to 30 degrees either way.</summary>
    Rotate,

    /// <summary>Blend with a 3 x 3 smoothed image (factor in [0.1, 1.9]: soften or sharpen).</summary>
    Sharpness,

    /// <summary>Shear horizontally by up to 0.3.</summary>
    ShearX,

    /// <summary>Shear vertically by up to 0.3.</summary>
    ShearY,

    /// <summary>Invert values above a threshold in [0, 1].</summary>
    Solarize,

    /// <summary>Shift horizontally by up to 30% of the width.</summary>
    TranslateX,

    /// <summary>Shift vertically by up to 30% of the height.</summary>
    TranslateY,
}

/// <summary>
/// FixMatch's augmentations on CHW float images in [0, 1], every random choice from the given source.
/// <para>Weak: a horizontal flip with probability 0.5 (optional: digits and text must not be mirrored) and
/// a translation of up to 12.5% of each side, the image reflect-padded so no border appears.</para>
/// <para>Strong: RandAugment with two operations drawn from <see cref="AugmentOp"/>, each at a random
/// magnitude in its range (FixMatch's RA variant), followed by Cutout: a square of up to half the side
/// filled with gray 0.5.</para>
/// Geometric operations sample bilinearly and fill with gray 0.5.
/// </summary>
public static class Augment
{
    /// <summary>The weak view.</summary>
    /// <param name="src">CHW image.</param>
    /// <param name="c">Channels.</param>
    /// <param name="h">Rows.</param>
    /// <param name="w">Columns.</param>
    /// <param name="rng">Random source.</param>
    /// <param name="dst">Receives the view (same size).</param>
    /// <param name="flip">Allow the horizontal flip.</param>
    public static void Weak(ReadOnlySpan<float> src, int c, int h, int w, Random rng, Span<float> dst, bool flip = true)
    {
        ArgumentNullException.ThrowIfNull(rng);
        bool mirror = flip && rng.NextDouble() < 0.5;
        int maxY = (int)Math.Round(h * 0.125), maxX = (int)Math.Round(w * 0.125);
        int dy = rng.Next(-maxY, maxY + 1), dx = rng.Next(-maxX, maxX + 1);
        for (int ch = 0; ch < c; ch++)
        {
            var plane = src.Slice(ch * h * w, h * w);
            var outPlane = dst.Slice(ch * h * w, h * w);
            for (int y = 0; y < h; y++)
            {
                int sy = Reflect(y + dy, h);
                for (int x = 0; x < w; x++)
                {
                    int sx = Reflect((mirror ? w - 1 - x : x) + dx, w);
                    outPlane[(y * w) + x] = plane[(sy * w) + sx];
                }
            }
        }
    }

    /// <summary>
    /// The operations that leave a photo's exposure and sharpness as they were: geometry, colour saturation and
    /// posterisation. Brightness, contrast, auto-contrast, equalisation, sharpness and solarisation are left out: a
    /// strong view is trained to keep its photo's pseudo-label, and for a person who deletes dark, over-exposed or
    /// blurred shots, darkening, brightening or softening a photo changes its label.
    /// </summary>
    public static IReadOnlyList<AugmentOp> QualityPreserving { get; } =
        [AugmentOp.Color, AugmentOp.Identity, AugmentOp.Posterize, AugmentOp.Rotate, AugmentOp.ShearX, AugmentOp.ShearY, AugmentOp.TranslateX, AugmentOp.TranslateY];

    /// <summary>The strong view: two random RandAugment operations, then Cutout.</summary>
    /// <param name="src">CHW image.</param>
    /// <param name="c">Channels.</param>
    /// <param name="h">Rows.</param>
    /// <param name="w">Columns.</param>
    /// <param name="rng">Random source.</param>
    /// <param name="dst">Receives the view.</param>
    /// <param name="flip">Allow the weak flip that precedes it.</param>
    /// <param name="pool">The operations to draw from; all of <see cref="AugmentOp"/> when null.</param>
    /// <returns>The two operations applied.</returns>
    public static (AugmentOp First, AugmentOp Second) Strong(ReadOnlySpan<float> src, int c, int h, int w, Random rng, Span<float> dst, bool flip = true, IReadOnlyList<AugmentOp>? pool = null)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var tmp = new float[c * h * w];
        Weak(src, c, h, w, rng, tmp, flip);
        var ops = pool ?? Enum.GetValues<AugmentOp>();
        if (ops.Count == 0)
        {
            throw new ArgumentException("the pool of operations is empty", nameof(pool));
        }

        var first = ops[rng.Next(ops.Count)];
        var second = ops[rng.Next(ops.Count)];
        Apply(first, rng.NextDouble(), tmp, c, h, w, rng);
        Apply(second, rng.NextDouble(), tmp, c, h, w, rng);
        Cutout(tmp, c, h, w, rng, 0.5);
        tmp.CopyTo(dst);
        return (first, second);
    }

    /// <summary>Applies one operation in place at magnitude <paramref name="m"/> in [0, 1].</summary>
    /// <param name="op">The operation.</param>
    /// <param name="m">Magnitude.</param>
    /// <param name="img">CHW image, modified.</param>
    /// <param name="c">Channels.</param>
    /// <param name="h">Rows.</param>
    /// <param name="w">Columns.</param>
    /// <param name="rng">Random source (for the sign of geometric operations).</param>
    public static void Apply(AugmentOp op, double m, float[] img, int c, int h, int w, Random rng)
    {
        ArgumentNullException.ThrowIfNull(img);
        ArgumentNullException.ThrowIfNull(rng);
        float sign = rng.NextDouble() < 0.5 ? -1 : 1;
        int plane = h * w;
        switch (op)
        {
            case AugmentOp.Identity:
                break;
            case AugmentOp.AutoContrast:
                for (int ch = 0; ch < c; ch++)
                {
                    var p = img.AsSpan(ch * plane, plane);
                    float lo = System.Numerics.Tensors.TensorPrimitives.Min(p), hi = System.Numerics.Tensors.TensorPrimitives.Max(p);
                    if (hi > lo)
                    {
                        for (int i = 0; i < plane; i++)
                        {
                            p[i] = (p[i] - lo) / (hi - lo);
                        }
                    }
                }

                break;
            case AugmentOp.Brightness:
                Blend(img, null, (0.05 + (0.9 * m)) * 2, c, plane, 0f);
                break;
            case AugmentOp.Color:
                if (c == 3)
                {
                    var gray = new float[plane];
                    for (int i = 0; i < plane; i++)
                    {
                        gray[i] = (0.299f * img[i]) + (0.587f * img[plane + i]) + (0.114f * img[(2 * plane) + i]);
                    }

                    float f = (float)(0.05 + (0.9 * m)) * 2;
                    for (int ch = 0; ch < 3; ch++)
                    {
                        for (int i = 0; i < plane; i++)
                        {
                            img[(ch * plane) + i] = Clamp(gray[i] + (f * (img[(ch * plane) + i] - gray[i])));
                        }
                    }
                }

                break;
            case AugmentOp.Contrast:
                {
                    float mean = System.Numerics.Tensors.TensorPrimitives.Sum(img.AsSpan(0, c * plane)) / (c * plane);
                    float f = (float)(0.05 + (0.9 * m)) * 2;
                    for (int i = 0; i < c * plane; i++)
                    {
                        img[i] = Clamp(mean + (f * (img[i] - mean)));
                    }
                }

                break;
            case AugmentOp.Equalize:
                for (int ch = 0; ch < c; ch++)
                {
                    var hist = new int[256];
                    var p = img.AsSpan(ch * plane, plane);
                    foreach (var v in p)
                    {
                        hist[Level(v)]++;
                    }

                    var cdf = new float[256];
                    int run = 0;
                    for (int i = 0; i < 256; i++)
                    {
                        run += hist[i];
                        cdf[i] = run / (float)plane;
                    }

                    for (int i = 0; i < plane; i++)
                    {
                        p[i] = cdf[Level(p[i])];
                    }
                }

                break;
            case AugmentOp.Posterize:
                {
                    int bits = 4 + (int)Math.Round(4 * m);
                    int shift = 8 - bits;
                    for (int i = 0; i < c * plane; i++)
                    {
                        img[i] = ((Level(img[i]) >> shift) << shift) / 255f;
                    }
                }

                break;
            case AugmentOp.Solarize:
                {
                    float t = (float)m;
                    for (int i = 0; i < c * plane; i++)
                    {
                        img[i] = img[i] >= t ? 1 - img[i] : img[i];
                    }
                }

                break;
            case AugmentOp.Sharpness:
                {
                    var blurred = (float[])img.Clone();
                    for (int ch = 0; ch < c; ch++)
                    {
                        for (int y = 1; y < h - 1; y++)
                        {
                            for (int x = 1; x < w - 1; x++)
                            {
                                float s = 0;
                                for (int u = -1; u <= 1; u++)
                                {
                                    for (int v = -1; v <= 1; v++)
                                    {
                                        s += img[(ch * plane) + ((y + u) * w) + x + v] * (u == 0 && v == 0 ? 5 : 1);
                                    }
                                }

                                blurred[(ch * plane) + (y * w) + x] = s / 13;
                            }
                        }
                    }

                    Blend(img, blurred, (0.05 + (0.9 * m)) * 2, c, plane, 0f);
                }

                break;
            default:
                Geometric(op, (float)m * sign, img, c, h, w);
                break;
        }
    }

    /// <summary>Fills a random square of side up to <paramref name="fraction"/> of the shorter side with gray 0.5 (DeVries and Taylor 2017).</summary>
    /// <param name="img">CHW image, modified.</param>
    /// <param name="c">Channels.</param>
    /// <param name="h">Rows.</param>
    /// <param name="w">Columns.</param>
    /// <param name="rng">Random source.</param>
    /// <param name="fraction">Largest side as a fraction of the image.</param>
    public static void Cutout(float[] img, int c, int h, int w, Random rng, double fraction)
    {
        ArgumentNullException.ThrowIfNull(img);
        ArgumentNullException.ThrowIfNull(rng);
        int size = Math.Max(1, (int)(rng.NextDouble() * fraction * Math.Min(h, w)));
        int cy = rng.Next(h), cx = rng.Next(w);
        for (int ch = 0; ch < c; ch++)
        {
            for (int y = Math.Max(0, cy - (size / 2)); y < Math.Min(h, cy + ((size + 1) / 2)); y++)
            {
                for (int x = Math.Max(0, cx - (size / 2)); x < Math.Min(w, cx + ((size + 1) / 2)); x++)
                {
                    img[(ch * h * w) + (y * w) + x] = 0.5f;
                }
            }
        }
    }

    private static void Geometric(AugmentOp op, float m, float[] img, int c, int h, int w)
    {
        // Inverse map from output to source coordinates around the centre.
        double cyc = (h - 1) / 2.0, cxc = (w - 1) / 2.0;
        double a = 1, b = 0, d = 0, e = 1, tx = 0, ty = 0;
        switch (op)
        {
            case AugmentOp.Rotate:
                double t = m * 30 * Math.PI / 180;
                a = Math.Cos(t);
                b = -Math.Sin(t);
                d = Math.Sin(t);
                e = Math.Cos(t);
                break;
            case AugmentOp.ShearX:
                b = m * 0.3;
                break;
            case AugmentOp.ShearY:
                d = m * 0.3;
                break;
            case AugmentOp.TranslateX:
                tx = m * 0.3 * w;
                break;
            case AugmentOp.TranslateY:
                ty = m * 0.3 * h;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(op));
        }

        var src = (float[])img.Clone();
        int plane = h * w;
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                double ox = x - cxc, oy = y - cyc;
                double sx = (a * ox) + (b * oy) + cxc + tx, sy = (d * ox) + (e * oy) + cyc + ty;
                for (int ch = 0; ch < c; ch++)
                {
                    img[(ch * plane) + (y * w) + x] = Bilinear(src.AsSpan(ch * plane, plane), h, w, sy, sx);
                }
            }
        }
    }

    private static float Bilinear(ReadOnlySpan<float> p, int h, int w, double y, double x)
    {
        if (y < -0.5 || x < -0.5 || y > h - 0.5 || x > w - 0.5)
        {
            return 0.5f;
        }

        int y0 = Math.Clamp((int)Math.Floor(y), 0, h - 1), x0 = Math.Clamp((int)Math.Floor(x), 0, w - 1);
        int y1 = Math.Min(h - 1, y0 + 1), x1 = Math.Min(w - 1, x0 + 1);
        float fy = (float)Math.Clamp(y - y0, 0, 1), fx = (float)Math.Clamp(x - x0, 0, 1);
        float top = p[(y0 * w) + x0] + (fx * (p[(y0 * w) + x1] - p[(y0 * w) + x0]));
        float bottom = p[(y1 * w) + x0] + (fx * (p[(y1 * w) + x1] - p[(y1 * w) + x0]));
        return top + (fy * (bottom - top));
    }

    private static void Blend(float[] img, float[]? other, double factor, int c, int plane, float constant)
    {
        float f = (float)factor;
        for (int i = 0; i < c * plane; i++)
        {
            float o = other is null ? constant : other[i];
            img[i] = Clamp(o + (f * (img[i] - o)));
        }
    }

    private static int Level(float v) => Math.Clamp((int)(v * 255 + 0.5f), 0, 255);

    private static float Clamp(float v) => Math.Clamp(v, 0f, 1f);

    private static int Reflect(int i, int n)
    {
        if (n == 1)
        {
            return 0;
        }

        while (i < 0 || i >= n)
        {
            i = i < 0 ? -i : (2 * (n - 1)) - i;
        }

        return i;
    }
}
