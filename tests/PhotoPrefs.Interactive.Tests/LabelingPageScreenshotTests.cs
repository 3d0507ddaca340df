using Microsoft.Data.Sqlite;
using Microsoft.Playwright;
using PhotoPrefs.Albums;
using PhotoPrefs.Store;
using PhotoPrefs.Testing;
using PhotoPrefs.Web.Labeling;

namespace PhotoPrefs.Interactive.Tests;

/// <summary>
/// The labeling page on photos of the sample album, drawn by chromium: it shows the first photo and its buttons with
/// no error. With PHOTOPREFS_SCREENSHOT set to a file, the test also writes its picture there; notebook 04 shows that
/// picture, so that a run with no person to click still shows what the page looks like:
/// <c>PHOTOPREFS_SCREENSHOT=$PWD/notebooks/images/04-labeling-page.png dotnet test tests/PhotoPrefs.Interactive.Tests --filter "FullyQualifiedName~LabelingPageScreenshotTests"</c>.
/// </summary>
public sealed class LabelingPageScreenshotTests
{
    private static readonly string[] Photos = ["Camera/IMG_20230112_123403.jpg", "Camera/IMG_20230112_174559.jpg", "Camera/IMG_20230114_181800.jpg"];

    [Fact]
    public async Task The_page_draws_a_sample_photo_and_its_buttons()
    {
        var tmp = Directory.CreateTempSubdirectory("pp-label-shot-");
        try
        {
            var album = Path.Combine(tmp.FullName, "album");
            Directory.CreateDirectory(album);
            foreach (var p in Photos)
            {
                File.Copy(SampleAlbumFiles.Path(p), Path.Combine(album, Path.GetFileName(p)));
            }

            var ws = Workspace.Open(Path.Combine(tmp.FullName, "ws"));
            AlbumImporter.Import(album, ws);
            await using var server = await LabelingServer.StartAsync(ws, "J");
            var (pw, browser) = await Browser.LaunchAsync();
            byte[] png;
            using (pw)
            {
                await using (browser)
                {
                    var (page, errors) = await Browser.OpenAsync(browser, server.Url.ToString(), offline: false, new ViewportSize { Width = 960, Height = 600 });
                    await page.WaitForFunctionAsync("() => document.getElementById('file').textContent.length > 0");
                    await page.WaitForFunctionAsync("() => { const p = document.getElementById('photo'); return p && p.complete && p.naturalWidth > 0 && p.dataset.source === 'original'; }");
                    Assert.True(await page.IsVisibleAsync("#delete") && await page.IsVisibleAsync("#keep"), "the keep and delete buttons are not shown");
                    Assert.Empty(errors);
                    png = await page.ScreenshotAsync();
                }
            }

            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
            Assert.True(png.Length > 20_000, $"the screenshot has only {png.Length} bytes: the photo is not on it");
            if (Environment.GetEnvironmentVariable("PHOTOPREFS_SCREENSHOT") is { Length: > 0 } target)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(target))!);
                File.WriteAllBytes(target, png);
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            tmp.Delete(true);
        }
    }
}
