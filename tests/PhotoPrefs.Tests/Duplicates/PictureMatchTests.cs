using ImageMagick;
using ImageMagick.Drawing;
using PhotoPrefs.Duplicates;
using PhotoPrefs.Testing;

namespace PhotoPrefs.Tests.Duplicates;

/// <summary>One picture and its edits agree once lined up; two viewpoints of one scene and two pages of one layout do not.</summary>
public sealed class PictureMatchTests
{
    private static string Sample(string relative) => SampleAlbumFiles.Path(relative);

    /// <summary>A scene seen from two places: a far background shifted a little, a near object (another photo) shifted a lot.</summary>
    private static MagickImage View(MagickImage background, MagickImage near, int backgroundShift, int nearShift)
    {
        var view = (MagickImage)background.Clone();
        view.Crop(new MagickGeometry(20 + backgroundShift, 10, 320, 240));
        view.ResetPage();
        view.Composite(near, 60 + nearShift, 50, CompositeOperator.Over);
        return view;
    }

    private static MagickImage Textured(int seed)
    {
        // A photograph-like picture: a drawn sample scene with seeded strokes of its own, so that every part has detail.
        var image = new MagickImage(Sample(Path.Combine("Camera", Directory.GetFiles(Sample("Camera"), "*.jpg").Order(StringComparer.Ordinal).Select(Path.GetFileName).ElementAt(seed)!)));
        image.AutoOrient();
        image.Resize(new MagickGeometry(400, 300) { IgnoreAspectRatio = true });
        var rng = new Random(seed);
        var strokes = new Drawables().StrokeWidth(2).FillOpacity(new Percentage(0));
        for (int i = 0; i < 1500; i++)
        {
            byte shade = (byte)rng.Next(256);
            int x = rng.Next(400), y = rng.Next(300);
            strokes.StrokeColor(new MagickColor(shade, (byte)(255 - shade), (byte)rng.Next(256))).Line(x, y, x + rng.Next(-12, 13), y + rng.Next(-12, 13));
        }

        strokes.Draw(image);
        return image;
    }

    [Fact]
    public void A_photo_agrees_with_its_resized_recompressed_brightened_captioned_and_cropped_copies()
    {
        using var original = Textured(3);
        var pattern = PictureMatch.Of(original);
        using var resized = (MagickImage)original.Clone();
        resized.Resize(new Percentage(45));
        using var recompressed = (MagickImage)original.Clone();
        recompressed.Quality = 25;
        recompressed.Format = MagickFormat.Jpeg;
        using var decoded = new MagickImage(recompressed.ToByteArray());
        using var brightened = (MagickImage)original.Clone();
        brightened.BrightnessContrast(new Percentage(20), new Percentage(10));
        using var captioned = (MagickImage)original.Clone();
        new Drawables().FillColor(MagickColors.Black).Rectangle(0, 255, 400, 300).FillColor(MagickColors.White).FontPointSize(24).Text(20, 285, "caption").Draw(captioned);
        using var cropped = (MagickImage)original.Clone();
        cropped.Crop(new MagickGeometry(30, 50, 320, 220));
        cropped.ResetPage();
        foreach (var (name, copy) in new[] { ("resized", resized), ("recompressed", decoded), ("brightened", brightened), ("captioned", captioned), ("cropped", cropped) })
        {
            var found = PictureMatch.Compare(pattern, PictureMatch.Of(copy));
            Assert.True(found.Decides, $"{name}: {found}");
            Assert.True(found.Agreement >= DuplicateOptions.DefaultCopyAgreement && found.Matched >= DuplicateOptions.DefaultCopyMatched, $"{name}: {found}");
            // The order of the two does not matter.
            Assert.Equal(found.Agreement, PictureMatch.Compare(PictureMatch.Of(copy), pattern).Agreement, 6);
            // The whole picture spans the whole field of view; the crop (320 x 220 of 400 x 300) about 0.73 of it.
            if (name == "cropped")
            {
                Assert.InRange(found.Coverage, 0.68, 0.78);
            }
            else
            {
                Assert.True(found.Coverage >= 0.97, $"{name}: {found}");
            }
        }
    }

    [Fact]
    public void Two_views_of_one_scene_do_not_agree_though_each_agrees_with_its_own_copy()
    {
        using var background = Textured(5);
        using var near = Textured(9);
        near.Resize(new MagickGeometry(180, 130) { IgnoreAspectRatio = true });
        using var left = View(background, near, 0, 0);
        using var right = View(background, near, 8, 40);
        using var leftCopy = (MagickImage)left.Clone();
        leftCopy.Resize(new Percentage(60));
        var views = PictureMatch.Compare(PictureMatch.Of(left), PictureMatch.Of(right));
        var copies = PictureMatch.Compare(PictureMatch.Of(left), PictureMatch.Of(leftCopy));
        Assert.True(copies.Decides && copies.Agreement >= DuplicateOptions.DefaultCopyAgreement, $"copy: {copies}");
        Assert.True(views.Agreement < DuplicateOptions.DefaultCopyAgreement || views.Matched < DuplicateOptions.DefaultCopyMatched, $"views: {views}");
    }

    [Fact]
    public void Two_pages_of_one_layout_with_other_text_do_not_match()
    {
        MagickImage Page(string[] lines)
        {
            var page = new MagickImage(MagickColors.White, 360, 480);
            var draw = new Drawables().FillColor(MagickColors.SteelBlue).Rectangle(0, 0, 360, 50).FillColor(MagickColors.Black).FontPointSize(20);
            for (int i = 0; i < lines.Length; i++)
            {
                draw.Text(16, 90 + (i * 30), lines[i]);
            }

            draw.Draw(page);
            return page;
        }

        using var one = Page(["Meeting moved to Tuesday", "Bring the slides", "Room 4B, 10:00", "Lunch after", "Call Anna first", "Budget is due", "Plan the trip", "Book the hotel", "Send the notes", "Check the mail", "Buy milk", "Fix the bike"]);
        using var other = Page(["Grocery list for Sunday", "Apples and pears", "Bread, two loaves", "Coffee beans", "Olive oil", "Tomatoes", "Rice and beans", "Cheese", "Yoghurt", "Onions", "Garlic", "Lemons"]);
        var found = PictureMatch.Compare(PictureMatch.Of(one), PictureMatch.Of(other));
        Assert.False(found.Decides && found.Agreement >= DuplicateOptions.DefaultCopyAgreement && found.Matched >= DuplicateOptions.DefaultCopyMatched, $"{found}");
        // A blank page of the layout is no copy of a written one, whichever is compared with which: the text
        // that one has and the other lacks counts from the blank side too.
        using var blank = Page([]);
        foreach (var (x, y) in new[] { (one, blank), (blank, one) })
        {
            var written = PictureMatch.Compare(PictureMatch.Of(x), PictureMatch.Of(y));
            Assert.False(written.Decides && written.Agreement >= DuplicateOptions.DefaultCopyAgreement && written.Matched >= DuplicateOptions.DefaultCopyMatched, $"{written}");
        }

        using var oneAgain = (MagickImage)one.Clone();
        oneAgain.Resize(new Percentage(70));
        var same = PictureMatch.Compare(PictureMatch.Of(one), PictureMatch.Of(oneAgain));
        Assert.True(same.Decides && same.Agreement >= DuplicateOptions.DefaultCopyAgreement && same.Matched >= DuplicateOptions.DefaultCopyMatched, $"{same}");
    }
}
