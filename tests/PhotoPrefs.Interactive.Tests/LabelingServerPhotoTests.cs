using System.Net;
using ImageMagick;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;
using PhotoPrefs.Albums;
using PhotoPrefs.Labeling;
using PhotoPrefs.Store;
using PhotoPrefs.Testing;
using PhotoPrefs.Web.Labeling;

namespace PhotoPrefs.Interactive.Tests;

/// <summary>
/// The labeling page shows the original photo, read-only, upright and at the window's resolution, toggles a 100 % view,
/// and falls back to the stored thumbnail with a note when the original cannot be had.
/// </summary>
public sealed class LabelingServerPhotoTests : IAsyncLifetime, IDisposable
{
    private readonly string _tmp = Path.Combine(Path.GetTempPath(), "pp-label-photo-" + Guid.NewGuid().ToString("N")[..10]);
    private readonly HttpClient _http = new();
    private string _album = null!;
    private Workspace _ws = null!;
    private LabelingServer _server = null!;
    private IReadOnlyDictionary<string, long> _ids = null!;

    public async Task InitializeAsync()
    {
        _album = Path.Combine(_tmp, "album");
        Directory.CreateDirectory(_album);
        File.WriteAllBytes(Path.Combine(_album, "a-wide.jpg"), TestImages.Jpeg(2000, 1500, 1));
        using (var halves = TestImages.Halves(2000, 1500, MagickColors.Red, MagickColors.Blue))
        {
            // Stored 2000x1500 with red on the left; upright it is 1500x2000 with red on top.
            File.WriteAllBytes(Path.Combine(_album, "b-turned.jpg"), TestImages.JpegOriented(halves, Orientation.RightTop));
        }

        File.WriteAllBytes(Path.Combine(_album, "c-gone.jpg"), TestImages.Jpeg(600, 400, 3));
        var broken = TestImages.Jpeg(600, 400, 4);
        File.WriteAllBytes(Path.Combine(_album, "d-broken.jpg"), broken);
        _ws = Workspace.Open(Path.Combine(_tmp, "ws"));
        AlbumImporter.Import(_album, _ws);
        _ids = PhotoStore.IdsByPath(_ws);
        File.Delete(Path.Combine(_album, "c-gone.jpg"));
        File.WriteAllBytes(Path.Combine(_album, "d-broken.jpg"), broken[..(broken.Length / 2)]);
        _server = await LabelingServer.StartAsync(_ws, "J");
    }

    public void Dispose() => _http.Dispose();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_tmp, true);
    }

    private Uri At(string pathAndQuery) => new(new Uri(_server.Url.GetLeftPart(UriPartial.Authority)), pathAndQuery);

    private Task<HttpResponseMessage> Get(string path)
    {
        var req = new HttpRequestMessage(HttpMethod.Get, At(path));
        req.Headers.Add("X-PhotoPrefs-Token", _server.Token);
        return _http.SendAsync(req);
    }

    private static string Header(HttpResponseMessage r, string name) => r.Headers.TryGetValues(name, out var v) ? string.Join(",", v) : "";

    [Fact]
    public async Task The_endpoint_needs_the_token_and_a_sane_size()
    {
        long id = _ids["a-wide.jpg"];
        Assert.Equal(HttpStatusCode.Unauthorized, (await _http.GetAsync(At($"/api/photo/{id}?w=800&h=600"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _http.GetAsync(At($"/api/photo/{id}?w=800&h=600&token=0000"))).StatusCode);
        foreach (var query in new[] { "", "?w=800", "?h=600", "?w=0&h=600", "?w=-5&h=600", "?w=800&h=abc", "?w=8193&h=600", "?w=800&h=100000", "?w=1.5&h=600", "?w=800&w=900&h=600", "?w=+800&h=600" })
        {
            using var r = await Get($"/api/photo/{id}{query}");
            Assert.True(r.StatusCode == HttpStatusCode.BadRequest, $"{query}: {r.StatusCode}");
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await Get("/api/photo/a-wide.jpg?w=800&h=600")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Get("/api/photo/424242?w=800&h=600")).StatusCode);
        using var ok = await Get($"/api/photo/{id}?w=800&h=800");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("image/jpeg", ok.Content.Headers.ContentType?.MediaType);
        using var image = new MagickImage(await ok.Content.ReadAsByteArrayAsync());
        Assert.Equal((800u, 600u), (image.Width, image.Height));
        Assert.Equal("original", Header(ok, "X-PhotoPrefs-Source"));
        Assert.Equal("2000x1500", Header(ok, "X-PhotoPrefs-Original-Size"));
    }

    [Fact]
    public async Task The_original_comes_out_upright_fitted_and_never_enlarged()
    {
        using (var r = await Get($"/api/photo/{_ids["b-turned.jpg"]}?w=600&h=600"))
        {
            Assert.Equal("1500x2000", Header(r, "X-PhotoPrefs-Original-Size"));
            using var image = new MagickImage(await r.Content.ReadAsByteArrayAsync());
            Assert.Equal((450u, 600u), (image.Width, image.Height));
            using var pixels = image.GetPixels();
            var top = pixels.GetPixel(225, 100)!.ToColor()!;
            var bottom = pixels.GetPixel(225, 500)!.ToColor()!;
            Assert.True(top.R > 200 && top.B < 60, $"top is {top}");
            Assert.True(bottom.B > 200 && bottom.R < 60, $"bottom is {bottom}");
        }

        using var full = await Get($"/api/photo/{_ids["a-wide.jpg"]}?w=8192&h=8192");
        using var whole = new MagickImage(await full.Content.ReadAsByteArrayAsync());
        Assert.Equal((2000u, 1500u), (whole.Width, whole.Height));
    }

    [Fact]
    public async Task Without_the_original_the_stored_thumbnail_comes_with_a_note()
    {
        foreach (var (file, says) in new[] { ("c-gone.jpg", "not in the album folder"), ("d-broken.jpg", "cannot be decoded") })
        {
            using var r = await Get($"/api/photo/{_ids[file]}?w=1200&h=900");
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Equal("thumbnail", Header(r, "X-PhotoPrefs-Source"));
            Assert.Contains(says, Uri.UnescapeDataString(Header(r, "X-PhotoPrefs-Note")), StringComparison.Ordinal);
            Assert.Equal(ThumbnailStore.GetImported(_ws, _ids[file], ThumbnailKinds.Thumb), await r.Content.ReadAsByteArrayAsync());
        }

        // A workspace imported before the album folder was recorded.
        using (var db = _ws.Connect())
        {
            Workspace.Execute(db, "DELETE FROM meta WHERE key = $k", ("$k", MetaStore.AlbumRootKey));
        }

        var view = PhotoViews.Render(_ws, _ids["a-wide.jpg"], 1200, 900)!;
        Assert.False(view.FromOriginal);
        Assert.Contains("photoprefs import", view.Note, StringComparison.Ordinal);
        AlbumImporter.Import(_album, _ws);
        Assert.Equal(Path.GetFullPath(_album), MetaStore.AlbumRoot(_ws));
        Assert.True(PhotoViews.Render(_ws, _ids["a-wide.jpg"], 1200, 900)!.FromOriginal);
    }

    [Fact]
    public async Task The_page_shows_the_original_at_the_windows_size_and_one_to_one_on_Z()
    {
        var before = TestImages.Fingerprint(_album);
        var (pw, browser) = await Browser.LaunchAsync();
        using (pw)
        {
            await using (browser)
            {
                var (page, errors) = await Browser.OpenAsync(browser, _server.Url.ToString(), offline: false, new ViewportSize { Width = 1280, Height = 900 });
                var photoResponses = new List<string>();
                page.Response += (_, r) =>
                {
                    if (r.Url.Contains("/api/photo/", StringComparison.Ordinal) && r.Status == 200 && r.Headers.GetValueOrDefault("content-type") == "image/jpeg")
                    {
                        photoResponses.Add(r.Url);
                    }
                };

                // Fit: the original scaled to the stage, far above the 256-pixel thumbnail.
                await page.WaitForFunctionAsync("() => document.getElementById('file').textContent === 'a-wide.jpg'");
                await page.WaitForSelectorAsync("#photo[data-view=fit]", new() { State = WaitForSelectorState.Attached });
                var fit = await Shown(page);
                Assert.Equal("original", fit.Source);
                AssertFits(fit, 2000, 1500);
                Assert.True(fit.NaturalWidth > 2 * 256, $"fit width {fit.NaturalWidth}");
                Assert.Contains(photoResponses, u => u.Contains($"/api/photo/{_ids["a-wide.jpg"]}?w=", StringComparison.Ordinal));
                Assert.DoesNotContain(photoResponses, u => u.Contains("token", StringComparison.Ordinal));

                // Z: the original's pixels 1:1, in a stage that scrolls; Z again: back to the fit.
                await page.Keyboard.PressAsync("z");
                await page.WaitForSelectorAsync("#photo[data-view=actual]", new() { State = WaitForSelectorState.Attached });
                var actual = await Shown(page);
                Assert.Equal((2000, 1500, 2000.0, 1500.0), (actual.NaturalWidth, actual.NaturalHeight, actual.ShownWidth, actual.ShownHeight));
                Assert.True(actual.Scrollable, "the 100 % view does not scroll");
                await page.Keyboard.PressAsync("z");
                await page.WaitForSelectorAsync("#photo[data-view=fit]", new() { State = WaitForSelectorState.Attached });
                Assert.Equal(fit.NaturalWidth, (await Shown(page)).NaturalWidth);

                // A click does the same.
                await page.ClickAsync("#photo");
                await page.WaitForSelectorAsync("#photo[data-view=actual]", new() { State = WaitForSelectorState.Attached });
                Assert.Equal(2000, (await Shown(page)).NaturalWidth);

                // The EXIF-turned photo comes out upright, in both views; the next photo starts fitted.
                await page.Keyboard.PressAsync("ArrowRight");
                await page.WaitForFunctionAsync("() => document.getElementById('file').textContent === 'b-turned.jpg'");
                await page.WaitForSelectorAsync("#photo[data-view=fit]", new() { State = WaitForSelectorState.Attached });
                var turned = await Shown(page);
                AssertFits(turned, 1500, 2000);
                Assert.Equal("", await page.TextContentAsync("#note"));
                await page.Keyboard.PressAsync("z");
                await page.WaitForSelectorAsync("#photo[data-view=actual]", new() { State = WaitForSelectorState.Attached });
                Assert.Equal((1500, 2000), ((await Shown(page)).NaturalWidth, (await Shown(page)).NaturalHeight));

                // A missing original: the thumbnail, and a note that says so.
                await page.Keyboard.PressAsync("ArrowRight");
                await page.WaitForFunctionAsync("() => document.getElementById('file').textContent === 'c-gone.jpg'");
                await page.WaitForSelectorAsync("#photo[data-source=thumbnail]", new() { State = WaitForSelectorState.Attached });
                Assert.Contains("not in the album folder", await page.TextContentAsync("#note"), StringComparison.Ordinal);
                Assert.True((await Shown(page)).NaturalWidth <= 256);

                // The other keys still work.
                await page.Keyboard.PressAsync("k");
                await page.WaitForFunctionAsync("() => document.getElementById('status').textContent.includes('c-gone.jpg → keep')");
                Assert.Empty(errors);
            }
        }

        Assert.Equal(PhotoLabel.Keep, LabelStore.Get(_ws, "J")[_ids["c-gone.jpg"]]);
        // Bytes, size, time and mode of every album file, as before.
        Assert.Equal(before, TestImages.Fingerprint(_album));
    }

    private static void AssertFits(ShownPhoto shown, int width, int height)
    {
        double scale = Math.Min(1, Math.Min(shown.BoxWidth / width, shown.BoxHeight / height));
        Assert.InRange(shown.NaturalWidth, (width * scale) - 2, (width * scale) + 1);
        Assert.InRange(shown.NaturalHeight, (height * scale) - 2, (height * scale) + 1);
        Assert.True(shown.NaturalWidth <= shown.BoxWidth && shown.NaturalHeight <= shown.BoxHeight);
    }

    private static async Task<ShownPhoto> Shown(IPage page)
    {
        var v = await page.EvaluateAsync<double[]>("""
            () => {
              const img = document.getElementById('photo'), stage = document.getElementById('stage'), dpr = devicePixelRatio;
              const r = img.getBoundingClientRect();
              return [img.naturalWidth, img.naturalHeight, r.width, r.height, Math.round(stage.clientWidth * dpr), Math.round(stage.clientHeight * dpr),
                      stage.scrollWidth > stage.clientWidth && stage.scrollHeight > stage.clientHeight ? 1 : 0];
            }
            """);
        var source = await page.GetAttributeAsync("#photo", "data-source");
        return new ShownPhoto((int)v[0], (int)v[1], v[2], v[3], v[4], v[5], v[6] > 0, source ?? "");
    }

    private sealed record ShownPhoto(int NaturalWidth, int NaturalHeight, double ShownWidth, double ShownHeight, double BoxWidth, double BoxHeight, bool Scrollable, string Source);
}
