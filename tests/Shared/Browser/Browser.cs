using Microsoft.Playwright;

namespace PhotoPrefs.Testing;

/// <summary>Headless Chromium (Debian's, at /usr/bin/chromium, or PHOTOPREFS_CHROMIUM) driven by Playwright.</summary>
internal static class Browser
{
    public static string Executable => Environment.GetEnvironmentVariable("PHOTOPREFS_CHROMIUM") is { Length: > 0 } p ? p : "/usr/bin/chromium";

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"chromium not found at {Executable}: install it (apt-get install chromium) or set PHOTOPREFS_CHROMIUM");
        }

        var pw = await Playwright.CreateAsync();
        var browser = await pw.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Executable, Headless = true, Args = ["--no-sandbox"] });
        return (pw, browser);
    }

    /// <summary>
    /// Opens a page (in a window of <paramref name="viewport"/> CSS pixels when given; with scripts blocked when
    /// <paramref name="scripts"/> is false), collecting console errors and page errors.
    /// </summary>
    public static async Task<(IPage Page, List<string> Errors)> OpenAsync(IBrowser browser, string url, bool offline, ViewportSize? viewport = null, bool scripts = true)
    {
        var options = new BrowserNewContextOptions { Offline = offline, JavaScriptEnabled = scripts };
        if (viewport is not null)
        {
            options.ViewportSize = viewport;
        }

        var context = await browser.NewContextAsync(options);
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, m) =>
        {
            if (m.Type == "error")
            {
                errors.Add(m.Text);
            }
        };
        page.PageError += (_, e) => errors.Add(e);
        await page.GotoAsync(url);
        return (page, errors);
    }
}
