using Microsoft.Data.Sqlite;
using PhotoPrefs.Albums;
using PhotoPrefs.Clustering;
using PhotoPrefs.Features;
using PhotoPrefs.Testing;
using PhotoPrefs.Store;

namespace PhotoPrefs.Interactive.Tests;

/// <summary>The report is one file that draws its charts from disk with the network off.</summary>
public sealed class ReportBrowserTests
{
    [Fact]
    public async Task The_report_opened_from_disk_offline_draws_its_charts_without_console_errors()
    {
        var dir = Directory.CreateTempSubdirectory("pp-report-");
        try
        {
            var album = Path.Combine(dir.FullName, "album");
            Directory.CreateDirectory(album);
            for (int i = 0; i < 12; i++)
            {
                File.WriteAllBytes(Path.Combine(album, $"p{i:D2}.jpg"), TestImages.Jpeg(96, 72, i));
            }

            File.Copy(Path.Combine(album, "p03.jpg"), Path.Combine(album, "p03 (copy).jpg"));

            var ws = Workspace.Open(Path.Combine(dir.FullName, "ws"));
            AlbumImporter.Import(album, ws);
            FeatureExtraction.Compute(ws);
            AlbumClustering.Run(ws, kMin: 2, kMax: 4, budget: 6);
            // Without embeddings the near-duplicates section says how to get them.
            Assert.Contains("0 of 13 photos have an embedding: run <code>photoprefs features</code>", Report.Build(ws), StringComparison.Ordinal);
            PhotoPrefs.Embeddings.EmbeddingExtraction.Compute(ws);
            var file = Report.Write(Path.Combine(dir.FullName, "out", "report.html"), ws);
            var html = File.ReadAllText(file);
            Assert.DoesNotContain("cdn.plot.ly/plotly", html[..Math.Min(html.Length, 200)], StringComparison.Ordinal);
            int charts = html.Split("class=\"pp-plot\"").Length - 1;
            Assert.True(charts >= 4, $"{charts} charts");
            Assert.Contains("<h3>Copies (1)</h3>", html, StringComparison.Ordinal);

            var (pw, browser) = await Browser.LaunchAsync();
            using (pw)
            {
                await using (browser)
                {
                    var (page, errors) = await Browser.OpenAsync(browser, new Uri(file).AbsoluteUri, offline: true);
                    await page.WaitForFunctionAsync($"() => document.querySelectorAll('.pp-plot .main-svg').length >= {charts}", null, new() { Timeout = 30_000 });
                    // The montage shows up to 8 photos per cluster, every thumbnail embedded.
                    Assert.InRange(await page.EvaluateAsync<int>("() => [...document.querySelectorAll('.pp-montage img')].filter(i => i.complete && i.naturalWidth > 0).length"), 4, 13);
                    // The copy group shows both files, the one to keep framed green.
                    Assert.Equal(2, await page.EvaluateAsync<int>("() => [...document.querySelectorAll('img[title^=\"p03\"]')].filter(i => i.complete && i.naturalWidth > 0 && !i.closest('.pp-montage')).length"));
                    Assert.Empty(errors);
                }
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            dir.Delete(true);
        }
    }
}
