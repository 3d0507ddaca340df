using System.Buffers.Binary;
using System.IO.Compression;
using System.Security.Cryptography;
using ImageMagick;

namespace PhotoPrefs.Testing;

/// <summary>Seeded test images and hostile files, shared by the test projects.</summary>
internal static class TestImages
{
    /// <summary>A photo-like RGB image: smooth gradients plus seeded noise, as JPEG bytes.</summary>
    public static byte[] Jpeg(int width, int height, int seed, int quality = 90, Action<MagickImage>? edit = null)
    {
        using var image = Rgb(width, height, seed);
        edit?.Invoke(image);
        image.Format = MagickFormat.Jpeg;
        image.Quality = (uint)quality;
        return image.ToByteArray();
    }

    public static MagickImage Rgb(int width, int height, int seed)
    {
        var rng = new Random(seed);
        var px = new byte[width * height * 3];
        double a = rng.NextDouble() * 6, b = rng.NextDouble() * 6, c = rng.NextDouble() * 6;
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int i = 3 * ((y * width) + x);
                double u = x / (double)width, v = y / (double)height;
                px[i] = Clamp((128 + (100 * Math.Sin((a * u) + (3 * v)))) + rng.Next(-20, 21));
                px[i + 1] = Clamp((128 + (100 * Math.Cos((b * v) + (2 * u)))) + rng.Next(-20, 21));
                px[i + 2] = Clamp((128 + (100 * Math.Sin(c * (u + v)))) + rng.Next(-20, 21));
            }
        }

        return new MagickImage(px, new PixelReadSettings((uint)width, (uint)height, StorageType.Char, PixelMapping.RGB));
    }

    /// <summary>A solid two-colour image: left half <paramref name="left"/>, right half <paramref name="right"/>.</summary>
    public static MagickImage Halves(int width, int height, MagickColor left, MagickColor right)
    {
        var image = new MagickImage(right, (uint)width, (uint)height);
        image.Draw(new ImageMagick.Drawing.Drawables().FillColor(left).Rectangle(0, 0, (width / 2) - 1, height - 1));
        return image;
    }

    /// <summary>
    /// <paramref name="image"/> as stored pixels of a JPEG whose EXIF says <paramref name="orientation"/>: a viewer that
    /// applies it shows the image turned (for <see cref="Orientation.RightTop"/>, 90 degrees clockwise, width and height swapped).
    /// </summary>
    public static byte[] JpegOriented(MagickImage image, Orientation orientation)
    {
        var exif = new ExifProfile();
        exif.SetValue(ExifTag.Orientation, (ushort)orientation);
        image.SetProfile(exif);
        image.Orientation = orientation;
        image.Format = MagickFormat.Jpeg;
        image.Quality = 90;
        return image.ToByteArray();
    }

    /// <summary>A valid PNG whose header claims <paramref name="width"/> x <paramref name="height"/> pixels, with a little real data.</summary>
    public static byte[] PngWithHeader(uint width, uint height)
    {
        using var ms = new MemoryStream();
        ms.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 0; // grayscale
        Chunk(ms, "IHDR", ihdr);
        using (var raw = new MemoryStream())
        {
            using (var z = new ZLibStream(raw, CompressionLevel.SmallestSize, leaveOpen: true))
            {
                // A few million zero bytes compress to a few kilobytes: the shape of a decompression bomb.
                var zeros = new byte[1 << 16];
                for (int i = 0; i < 64; i++)
                {
                    z.Write(zeros);
                }
            }

            Chunk(ms, "IDAT", raw.ToArray());
        }

        Chunk(ms, "IEND", []);
        return ms.ToArray();
    }

    /// <summary>A JPEG whose SOF marker claims a size other than its data.</summary>
    public static byte[] JpegWithLyingHeader(ushort width, ushort height)
    {
        var bytes = Jpeg(64, 48, seed: 7);
        for (int i = 2; i < bytes.Length - 9; i++)
        {
            if (bytes[i] == 0xFF && bytes[i + 1] is 0xC0 or 0xC2)
            {
                BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(i + 5), height);
                BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(i + 7), width);
                return bytes;
            }
        }

        throw new InvalidOperationException("no SOF marker");
    }

    public static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    /// <summary>Every file under <paramref name="root"/> (links not followed) with its hash, mode and time.</summary>
    public static SortedDictionary<string, string> Fingerprint(string root)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in new DirectoryInfo(root).EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false }))
        {
            var rel = Path.GetRelativePath(root, entry.FullName);
            if (entry.LinkTarget is not null)
            {
                result[rel] = "link->" + entry.LinkTarget;
            }
            else if (entry is FileInfo f)
            {
                string hash;
                try
                {
                    hash = Sha256(f.FullName);
                }
                catch (UnauthorizedAccessException)
                {
                    hash = "unreadable";
                }

                result[rel] = $"{hash} {f.Length} {f.LastWriteTimeUtc.Ticks} {File.GetUnixFileMode(f.FullName)}";
            }
            else
            {
                result[rel] = "dir";
            }
        }

        return result;
    }

    private static byte Clamp(double v) => (byte)Math.Clamp((int)Math.Round(v), 0, 255);

    private static void Chunk(Stream s, string type, byte[] data)
    {
        Span<byte> len = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(len, (uint)data.Length);
        s.Write(len);
        var typeBytes = System.Text.Encoding.ASCII.GetBytes(type);
        s.Write(typeBytes);
        s.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(len, Crc32([.. typeBytes, .. data]));
        s.Write(len);
    }

    // PNG's CRC-32 (ISO 3309 polynomial, reflected), bit by bit: test data is tiny.
    private static uint Crc32(byte[] data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (var b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320 ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
    }
}
