using Microsoft.Data.Sqlite;
using PhotoPrefs.Albums;
using PhotoPrefs.Store;
using PhotoPrefs.Testing;

namespace PhotoPrefs.Interactive.Tests;

/// <summary>Captioned photo rows: each photo's picture, path and own caption, in the order given.</summary>
public sealed class GalleryTests
{
    [Fact]
    public void Captioned_shows_each_photo_with_its_caption_in_order_and_skips_unknown_ids()
    {
        var tmp = Directory.CreateTempSubdirectory("pp-gallery-");
        try
        {
            var album = Path.Combine(tmp.FullName, "album");
            Directory.CreateDirectory(album);
            File.WriteAllBytes(Path.Combine(album, "a.jpg"), TestImages.Jpeg(120, 90, 1));
            File.WriteAllBytes(Path.Combine(album, "b.jpg"), TestImages.Jpeg(120, 90, 2));
            var ws = Workspace.Open(Path.Combine(tmp.FullName, "ws"));
            AlbumImporter.Import(album, ws);
            var ids = PhotoStore.IdsByPath(ws);
            var html = Gallery.Captioned(ws, [(ids["b.jpg"], "sharpness <2>\nseed 1"), (ids["a.jpg"], "sharpness 9"), (999_999, "none")]);
            Assert.Equal(2, html.Split("<img ").Length - 1);
            int b = html.IndexOf("b.jpg<br>sharpness &lt;2&gt;<br>seed 1</figcaption>", StringComparison.Ordinal);
            int a = html.IndexOf("a.jpg<br>sharpness 9</figcaption>", StringComparison.Ordinal);
            Assert.True(b >= 0 && a > b, html.Length > 2000 ? html[..2000] : html);
            Assert.DoesNotContain("none", html, StringComparison.Ordinal);
            Assert.Contains("data:image/jpeg;base64,/9j/", html, StringComparison.Ordinal);
            Assert.Equal("<p>(no photos)</p>", Gallery.Captioned(ws, [(999_999, "none")]));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            tmp.Delete(true);
        }
    }
}
