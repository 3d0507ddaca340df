using ImageMagick;

namespace PhotoPrefs.Sample;

/// <summary>A one-image overview of an album: a grid of square thumbnails.</summary>
public static class ContactSheet
{
    /// <summary>
    /// Builds a PNG grid of <paramref name="count"/> photos picked evenly through <paramref name="files"/>,
    /// each centre-cropped to a <paramref name="tile"/>-pixel square, upright.
    /// </summary>
    /// <param name="files">Image files, in the order to sample from.</param>
    /// <param name="count">How many tiles.</param>
    /// <param name="columns">Tiles per row.</param>
    /// <param name="tile">Tile side in pixels.</param>
    /// <returns>The PNG bytes.</returns>
    public static byte[] Build(IReadOnlyList<string> files, int count = 100, int columns = 10, int tile = 96)
    {
        ArgumentNullException.ThrowIfNull(files);
        count = Math.Min(count, files.Count);
        int rows = (count + columns - 1) / columns;
        const int gap = 2;
        using var sheet = new MagickImage(MagickColors.White, (uint)((columns * (tile + gap)) + gap), (uint)((rows * (tile + gap)) + gap));
        for (int i = 0; i < count; i++)
        {
            var file = files[(int)((long)i * files.Count / count)];
            using var photo = Imaging.PhotoDecoder.Decode(File.ReadAllBytes(file), tile * 4);
            photo.Image.Resize(new MagickGeometry((uint)tile, (uint)tile) { FillArea = true });
            photo.Image.Crop(new MagickGeometry((uint)tile, (uint)tile), Gravity.Center);
            photo.Image.ResetPage();
            sheet.Composite(photo.Image, gap + ((i % columns) * (tile + gap)), gap + ((i / columns) * (tile + gap)), CompositeOperator.Over);
        }

        sheet.Strip();
        sheet.Format = MagickFormat.Png;
        sheet.Settings.SetDefine(MagickFormat.Png, "exclude-chunks", "date,time");
        return sheet.ToByteArray();
    }
}
