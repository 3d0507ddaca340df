using System.Globalization;
using ImageMagick;
using ImageMagick.Formats;

namespace PhotoPrefs.Imaging;

/// <summary>What a file's header says, read without decoding pixels.</summary>
/// <param name="Format">Container format as Magick.NET names it (<c>JPEG</c>, <c>PNG</c>, <c>HEIC</c>, …).</param>
/// <param name="Width">Width in pixels after the EXIF orientation is applied.</param>
/// <param name="Height">Height in pixels after the EXIF orientation is applied.</param>
/// <param name="Orientation">EXIF orientation 1..8 (1 when absent).</param>
/// <param name="TakenAt">EXIF DateTimeOriginal (or DateTime) as a local time without zone, with its SubSecTimeOriginal (or SubSecTime) when present; null when absent or unreadable.</param>
/// <param name="Camera">EXIF make and model joined by a space; null when absent.</param>
public sealed record PhotoHeader(string Format, int Width, int Height, int Orientation, DateTime? TakenAt, string? Camera);

/// <summary>A decoded, upright photo with the header it came from. Dispose it to free the pixels.</summary>
public sealed class DecodedPhoto : IDisposable
{
    internal DecodedPhoto(MagickImage image, PhotoHeader header)
    {
        Image = image;
        Header = header;
    }

    /// <summary>The upright sRGB pixels (8 bits per channel, no alpha), at most the requested size.</summary>
    public MagickImage Image { get; }

    /// <summary>The header read before decoding.</summary>
    public PhotoHeader Header { get; }

    /// <inheritdoc />
    public void Dispose() => Image.Dispose();
}

/// <summary>
/// Decodes album files safely: size and header limits first (<see cref="ImageLimits"/>), then the
/// pixels, with corrupt-data warnings treated as errors, EXIF orientation applied and alpha removed
/// onto white. JPEGs can be decoded at reduced scale through libjpeg's DCT scaling (1/2, 1/4, 1/8),
/// which is what makes thumbnails of 12-megapixel photos cheap.
/// </summary>
public static class PhotoDecoder
{
    static PhotoDecoder()
    {
        // Backstop behind the header checks: the decoder itself refuses absurd dimensions.
        ResourceLimits.Width = 65_535;
        ResourceLimits.Height = 65_535;
    }

    /// <summary>Reads format, size, orientation, time and camera from the header alone.</summary>
    /// <param name="data">The whole file.</param>
    /// <param name="limits">Limits to enforce; <see cref="ImageLimits.Default"/> when null.</param>
    /// <returns>The header, with width and height as they will be after orientation.</returns>
    /// <exception cref="ImageDecodeException">Empty, too large, unreadable, or beyond the limits.</exception>
    public static PhotoHeader ReadHeader(byte[] data, ImageLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        limits ??= ImageLimits.Default;
        if (data.Length == 0)
        {
            throw new ImageDecodeException("empty file");
        }

        if (data.LongLength > limits.MaxFileBytes)
        {
            throw new ImageDecodeException($"file is {data.LongLength / (1 << 20)} MiB, over the limit of {limits.MaxFileBytes / (1 << 20)} MiB");
        }

        using var image = new MagickImage();
        try
        {
            image.Ping(data, new MagickReadSettings { FrameIndex = 0, FrameCount = 1 });
        }
        catch (MagickException e)
        {
            throw new ImageDecodeException("not a readable image (" + ShortReason(e) + ")", e);
        }

        long w = image.Width, h = image.Height;
        if (w <= 0 || h <= 0)
        {
            throw new ImageDecodeException("image header has no size");
        }

        if (w > limits.MaxSide || h > limits.MaxSide || w * h > limits.MaxPixels)
        {
            throw new ImageDecodeException($"image header claims {w}x{h} pixels, over the limit of {limits.MaxPixels / 1_000_000} megapixels or {limits.MaxSide} per side");
        }

        int orientation = (int)image.Orientation;
        if (orientation is < 1 or > 8)
        {
            orientation = 1;
        }

        bool swaps = orientation >= 5;
        var (taken, camera) = ReadExif(image);
        return new PhotoHeader(image.Format.ToString().ToUpperInvariant(), (int)(swaps ? h : w), (int)(swaps ? w : h), orientation, taken, camera);
    }

    /// <summary>
    /// Decodes a file into an upright image no larger than <paramref name="maxSide"/> on its longer side.
    /// </summary>
    /// <param name="data">The whole file.</param>
    /// <param name="maxSide">Longest side of the result; the image is only ever shrunk, never enlarged.</param>
    /// <param name="fast">When true, JPEGs are decoded at the smallest DCT scale that still covers <paramref name="maxSide"/>.</param>
    /// <param name="limits">Limits to enforce; <see cref="ImageLimits.Default"/> when null.</param>
    /// <returns>The decoded photo; the caller disposes it.</returns>
    /// <exception cref="ImageDecodeException">The file is not a usable image; the message is the reason.</exception>
    public static DecodedPhoto Decode(byte[] data, int maxSide, bool fast = true, ImageLimits? limits = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSide, 1);
        return Decode(data, ReadHeader(data, limits), maxSide, fast);
    }

    /// <summary>
    /// Decodes a file into an upright image that fits a <paramref name="maxWidth"/> x <paramref name="maxHeight"/>
    /// box, aspect kept: scale <c>s = min(1, maxWidth / width, maxHeight / height)</c> of the upright size, so a photo
    /// smaller than the box comes out at its own size. JPEGs are decoded at reduced DCT scale when that still covers the box.
    /// </summary>
    /// <param name="data">The whole file.</param>
    /// <param name="maxWidth">Largest width of the result.</param>
    /// <param name="maxHeight">Largest height of the result.</param>
    /// <param name="limits">Limits to enforce; <see cref="ImageLimits.Default"/> when null.</param>
    /// <returns>The decoded photo; the caller disposes it. Its header gives the upright size of the whole file.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxWidth"/> or <paramref name="maxHeight"/> is below 1.</exception>
    /// <exception cref="ImageDecodeException">The file is not a usable image; the message is the reason.</exception>
    public static DecodedPhoto DecodeWithin(byte[] data, int maxWidth, int maxHeight, ImageLimits? limits = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxHeight, 1);
        var header = ReadHeader(data, limits);
        double scale = Math.Min(1, Math.Min(maxWidth / (double)header.Width, maxHeight / (double)header.Height));
        int side = Math.Max(1, (int)Math.Floor(Math.Max(header.Width, header.Height) * scale));
        var photo = Decode(data, header, side, fast: true);
        if (photo.Image.Width > maxWidth || photo.Image.Height > maxHeight)
        {
            // Rounding of the shorter side can overshoot the box by a pixel.
            photo.Image.Resize(new MagickGeometry((uint)maxWidth, (uint)maxHeight));
        }

        return photo;
    }

    private static DecodedPhoto Decode(byte[] data, PhotoHeader header, int maxSide, bool fast)
    {
        var settings = new MagickReadSettings { FrameIndex = 0, FrameCount = 1 };
        // Only when it shrinks: libjpeg would also scale a small image up to meet the hint.
        if (fast && header.Format is "JPEG" or "JPG" && Math.Max(header.Width, header.Height) >= 2 * maxSide)
        {
            settings.SetDefines(new JpegReadDefines { Size = new MagickGeometry((uint)maxSide, (uint)maxSide) });
        }

        var image = new MagickImage();
        string? corrupt = null;
        image.Warning += (_, e) => corrupt ??= e.Message;
        try
        {
            image.Read(data, settings);
            if (corrupt is not null && IsCorruptionWarning(corrupt))
            {
                throw new ImageDecodeException("truncated or corrupt image (" + Trim(corrupt) + ")");
            }

            image.AutoOrient();
            if (image.HasAlpha)
            {
                image.BackgroundColor = MagickColors.White;
                image.Alpha(AlphaAction.Remove);
            }

            if (image.ColorSpace != ColorSpace.sRGB)
            {
                image.ColorSpace = ColorSpace.sRGB;
            }

            if (image.Width > maxSide || image.Height > maxSide)
            {
                image.Resize(new MagickGeometry((uint)maxSide, (uint)maxSide));
            }

            image.Depth = 8;
            return new DecodedPhoto(image, header);
        }
        catch (MagickException e)
        {
            image.Dispose();
            throw new ImageDecodeException(IsCorruptionWarning(e.Message) || e is MagickCorruptImageErrorException
                ? "truncated or corrupt image (" + ShortReason(e) + ")"
                : "not a readable image (" + ShortReason(e) + ")", e);
        }
        catch
        {
            image.Dispose();
            throw;
        }
    }

    private static bool IsCorruptionWarning(string message) =>
        message.Contains("Premature end", StringComparison.OrdinalIgnoreCase)
        || message.Contains("Corrupt", StringComparison.OrdinalIgnoreCase)
        || message.Contains("truncat", StringComparison.OrdinalIgnoreCase)
        || message.Contains("insufficient image data", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// EXIF SubSecTime* as ticks: its digits are the decimal fraction of the second ("5" is 0.5 s, "042" 0.042 s);
    /// at most 7 digits count, and anything else (empty, signs, letters) is no fraction.
    /// </summary>
    /// <param name="subsec">The tag's text, or null.</param>
    /// <returns>Ticks, 0 to 9,999,999.</returns>
    internal static long SubsecondTicks(string? subsec)
    {
        var digits = subsec?.Trim('\0', ' ');
        if (string.IsNullOrEmpty(digits) || !digits.All(char.IsAsciiDigit))
        {
            return 0;
        }

        digits = digits.Length > 7 ? digits[..7] : digits.PadRight(7, '0');
        return long.Parse(digits, CultureInfo.InvariantCulture);
    }

    private static (DateTime? Taken, string? Camera) ReadExif(MagickImage image)
    {
        IExifProfile? exif;
        try
        {
            exif = image.GetExifProfile();
        }
        catch (MagickException)
        {
            return (null, null);
        }

        if (exif is null)
        {
            return (null, null);
        }

        var original = exif.GetValue(ExifTag.DateTimeOriginal)?.Value;
        var text = original ?? exif.GetValue(ExifTag.DateTime)?.Value;
        DateTime? taken = null;
        if (text is not null && DateTime.TryParseExact(text.Trim('\0', ' '), "yyyy:MM:dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t))
        {
            // Subseconds tell the shots of one burst apart when several fall in one second.
            var subsec = (original is not null ? exif.GetValue(ExifTag.SubsecTimeOriginal) : exif.GetValue(ExifTag.SubsecTime))?.Value;
            taken = t.AddTicks(SubsecondTicks(subsec));
        }

        var make = exif.GetValue(ExifTag.Make)?.Value?.Trim('\0', ' ');
        var model = exif.GetValue(ExifTag.Model)?.Value?.Trim('\0', ' ');
        string? camera = (make, model) switch
        {
            (null or "", null or "") => null,
            (null or "", _) => model,
            (_, null or "") => make,
            _ when model!.StartsWith(make!, StringComparison.OrdinalIgnoreCase) => model,
            _ => make + " " + model,
        };
        return (taken, camera);
    }

    private static string ShortReason(MagickException e) => Trim(e.Message);

    private static string Trim(string message)
    {
        // Magick's messages end with " @ error/coder.c/Function/line": keep the human part.
        int at = message.IndexOf(" @ ", StringComparison.Ordinal);
        var s = (at > 0 ? message[..at] : message).Trim();
        return s.Length > 160 ? s[..160] : s;
    }
}
