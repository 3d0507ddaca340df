using ImageMagick;

namespace PhotoPrefs.Sample;

/// <summary>Draws one planned photo: its scene, then its defects (blur, darkness, over-exposure, burst jitter).</summary>
internal static class SceneRenderer
{
    private static readonly string[] Words =
    [
        "COFFEE", "BREAD", "TOTAL", "TAX", "CARD", "THANK", "YOU", "MILK", "APPLES", "TICKET", "ROOM", "MEETING",
        "LUNCH", "TODAY", "TOMORROW", "SEE", "AT", "OK", "SURE", "WHERE", "ARE", "WE", "GOING", "PHOTO", "TRAIN",
        "INVOICE", "DATE", "NAME", "PLEASE", "SIGN", "HERE", "NOTES", "BUY", "EGGS", "DINNER", "LATER", "HOME",
    ];

    private static readonly string[] Captions =
    [
        "WHEN THE CODE COMPILES", "MONDAY AGAIN", "ME AT 3 AM", "NOBODY:", "THIS IS FINE", "ONE MORE EPISODE",
        "WEEKEND MODE", "TRUST ME", "SO MUCH WOW", "NOT AGAIN",
    ];

    public static MagickImage Render(SamplePhoto p, int sceneSeed, int photoSeed)
    {
        var scene = new Random(sceneSeed);
        var own = new Random(photoSeed);
        int w = p.Width, h = p.Height;

        // Bursts draw a slightly larger scene once and crop it at a jittered offset per shot.
        int margin = p.BurstId is null ? 0 : Math.Max(w, h) / 25;
        var canvas = new Canvas(w + (2 * margin), h + (2 * margin));
        Draw(p.Kind, canvas, scene);
        if (p.Dark)
        {
            canvas.Exposure(0.07f, 0.005f);
            canvas.Noise(own, 0.025f);
        }
        else if (p.Overexposed)
        {
            canvas.Exposure(2.3f, 0.3f);
        }

        var image = canvas.ToImage();
        if (p.Kind == SampleKind.Document)
        {
            // A page photographed by hand: its corners move a few percent, a slight perspective.
            double j = 0.04 * Math.Min(w, h);
            double J() => (own.NextDouble() - 0.5) * 2 * j;
            image.VirtualPixelMethod = VirtualPixelMethod.Edge;
            image.Distort(DistortMethod.Perspective, [0, 0, J(), J(), w, 0, w + J(), J(), 0, h, J(), h + J(), w, h, w + J(), h + J()]);
        }

        if (margin > 0)
        {
            int dx = own.Next(2 * margin + 1), dy = own.Next(2 * margin + 1);
            image.Crop(new MagickGeometry(dx, dy, (uint)w, (uint)h));
            image.ResetPage();
            if (p.BurstRank > 0)
            {
                image.GaussianBlur(0, 0.7 + (0.6 * p.BurstRank) + own.NextDouble());
            }
        }

        if (p.Kind == SampleKind.Floor)
        {
            image.MotionBlur(0, 12 + own.Next(10), own.Next(360));
        }
        else if (p.Blurred)
        {
            image.GaussianBlur(0, 3.5 + (3 * own.NextDouble()));
        }

        return image;
    }

    private static void Draw(SampleKind kind, Canvas c, Random rng)
    {
        switch (kind)
        {
            case SampleKind.Outdoor: Outdoor(c, rng); break;
            case SampleKind.Food: Food(c, rng); break;
            case SampleKind.Portrait: Portrait(c, rng); break;
            case SampleKind.Document: Document(c, rng); break;
            case SampleKind.Screenshot: Screenshot(c, rng); break;
            case SampleKind.Chat: Chat(c, rng); break;
            case SampleKind.Meme: Meme(c, rng); break;
            case SampleKind.Floor: Floor(c, rng); break;
            default: throw new ArgumentOutOfRangeException(nameof(kind));
        }
    }

    private static void Outdoor(Canvas c, Random rng)
    {
        bool sunset = rng.NextDouble() < 0.25;
        var skyTop = sunset ? new Rgb(0.35f, 0.25f, 0.55f) : new Rgb(0.2f + (0.15f * rng.NextSingle()), 0.45f, 0.85f);
        var skyBottom = sunset ? new Rgb(0.98f, 0.6f, 0.3f) : new Rgb(0.7f, 0.85f, 0.97f);
        int horizon = (int)(c.Height * (0.4 + (0.25 * rng.NextDouble())));
        c.VerticalGradient(0, horizon + (c.Height / 5), skyTop, skyBottom);
        if (rng.NextDouble() < 0.6)
        {
            float r = c.Width * (0.03f + (0.04f * rng.NextSingle()));
            c.Ellipse(c.Width * (0.1f + (0.8f * rng.NextSingle())), horizon * (0.2f + (0.5f * rng.NextSingle())), r, r, new Rgb(1f, 0.95f, 0.7f));
        }

        for (int k = rng.Next(5); k > 0; k--)
        {
            float cx = c.Width * rng.NextSingle(), cy = horizon * 0.5f * rng.NextSingle();
            for (int j = 0; j < 4; j++)
            {
                c.Ellipse(cx + (j * c.Width * 0.04f), cy + (rng.NextSingle() * 8), c.Width * 0.06f, c.Height * 0.035f, new Rgb(0.97f, 0.97f, 0.98f), 0.85f);
            }
        }

        c.Ridge(rng, horizon - (c.Height * 0.08f), c.Height * 0.1f, new Rgb(0.45f, 0.5f, 0.6f), 0.05f);
        var ground = rng.NextDouble() < 0.7 ? new Rgb(0.25f, 0.55f, 0.2f) : new Rgb(0.7f, 0.6f, 0.4f);
        c.Ridge(rng, horizon + (c.Height * 0.05f), c.Height * 0.04f, ground, 0.3f);
        for (int k = rng.Next(6); k > 0; k--)
        {
            float x = c.Width * rng.NextSingle(), y = horizon + (c.Height * 0.1f) + (c.Height * 0.3f * rng.NextSingle());
            float s = c.Height * (0.04f + (0.06f * rng.NextSingle()));
            c.Rect((int)(x - (s * 0.1f)), (int)y, (int)(x + (s * 0.1f)), (int)(y + s), new Rgb(0.35f, 0.25f, 0.15f));
            c.Ellipse(x, y - (s * 0.3f), s * 0.5f, s * 0.7f, new Rgb(0.1f, 0.35f + (0.2f * rng.NextSingle()), 0.12f));
        }
    }

    private static void Food(Canvas c, Random rng)
    {
        var wood = new Rgb(0.55f + (0.1f * rng.NextSingle()), 0.38f, 0.22f);
        c.Fill(wood);
        for (int y = 0; y < c.Height; y += 6 + rng.Next(10))
        {
            c.Rect(0, y, c.Width, y + 2, wood.Scale(0.85f));
        }

        c.Noise(rng, 0.04f);
        float cx = c.Width * (0.4f + (0.2f * rng.NextSingle())), cy = c.Height * (0.45f + (0.1f * rng.NextSingle()));
        float r = Math.Min(c.Width, c.Height) * 0.38f;
        c.Ellipse(cx + 6, cy + 8, r, r * 0.9f, new Rgb(0.2f, 0.15f, 0.1f), 0.4f);
        c.Ellipse(cx, cy, r, r * 0.9f, new Rgb(0.96f, 0.96f, 0.94f));
        c.Ellipse(cx, cy, r * 0.75f, r * 0.67f, new Rgb(0.9f, 0.9f, 0.88f));
        for (int k = 3 + rng.Next(5); k > 0; k--)
        {
            var food = Rgb.Random(rng, 0.15f, 0.95f);
            float a = rng.NextSingle() * MathF.Tau, d = r * 0.45f * rng.NextSingle();
            float fr = r * (0.12f + (0.18f * rng.NextSingle()));
            c.Ellipse(cx + (d * MathF.Cos(a)), cy + (d * MathF.Sin(a)), fr, fr * (0.6f + (0.4f * rng.NextSingle())), food);
            c.Ellipse(cx + (d * MathF.Cos(a)) - (fr * 0.3f), cy + (d * MathF.Sin(a)) - (fr * 0.3f), fr * 0.25f, fr * 0.2f, new Rgb(1, 1, 1), 0.4f);
        }
    }

    private static void Portrait(Canvas c, Random rng)
    {
        c.VerticalGradient(0, c.Height, Rgb.Random(rng, 0.3f, 0.9f), Rgb.Random(rng, 0.1f, 0.6f));
        float cx = c.Width * (0.4f + (0.2f * rng.NextSingle()));
        float head = Math.Min(c.Width, c.Height) * (0.14f + (0.05f * rng.NextSingle()));
        float cy = c.Height * 0.42f;
        var skin = Rgb.Lerp(new Rgb(0.96f, 0.8f, 0.68f), new Rgb(0.45f, 0.3f, 0.2f), rng.NextSingle());
        var shirt = Rgb.Random(rng, 0.05f, 0.9f);
        c.Ellipse(cx, c.Height * 1.02f, head * 2.6f, c.Height * 0.3f, shirt);
        c.Rect((int)(cx - (head * 0.35f)), (int)(cy + (head * 0.8f)), (int)(cx + (head * 0.35f)), (int)(cy + (head * 1.6f)), skin.Scale(0.9f));
        c.Ellipse(cx, cy, head * 0.82f, head, skin);
        var hair = Rgb.Lerp(new Rgb(0.1f, 0.07f, 0.05f), new Rgb(0.8f, 0.65f, 0.3f), rng.NextSingle());
        c.Ellipse(cx, cy - (head * 0.55f), head * 0.9f, head * 0.55f, hair);
        c.Ellipse(cx - (head * 0.3f), cy - (head * 0.05f), head * 0.09f, head * 0.06f, new Rgb(0.1f, 0.1f, 0.1f));
        c.Ellipse(cx + (head * 0.3f), cy - (head * 0.05f), head * 0.09f, head * 0.06f, new Rgb(0.1f, 0.1f, 0.1f));
        c.Rect((int)(cx - (head * 0.25f)), (int)(cy + (head * 0.45f)), (int)(cx + (head * 0.25f)), (int)(cy + (head * 0.52f)), new Rgb(0.6f, 0.2f, 0.2f));
        c.Noise(rng, 0.02f);
    }

    private static string Line(Random rng, int words)
    {
        var parts = new string[words];
        for (int i = 0; i < words; i++)
        {
            parts[i] = rng.NextDouble() < 0.2 ? $"{rng.Next(1, 99)}.{rng.Next(10, 99)}" : Words[rng.Next(Words.Length)];
        }

        return string.Join(' ', parts);
    }

    private static void Document(Canvas c, Random rng)
    {
        c.Fill(new Rgb(0.35f + (0.2f * rng.NextSingle()), 0.3f, 0.25f));
        c.Noise(rng, 0.05f);
        bool receipt = rng.NextDouble() < 0.5;
        int pw = (int)(c.Width * (receipt ? 0.5 : 0.78)), ph = (int)(c.Height * 0.82);
        int x0 = ((c.Width - pw) / 2) + rng.Next(-10, 11), y0 = ((c.Height - ph) / 2) + rng.Next(-10, 11);
        c.Rect(x0 + 5, y0 + 6, x0 + pw + 5, y0 + ph + 6, new Rgb(0.1f, 0.1f, 0.1f), 0.35f);
        c.Rect(x0, y0, x0 + pw, y0 + ph, new Rgb(0.95f, 0.94f, 0.9f));
        int scale = receipt ? 2 : 2;
        var ink = new Rgb(0.15f, 0.15f, 0.2f);
        c.Text(x0 + 12, y0 + 14, receipt ? "RECEIPT" : "INVOICE", 3, ink);
        for (int y = y0 + 50; y < y0 + ph - 20; y += 12 + rng.Next(8))
        {
            var text = Line(rng, 1 + rng.Next(receipt ? 3 : 5));
            while (Canvas.TextWidth(text, scale) > pw - 24 && text.Contains(' ', StringComparison.Ordinal))
            {
                text = text[..text.LastIndexOf(' ')];
            }

            c.Text(x0 + 12, y, text, scale, ink);
        }
    }

    private static void StatusBar(Canvas c, Random rng, Rgb bg, Rgb fg)
    {
        c.Rect(0, 0, c.Width, 28, bg);
        c.Text(12, 8, $"{rng.Next(0, 24)}:{rng.Next(10, 60)}", 2, fg);
        c.Rect(c.Width - 40, 9, c.Width - 14, 19, fg);
        c.Rect(c.Width - 60, 9, c.Width - 52, 19, fg);
    }

    private static void Screenshot(Canvas c, Random rng)
    {
        bool dark = rng.NextDouble() < 0.3;
        var bg = dark ? new Rgb(0.08f, 0.08f, 0.1f) : new Rgb(0.98f, 0.98f, 0.98f);
        var fg = dark ? new Rgb(0.9f, 0.9f, 0.9f) : new Rgb(0.1f, 0.1f, 0.12f);
        var accent = Rgb.Random(rng, 0.1f, 0.8f);
        c.Fill(bg);
        StatusBar(c, rng, bg, fg);
        c.Rect(0, 28, c.Width, 84, accent);
        c.Text(16, 48, Words[rng.Next(Words.Length)], 3, new Rgb(1, 1, 1));
        for (int y = 100; y < c.Height - 80; y += 64)
        {
            c.Ellipse(38, y + 24, 20, 20, Rgb.Random(rng, 0.2f, 0.9f));
            c.Text(70, y + 10, Line(rng, 2), 2, fg);
            c.Text(70, y + 30, Line(rng, 3), 1, fg.Scale(0.7f));
            c.Rect(16, y + 56, c.Width - 16, y + 57, fg, 0.15f);
        }

        c.Rect(0, c.Height - 60, c.Width, c.Height, bg.Scale(0.95f));
        for (int i = 0; i < 4; i++)
        {
            c.Ellipse((c.Width / 8f) + (i * c.Width / 4f), c.Height - 30, 10, 10, i == 0 ? accent : fg.Scale(0.6f));
        }
    }

    private static void Chat(Canvas c, Random rng)
    {
        var bg = new Rgb(0.92f, 0.9f, 0.86f);
        var fg = new Rgb(0.1f, 0.1f, 0.1f);
        c.Fill(bg);
        StatusBar(c, rng, new Rgb(0.1f, 0.35f, 0.3f), new Rgb(1, 1, 1));
        c.Rect(0, 28, c.Width, 80, new Rgb(0.1f, 0.4f, 0.35f));
        c.Ellipse(34, 54, 18, 18, Rgb.Random(rng, 0.3f, 0.9f));
        c.Text(62, 46, Words[rng.Next(Words.Length)], 2, new Rgb(1, 1, 1));
        int y = 96;
        while (y < c.Height - 90)
        {
            bool mine = rng.NextDouble() < 0.5;
            var text = Line(rng, 1 + rng.Next(3));
            int tw = Canvas.TextWidth(text, 2);
            int lines = 1 + (tw > c.Width - 120 ? 1 : 0);
            int bw = Math.Min(tw, c.Width - 120) + 24, bh = (lines * 20) + 16;
            int x0 = mine ? c.Width - bw - 12 : 12;
            c.RoundedRect(x0, y, x0 + bw, y + bh, 10, mine ? new Rgb(0.86f, 0.97f, 0.78f) : new Rgb(1, 1, 1));
            c.Text(x0 + 12, y + 10, lines == 1 ? text : text[..Math.Min(text.Length, (c.Width - 120) / 12)], 2, fg);
            y += bh + 10 + rng.Next(12);
        }

        c.Rect(0, c.Height - 56, c.Width, c.Height, new Rgb(0.97f, 0.97f, 0.97f));
        c.RoundedRect(10, c.Height - 46, c.Width - 60, c.Height - 10, 16, new Rgb(1, 1, 1));
        c.Ellipse(c.Width - 30, c.Height - 28, 18, 18, new Rgb(0.1f, 0.5f, 0.4f));
    }

    private static void Meme(Canvas c, Random rng)
    {
        if (rng.NextDouble() < 0.5)
        {
            Portrait(c, rng);
        }
        else
        {
            c.Fill(Rgb.Random(rng, 0.2f, 0.8f));
            for (int k = 0; k < 6; k++)
            {
                c.Ellipse(c.Width * rng.NextSingle(), c.Height * rng.NextSingle(), 30 + (80 * rng.NextSingle()), 30 + (80 * rng.NextSingle()), Rgb.Random(rng));
            }
        }

        var caption = Captions[rng.Next(Captions.Length)];
        var words = caption.Split(' ');
        var top = string.Join(' ', words.Take((words.Length + 1) / 2));
        var bottom = string.Join(' ', words.Skip((words.Length + 1) / 2));
        foreach (var (text, y) in new[] { (top, 16), (bottom, c.Height - 56) })
        {
            int scale = Math.Max(2, Math.Min(5, (c.Width - 20) / Math.Max(1, Canvas.TextWidth(text, 1))));
            c.OutlinedText((c.Width - Canvas.TextWidth(text, scale)) / 2, y, text, scale, new Rgb(1, 1, 1), new Rgb(0, 0, 0));
        }
    }

    private static void Floor(Canvas c, Random rng)
    {
        var a = Rgb.Random(rng, 0.3f, 0.7f);
        var b = a.Scale(0.8f);
        int tile = 30 + rng.Next(40);
        for (int y = 0; y < c.Height; y++)
        {
            for (int x = 0; x < c.Width; x++)
            {
                // Tiles seen at a slant: the tile size grows towards the bottom of the frame.
                float s = tile * (0.6f + (0.8f * y / c.Height));
                bool odd = (((int)(x / s) + (int)(y / (s * 0.6f))) & 1) == 1;
                c.Set(x, y, odd ? a : b);
            }
        }

        c.Noise(rng, 0.08f);
    }
}
