using PhotoPrefs.Labeling;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using PhotoPrefs.Albums;
using PhotoPrefs.Web.Labeling;
using PhotoPrefs.Testing;
using PhotoPrefs.Store;

namespace PhotoPrefs.Interactive.Tests;

/// <summary>The labeling server refuses what it must refuse, listens on loopback only, and writes before it answers.</summary>
public sealed class LabelingServerTests : IAsyncLifetime, IDisposable
{
    private readonly string _tmp = Path.Combine(Path.GetTempPath(), "pp-label-" + Guid.NewGuid().ToString("N")[..10]);
    private Workspace _ws = null!;
    private LabelingServer _server = null!;
    private readonly HttpClient _http = new();

    public async Task InitializeAsync()
    {
        var album = Path.Combine(_tmp, "album");
        Directory.CreateDirectory(album);
        for (int i = 0; i < 4; i++)
        {
            File.WriteAllBytes(Path.Combine(album, $"p{i}.jpg"), TestImages.Jpeg(80, 60, i));
        }

        File.WriteAllText(Path.Combine(_tmp, "secret.txt"), "not for the browser");
        _ws = Workspace.Open(Path.Combine(_tmp, "ws"));
        AlbumImporter.Import(album, _ws);
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

    private HttpRequestMessage Authorized(HttpMethod method, string path, object? body = null)
    {
        var req = new HttpRequestMessage(method, At(path));
        req.Headers.Add("X-PhotoPrefs-Token", _server.Token);
        if (body is not null)
        {
            req.Content = JsonContent.Create(body);
        }

        return req;
    }

    [Fact]
    public async Task Requests_without_the_token_get_401_and_with_a_wrong_one_403()
    {
        Assert.Equal("127.0.0.1", _server.Url.Host);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _http.GetAsync(At("/"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _http.GetAsync(At("/photo/1"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _http.GetAsync(At("/api/queue?token=0000"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _http.PostAsJsonAsync(At("/api/label?token=" + new string('a', 48)), new { photoId = 1, label = "delete" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync(_server.Url)).StatusCode);
        Assert.Empty(LabelStore.Get(_ws, "J"));
    }

    [Fact]
    public async Task The_review_api_is_refused_on_the_labeling_page_and_writes_nothing()
    {
        Assert.Null(_server.Review);
        var answer = await _http.SendAsync(Authorized(HttpMethod.Post, "/api/review/answer", new { photoId = 1, label = "delete" }));
        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        Assert.Contains("photoprefs label --review", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.SendAsync(Authorized(HttpMethod.Get, "/api/review"))).StatusCode);
        Assert.Empty(LabelStore.Get(_ws, "J"));
    }

    [Theory]
    [InlineData("/photo/..%2F..%2Fsecret.txt")]
    [InlineData("/photo/../../secret.txt")]
    [InlineData("/photo/1%00.jpg")]
    [InlineData("/photo/-1")]
    [InlineData("/photo/99999999999999999999999")]
    [InlineData("/secret.txt")]
    [InlineData("/album/p0.jpg")]
    public async Task Paths_never_reach_the_file_system(string path)
    {
        var response = await _http.SendAsync(Authorized(HttpMethod.Get, path));
        Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest, $"{path}: {response.StatusCode}");
        Assert.DoesNotContain("not for the browser", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hostile_label_requests_are_refused_and_good_ones_are_on_disk_before_the_answer()
    {
        var ids = LabelStore.PhotoIdsByPath(_ws).Values.Order().ToArray();
        foreach (var body in new object[] { new { photoId = ids[0], label = "<script>alert(1)</script>" }, new { photoId = ids[0], label = "KEEP; DROP TABLE labels" }, new { photoId = 424242, label = "keep" } })
        {
            var r = await _http.SendAsync(Authorized(HttpMethod.Post, "/api/label", body));
            Assert.True(r.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, r.StatusCode.ToString());
        }

        var garbage = Authorized(HttpMethod.Post, "/api/label");
        garbage.Content = new StringContent("{\"photoId\": \"1 OR 1=1\"", System.Text.Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.BadRequest, (await _http.SendAsync(garbage)).StatusCode);
        var huge = Authorized(HttpMethod.Post, "/api/label");
        huge.Content = new StringContent("{\"label\": \"" + new string('x', 100_000) + "\"}", System.Text.Encoding.UTF8, "application/json");
        Assert.True((await _http.SendAsync(huge)).StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge);
        Assert.Empty(LabelStore.Get(_ws, "J"));

        Assert.Equal(HttpStatusCode.OK, (await _http.SendAsync(Authorized(HttpMethod.Post, "/api/label", new { photoId = ids[1], label = "delete" }))).StatusCode);
        // Read back through a separate connection: the write was committed before the response.
        Assert.Equal(PhotoLabel.Delete, LabelStore.Get(Workspace.Open(_ws.Directory, create: false), "J")[ids[1]]);
        Assert.Equal(HttpStatusCode.OK, (await _http.SendAsync(Authorized(HttpMethod.Post, "/api/undo"))).StatusCode);
        Assert.Empty(LabelStore.Get(_ws, "J"));
    }

    [Fact]
    public async Task It_listens_on_loopback_only()
    {
        // This machine's own non-loopback addresses (interfaces that are up): the server must not answer there.
        var others = System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == System.Net.NetworkInformation.OperationalStatus.Up)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses.Select(u => u.Address))
            .Where(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a)).ToList();
        foreach (var address in others)
        {
            using var client = new TcpClient();
            await Assert.ThrowsAnyAsync<SocketException>(() => client.ConnectAsync(address, _server.Url.Port));
        }

        using var local = new TcpClient();
        await local.ConnectAsync(IPAddress.Loopback, _server.Url.Port);
        Assert.True(local.Connected);
    }

    [Fact]
    public void The_queue_puts_representatives_first_then_the_album()
    {
        var queue = LabelingOrder.Build(_ws, "J");
        Assert.Equal(4, queue.Count);
        Assert.All(queue, q => Assert.Equal("album", q.Why));
        Assert.Equal(queue.Select(q => q.Id).Order(), queue.Select(q => q.Id));
    }

    [Fact]
    public async Task Similar_lists_the_other_photos_by_embedding_once_they_are_computed()
    {
        var ids = LabelStore.PhotoIdsByPath(_ws);
        long first = ids["p0.jpg"];
        using (var before = await _http.SendAsync(Authorized(HttpMethod.Get, $"/api/similar/{first}")))
        {
            var body = await before.Content.ReadFromJsonAsync<SimilarAnswer>();
            Assert.Empty(body!.Items);
            Assert.Contains("photoprefs features", body.Message, StringComparison.Ordinal);
        }

        PhotoPrefs.Embeddings.EmbeddingExtraction.Compute(_ws);
        using var after = await _http.SendAsync(Authorized(HttpMethod.Get, $"/api/similar/{first}"));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        var found = (await after.Content.ReadFromJsonAsync<SimilarAnswer>())!;
        Assert.Null(found.Message);
        Assert.Equal(["p1.jpg", "p2.jpg", "p3.jpg"], found.Items.Select(i => i.File).Order(StringComparer.Ordinal));
        Assert.All(found.Items, i => Assert.Equal(ids[i.File], i.Id));
        Assert.Equal(found.Items.Select(i => i.Similarity).OrderDescending(), found.Items.Select(i => i.Similarity));
        using var bad = await _http.SendAsync(Authorized(HttpMethod.Get, "/api/similar/p0.jpg"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task The_pages_similar_button_shows_the_photos_most_like_this_one_and_opens_one()
    {
        PhotoPrefs.Embeddings.EmbeddingExtraction.Compute(_ws);
        var (pw, browser) = await Browser.LaunchAsync();
        using (pw)
        {
            await using (browser)
            {
                var (page, errors) = await Browser.OpenAsync(browser, _server.Url.ToString(), offline: false);
                await page.WaitForFunctionAsync("() => document.getElementById('file').textContent.length > 0");
                var shown = await page.TextContentAsync("#file");
                await page.Keyboard.PressAsync("s");
                await page.WaitForFunctionAsync("() => document.querySelectorAll('#similar figure').length === 3 && [...document.querySelectorAll('#similar img')].every(i => i.complete && i.naturalWidth > 0)");
                var captions = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('#similar figcaption')].map(c => c.textContent)");
                Assert.DoesNotContain(captions, c => c.StartsWith(shown!, StringComparison.Ordinal));
                var target = captions[0].Split(' ')[0];
                await page.ClickAsync("#similar figure");
                await page.WaitForFunctionAsync($"() => document.getElementById('file').textContent === '{target}'");
                // Moving on clears the strip.
                Assert.Equal(0, await page.EvaluateAsync<int>("() => document.querySelectorAll('#similar figure').length"));
                Assert.Empty(errors);
            }
        }
    }

    private sealed record SimilarAnswer(SimilarItem[] Items, string? Message);

    private sealed record SimilarItem(long Id, string File, double Similarity);
}
