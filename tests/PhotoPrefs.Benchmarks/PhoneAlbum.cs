using System.Diagnostics;
using ImageMagick;

namespace PhotoPrefs.Benchmarks;

/// <summary>
/// Turns a drawn sample album into what a phone holds (<c>album --phone</c>): every camera photo enlarged to 4032 x 3024
/// (either way up) with a fixed layer of sensor-like noise laid over it, so that its JPEG (quality 90) carries about as
/// many bits as a phone's; screenshots enlarged to a phone screen's width of 1170 pixels as PNG; downloads left as
/// they are. With <c>--heic N</c>, N camera photos (every k-th, spread over the album) become HEIC as an iPhone
/// writes it, through Debian's <c>heif-enc</c> (package libheif-examples; quality 60, a 320-pixel thumbnail, the
/// EXIF kept), each replacing its JPEG, and the labels' CSV files beside the album name the new file. The same
/// album and seed give the same photos.
/// </summary>
internal static class PhoneAlbum
{
    public const int LongSide = 4032, ShortSide = 3024, ScreenWidth = 1170;

    public static (int Jpeg, int Png, int Heic) Make(string album, int heic)
    {
        var camera = Directory.EnumerateFiles(Path.Combine(album, "Camera"), "*.jpg").Order(StringComparer.Ordinal).ToList();
        var screens = Directory.EnumerateFiles(Path.Combine(album, "Screenshots"), "*.png").Order(StringComparer.Ordinal).ToList();
        if (heic > 0 && !File.Exists("/usr/bin/heif-enc"))
        {
            throw new InvalidOperationException("--heic needs heif-enc: sudo apt-get install libheif-examples (or give --heic 0)");
        }

        int every = heic > 0 ? Math.Max(1, camera.Count / heic) : int.MaxValue;
        var toHeic = camera.Where((_, i) => i % every == 0).Take(heic).ToHashSet(StringComparer.Ordinal);
        using var landscape = Noise(LongSide, ShortSide);
        using var portrait = landscape.Clone();
        portrait.Rotate(90);
        Parallel.ForEach(camera, file =>
        {
            using var image = new MagickImage(file);
            bool upright = image.Height > image.Width;
            image.FilterType = FilterType.Triangle;
            image.Resize(new MagickGeometry(upright ? (uint)ShortSide : LongSide, upright ? LongSide : (uint)ShortSide) { IgnoreAspectRatio = true });
            image.Composite(upright ? portrait : landscape, CompositeOperator.Overlay);
            image.Quality = 90;
            image.Write(file);
            if (toHeic.Contains(file))
            {
                var target = Path.ChangeExtension(file, ".heic");
                using var process = Process.Start(new ProcessStartInfo("/usr/bin/heif-enc", ["-q", "60", "-p", "preset=ultrafast", "-t", "320", "-o", target, file])
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                })!;
                string err = process.StandardError.ReadToEnd();
                process.StandardOutput.ReadToEnd();
                process.WaitForExit();
                if (process.ExitCode != 0 || !File.Exists(target))
                {
                    throw new InvalidOperationException($"heif-enc failed on {file}: {err}");
                }

                File.SetLastWriteTimeUtc(target, File.GetLastWriteTimeUtc(file));
                File.Delete(file);
            }
        });
        Parallel.ForEach(screens, file =>
        {
            using var image = new MagickImage(file);
            image.Resize(new MagickGeometry(ScreenWidth, 0));
            image.Write(file);
        });
        var labels = Path.Combine(Path.GetDirectoryName(album)!, "labels");
        if (toHeic.Count > 0 && Directory.Exists(labels))
        {
            var renamed = toHeic.Select(f => Path.GetRelativePath(album, f).Replace('\\', '/')).ToList();
            foreach (var csv in Directory.EnumerateFiles(labels, "*.csv"))
            {
                var text = File.ReadAllText(csv);
                foreach (var name in renamed)
                {
                    text = text.Replace(name + ",", Path.ChangeExtension(name, ".heic") + ",", StringComparison.Ordinal);
                }

                File.WriteAllText(csv, text);
            }
        }

        return (camera.Count - toHeic.Count, screens.Count, toHeic.Count);
    }

    // Mid-grey with Gaussian noise: laid over a photo with Overlay, it leaves the picture and adds grain.
    private static MagickImage Noise(int width, int height)
    {
        var image = new MagickImage(MagickColors.Gray, (uint)width, (uint)height);
        image.AddNoise(NoiseType.Gaussian, 0.6);
        return image;
    }
}
