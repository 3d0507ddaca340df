using ImageMagick;
using PhotoPrefs.Imaging;
using PhotoPrefs.Testing;

namespace PhotoPrefs.Tests.Imaging;

public sealed class ImagingTests
{
    private static byte[] WithExif(MagickImage image, Orientation orientation, string? taken = null, string? model = null)
    {
        var exif = new ExifProfile();
        exif.SetValue(ExifTag.Orientation, (ushort)orientation);
        if (taken is not null)
        {
            exif.SetValue(ExifTag.DateTimeOriginal, taken);
        }

        if (model is not null)
        {
            exif.SetValue(ExifTag.Make, "Acme");
            exif.SetValue(ExifTag.Model, model);
        }

        image.SetProfile(exif);
        image.Orientation = orientation;
        image.Format = MagickFormat.Jpeg;
        image.Quality = 95;
        return image.ToByteArray();
    }

    [Fact]
    public void Exif_orientation_is_applied()
    {
        using var image = TestImages.Halves(40, 20, MagickColors.Red, MagickColors.Blue);
        var bytes = WithExif(image, Orientation.RightTop);
        var header = PhotoDecoder.ReadHeader(bytes);
        Assert.Equal((20, 40, 6), (header.Width, header.Height, header.Orientation));
        using var photo = PhotoDecoder.Decode(bytes, 512);
        Assert.Equal((20u, 40u), (photo.Image.Width, photo.Image.Height));

        // Rotating 90 degrees clockwise brings the left (red) half to the top.
        using var pixels = photo.Image.GetPixels();
        var top = pixels.GetPixel(10, 5).ToColor()!;
        var bottom = pixels.GetPixel(10, 35).ToColor()!;
        Assert.True(top.R > 200 && top.B < 60, $"top {top}");
        Assert.True(bottom.B > 200 && bottom.R < 60, $"bottom {bottom}");
    }

    [Fact]
    public void Exif_time_and_camera_are_read()
    {
        using var image = TestImages.Rgb(32, 32, 1);
        var header = PhotoDecoder.ReadHeader(WithExif(image, Orientation.TopLeft, "2024:07:14 09:30:05", "Acme Phone 9"));
        Assert.Equal(new DateTime(2024, 7, 14, 9, 30, 5), header.TakenAt);
        Assert.Equal("Acme Phone 9", header.Camera);
    }

    [Theory]
    [InlineData(null, 0L)]
    [InlineData("", 0L)]
    [InlineData("5", 5_000_000L)]
    [InlineData("042", 420_000L)]
    [InlineData("123456789", 1_234_567L)]
    [InlineData("12a", 0L)]
    [InlineData("-5", 0L)]
    [InlineData("48\0", 4_800_000L)]
    public void Exif_subseconds_are_the_decimal_fraction_of_the_second(string? subsec, long ticks) =>
        Assert.Equal(ticks, PhotoDecoder.SubsecondTicks(subsec));

    [Fact]
    public void Subseconds_of_the_original_time_are_added_to_it()
    {
        using var image = TestImages.Rgb(32, 32, 1);
        var exif = new ExifProfile();
        exif.SetValue(ExifTag.DateTimeOriginal, "2024:07:14 09:30:05");
        exif.SetValue(ExifTag.SubsecTimeOriginal, "25");
        image.SetProfile(exif);
        image.Format = MagickFormat.Jpeg;
        var header = PhotoDecoder.ReadHeader(image.ToByteArray());
        Assert.Equal(new DateTime(2024, 7, 14, 9, 30, 5, 250), header.TakenAt);
        Assert.Equal("2024-07-14T09:30:05.25", header.TakenAt!.Value.ToString(PhotoPrefs.Albums.AlbumImporter.TakenAtFormat, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("2024-07-14T09:30:05", new DateTime(2024, 7, 14, 9, 30, 5).ToString(PhotoPrefs.Albums.AlbumImporter.TakenAtFormat, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Fast_decode_of_a_large_jpeg_matches_the_full_decode_closely()
    {
        var bytes = TestImages.Jpeg(1600, 1200, seed: 3);
        using var fast = PhotoDecoder.Decode(bytes, 256, fast: true);
        using var full = PhotoDecoder.Decode(bytes, 256, fast: false);
        Assert.Equal((256u, 192u), (fast.Image.Width, fast.Image.Height));
        Assert.Equal((full.Image.Width, full.Image.Height), (fast.Image.Width, fast.Image.Height));
        var a = PixelBuffer.ToChw(fast.Image, 64, 48);
        var b = PixelBuffer.ToChw(full.Image, 64, 48);
        double mad = a.Zip(b, (x, y) => Math.Abs(x - y)).Average();
        Assert.True(mad < 0.03, $"mean absolute difference {mad}");
    }

    [Theory]
    [InlineData(3072)]
    [InlineData(1500)]
    [InlineData(8000)]
    public void Compression_meets_the_byte_target_and_is_deterministic(int target)
    {
        using var image = TestImages.Rgb(512, 384, seed: 5);
        var options = new CompressionOptions(TargetBytes: target);
        var r1 = ByteTargetCompressor.Compress(image, options);
        var r2 = ByteTargetCompressor.Compress(image, options);
        Assert.True(r1.MetTarget);
        Assert.InRange(r1.Bytes.Length, 1, target);
        Assert.Equal(r1.Bytes, r2.Bytes);
        using var back = new MagickImage(r1.Bytes);
        Assert.Equal(((uint)r1.Width, (uint)r1.Height), (back.Width, back.Height));
    }

    [Fact]
    public void Compression_lowers_quality_before_resolution()
    {
        // A flat image fits at high quality and full size; a noisy one needs a lower quality or fewer pixels.
        using var flat = new MagickImage(MagickColors.SkyBlue, 200, 150);
        var easy = ByteTargetCompressor.Compress(flat);
        Assert.Equal((90, 200, 150), (easy.Quality, easy.Width, easy.Height));

        using var noisy = TestImages.Rgb(512, 384, seed: 9);
        var hard = ByteTargetCompressor.Compress(noisy);
        Assert.True(hard.MetTarget);
        Assert.Equal(CompressionOptions.Default.MinQuality, hard.Quality);
        Assert.True(hard.Width < 512 && hard.Height < 384);
        Assert.Equal(512.0 / 384, hard.Width / (double)hard.Height, 1);
    }

    [Theory]
    [InlineData(3072)]
    [InlineData(12000)]
    [InlineData(40000)]
    public void Compression_gives_what_the_whole_quality_ladder_gives(int target)
    {
        // Each quality of the ladder from the top, then the resolution steps at the floor: the first that fits.
        using var image = TestImages.Rgb(512, 384, seed: 11);
        var options = new CompressionOptions(TargetBytes: target);
        var result = ByteTargetCompressor.Compress(image, options);
        int? fitting = Enumerable.Range(0, ((options.StartQuality - options.MinQuality) / options.QualityStep) + 1)
            .Select(i => options.StartQuality - (i * options.QualityStep))
            .Cast<int?>().FirstOrDefault(q => ByteTargetCompressor.Encode(image, q!.Value).Length <= target);
        if (fitting is { } q)
        {
            Assert.Equal((q, 512, 384), (result.Quality, result.Width, result.Height));
            Assert.Equal(ByteTargetCompressor.Encode(image, q), result.Bytes);
            Assert.Equal(2 + ((options.StartQuality - q) / options.QualityStep) - (q == options.MinQuality ? 1 : 0), result.Attempts);
        }
        else
        {
            Assert.Equal(options.MinQuality, result.Quality);
            Assert.True(result.Width < 512);
            Assert.Equal(1 + (int)Math.Round(Math.Log(result.Width / 512.0) / Math.Log(options.ScaleStep)), result.Attempts); // the ladder skipped
        }
    }

    [Fact]
    public void Pixel_buffer_is_chw_in_unit_range()
    {
        using var image = TestImages.Halves(40, 20, MagickColors.Red, MagickColors.Blue);
        var rgb = PixelBuffer.ToChw(image, 8, 4);
        Assert.Equal(3 * 8 * 4, rgb.Length);
        Assert.All(rgb, v => Assert.InRange(v, 0f, 1f));
        Assert.Equal(1f, rgb[0], 2);          // R at (0,0): red half
        Assert.Equal(0f, rgb[(2 * 32) + 0], 2); // B at (0,0)
        Assert.Equal(1f, rgb[(2 * 32) + 7], 2); // B at (0,7): blue half
        var gray = PixelBuffer.ToChw(image, 8, 4, grayscale: true);
        Assert.Equal(0.299f, gray[0], 2);
        Assert.Equal(0.114f, gray[7], 2);
    }

    [Fact]
    public void Centre_gray_is_a_crop_of_the_photos_own_pixels()
    {
        // Every pixel a different gray level: any resampling would mix neighbours.
        var levels = Enumerable.Range(0, 9 * 7).Select(i => (byte)(i * 4)).ToArray();
        using var image = new MagickImage(levels, new MagickReadSettings { Width = 9, Height = 7, Format = MagickFormat.Gray, Depth = 8 });
        var (gray, h, w) = PixelBuffer.CenterGray(image, 4);
        Assert.Equal((4, 4), (h, w));
        for (int y = 0; y < 4; y++)
        {
            for (int x = 0; x < 4; x++)
            {
                Assert.Equal(levels[((y + 1) * 9) + x + 2] / 255f, gray[(y * 4) + x], 5); // offset (2, 1): the centre
            }
        }

        var (whole, wh, ww) = PixelBuffer.CenterGray(image, 100);
        Assert.Equal((6, 8), (wh, ww)); // never scaled up; sides made even
        Assert.Equal(levels[0] / 255f, whole[0], 5);
        Assert.Throws<ArgumentOutOfRangeException>(() => PixelBuffer.CenterGray(image, 1));
    }
}

public sealed class FileNameDateTests
{
    [Theory]
    [InlineData("IMG_20240714_093005.jpg", "2024-07-14T09:30:05")]
    [InlineData("Screenshots/Screenshot_20230102_235959.png", "2023-01-02T23:59:59")]
    [InlineData("Screenshot_2024-07-14-09-30-05.png", "2024-07-14T09:30:05")]
    [InlineData("PXL_20221231_120000123.jpg", null)]
    [InlineData("holiday.jpg", null)]
    [InlineData("IMG_20241399_093005.jpg", null)]
    public void Dates_in_file_names_are_found(string name, string? expected)
    {
        bool ok = PhotoPrefs.Imaging.FileNameDate.TryParse(name, out var t);
        Assert.Equal(expected is not null, ok);
        if (expected is not null)
        {
            Assert.Equal(DateTime.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), t);
        }
    }
}

public sealed class FormatTests
{
    [Theory]
    [InlineData(ImageMagick.MagickFormat.Bmp)]
    [InlineData(ImageMagick.MagickFormat.Tiff)]
    [InlineData(ImageMagick.MagickFormat.WebP)]
    [InlineData(ImageMagick.MagickFormat.Png)]
    public void Other_formats_decode_to_the_same_picture(ImageMagick.MagickFormat format)
    {
        using var image = PhotoPrefs.Testing.TestImages.Halves(40, 20, ImageMagick.MagickColors.Red, ImageMagick.MagickColors.Blue);
        image.Format = format;
        image.Quality = 100;
        var bytes = image.ToByteArray();
        using var photo = PhotoPrefs.Imaging.PhotoDecoder.Decode(bytes, 64);
        Assert.Equal((40u, 20u), (photo.Image.Width, photo.Image.Height));
        var rgb = PhotoPrefs.Imaging.PixelBuffer.ToChw(photo.Image, 40, 20);
        Assert.True(rgb[0] > 0.9f && rgb[(2 * 800) + 39] > 0.9f, format.ToString());
    }

    [Fact]
    public void Animated_gif_decodes_its_first_frame()
    {
        using var frames = new ImageMagick.MagickImageCollection();
        frames.Add(new ImageMagick.MagickImage(ImageMagick.MagickColors.Red, 16, 16));
        frames.Add(new ImageMagick.MagickImage(ImageMagick.MagickColors.Blue, 16, 16));
        var bytes = frames.ToByteArray(ImageMagick.MagickFormat.Gif);
        var header = PhotoPrefs.Imaging.PhotoDecoder.ReadHeader(bytes);
        Assert.Equal("GIF", header.Format);
        using var photo = PhotoPrefs.Imaging.PhotoDecoder.Decode(bytes, 64);
        var rgb = PhotoPrefs.Imaging.PixelBuffer.ToChw(photo.Image, 4, 4);
        Assert.True(rgb[0] > 0.9f && rgb[32] < 0.1f, "first frame is red");
    }
}
