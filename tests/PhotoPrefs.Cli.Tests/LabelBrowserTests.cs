using System.Diagnostics;
using Microsoft.Data.Sqlite;
using PhotoPrefs.Albums;
using PhotoPrefs.Testing;
using PhotoPrefs.Store;

namespace PhotoPrefs.Cli.Tests;

/// <summary>A person labels in the browser, the server is killed hard, and nothing they saw saved is lost.</summary>
public sealed class LabelBrowserTests : IDisposable
{
    private readonly string _tmp = Path.Combine(Path.GetTempPath(), "pp-label-cli-" + Guid.NewGuid().ToString("N")[..10]);

    public LabelBrowserTests() => Directory.CreateDirectory(_tmp);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_tmp, recursive: true);
    }

    private static (Process Process, Uri Url) Serve(string ws)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "photoprefs.dll"), "label", "--workspace", ws, "--user", "J", "--no-open" })
        {
            psi.ArgumentList.Add(a);
        }

        var p = Process.Start(psi)!;
        var first = p.StandardOutput.ReadLineAsync();
        Assert.True(first.Wait(60_000), "the server printed no address in a minute");
        var url = new Uri(first.Result!);
        Assert.Equal("127.0.0.1", url.Host);
        Assert.StartsWith("?token=", url.Query, StringComparison.Ordinal);
        return (p, url);
    }

    [Fact]
    public async Task Labels_given_by_click_and_keyboard_survive_a_hard_kill()
    {
        var album = Path.Combine(_tmp, "album");
        Directory.CreateDirectory(album);
        for (int i = 0; i < 5; i++)
        {
            File.WriteAllBytes(Path.Combine(album, $"p{i}.jpg"), TestImages.Jpeg(120, 90, i));
        }

        var wsDir = Path.Combine(_tmp, "ws");
        var ws = Workspace.Open(wsDir);
        AlbumImporter.Import(album, ws);
        var (pw, browser) = await Browser.LaunchAsync();
        using (pw)
        {
            await using (browser)
            {
                var (server, url) = Serve(wsDir);
                try
                {
                    var (page, errors) = await Browser.OpenAsync(browser, url.ToString(), offline: false);
                    await page.WaitForFunctionAsync("() => document.getElementById('file').textContent.length > 0");
                    var first = await page.TextContentAsync("#file");
                    await page.ClickAsync("#delete");
                    await page.WaitForFunctionAsync("() => document.getElementById('status').textContent.startsWith('saved')");
                    var second = await page.TextContentAsync("#file");
                    Assert.NotEqual(first, second);
                    await page.Keyboard.PressAsync("k");
                    await page.WaitForFunctionAsync($"() => document.getElementById('status').textContent.includes('{second} → keep')");
                    await page.Keyboard.PressAsync("d");
                    await page.WaitForFunctionAsync("() => document.getElementById('progress').textContent.startsWith('3 of 5')");
                    Assert.Empty(errors);
                }
                finally
                {
                    // As hard as it gets: SIGKILL, no shutdown code runs.
                    server.Kill(entireProcessTree: true);
                    server.WaitForExit();
                    server.Dispose();
                }

                var labels = LabelStore.Get(Workspace.Open(wsDir, create: false), "J");
                Assert.Equal(3, labels.Count);
                Assert.Equal(2, labels.Values.Count(l => l == PhotoLabel.Delete));

                var (again, url2) = Serve(wsDir);
                try
                {
                    Assert.NotEqual(url.Query, url2.Query);
                    var (page, errors) = await Browser.OpenAsync(browser, url2.ToString(), offline: false);
                    await page.WaitForFunctionAsync("() => document.getElementById('progress').textContent.startsWith('3 of 5')");
                    // The page continues at the first photo without a label.
                    Assert.Equal("not labeled yet", await page.TextContentAsync("#current"));
                    await page.Keyboard.PressAsync("u");
                    await page.WaitForFunctionAsync("() => document.getElementById('progress').textContent.startsWith('2 of 5')");
                    Assert.Empty(errors);
                }
                finally
                {
                    again.Kill(entireProcessTree: true);
                    again.WaitForExit();
                    again.Dispose();
                }

                Assert.Equal(2, LabelStore.Get(Workspace.Open(wsDir, create: false), "J").Count);
            }
        }
    }
}
