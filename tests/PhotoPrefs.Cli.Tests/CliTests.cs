using System.Diagnostics;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using PhotoPrefs.Testing;
using PhotoPrefs.Store;

namespace PhotoPrefs.Cli.Tests;

/// <summary>The photoprefs command run as a separate process, as a person runs it.</summary>
public sealed class CliTests : IDisposable
{
    private readonly string _tmp = Path.Combine(Path.GetTempPath(), "photoprefs-cli-" + Guid.NewGuid().ToString("N")[..10]);

    public CliTests() => Directory.CreateDirectory(_tmp);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_tmp, recursive: true);
    }

    internal static Process Start(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "photoprefs.dll"));
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        return Process.Start(psi)!;
    }

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        using var p = Start(args);
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(120_000), "photoprefs did not finish in 2 minutes");
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    private string Album(int photos, int width, int height)
    {
        var album = Path.Combine(_tmp, "album");
        Directory.CreateDirectory(album);
        Parallel.For(0, photos, i => File.WriteAllBytes(Path.Combine(album, $"p{i:D3}.jpg"), TestImages.Jpeg(width, height, seed: i)));
        return album;
    }

    [Fact]
    public void Notebook_student_writes_the_notebook_without_its_solution_cells()
    {
        Directory.CreateDirectory(_tmp);
        var committed = Path.Combine(_tmp, "lab.ipynb");
        File.WriteAllText(committed, """{"cells": [{"cell_type": "code", "metadata": {}, "source": ["// start"], "outputs": [], "execution_count": null}, {"cell_type": "code", "metadata": {"tags": ["solution"]}, "source": ["var answer = 42;"], "outputs": [], "execution_count": null}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}""");
        var student = Path.Combine(_tmp, "student", "lab.ipynb");
        var run = Run("notebook", "student", committed, student);
        Assert.True(run.Code == 0, run.Err);
        Assert.Contains("1 solution cell removed", run.Out, StringComparison.Ordinal);
        var written = File.ReadAllText(student);
        Assert.Contains("// start", written, StringComparison.Ordinal);
        Assert.DoesNotContain("answer", written, StringComparison.Ordinal);
        var same = Run("notebook", "student", committed, committed);
        Assert.NotEqual(0, same.Code);
        Assert.Contains("replace its notebook", same.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_then_info_json_reports_photos_and_skipped_files()
    {
        var album = Album(3, 200, 150);
        File.WriteAllBytes(Path.Combine(album, "empty.jpg"), []);
        var ws = Path.Combine(_tmp, "ws");
        var import = Run("import", album, "--workspace", ws);
        Assert.True(import.Code == 0, import.Err);
        Assert.Contains("3 added", import.Out);
        var info = Run("info", "--workspace", ws, "--json");
        Assert.Equal(0, info.Code);
        var last = info.Out.TrimEnd().Split('\n')[^1];
        using var json = JsonDocument.Parse(last);
        Assert.Equal(3, json.RootElement.GetProperty("photos").GetInt32());
        var skipped = json.RootElement.GetProperty("skipped").EnumerateArray().Single();
        Assert.Equal("empty.jpg", skipped.GetProperty("path").GetString());
        Assert.Equal("empty file", skipped.GetProperty("reason").GetString());
    }

    [Fact]
    public void Similar_finds_photos_by_album_path_and_by_image_file_and_its_json_has_the_documented_shape()
    {
        var album = Album(4, 160, 120);
        var ws = Path.Combine(_tmp, "ws");
        Assert.Equal(0, Run("import", album, "--workspace", ws).Code);
        var features = Run("features", "--workspace", ws);
        Assert.True(features.Code == 0, features.Err);
        Assert.Contains("4 embeddings computed", features.Out, StringComparison.Ordinal);

        var byPhoto = Run("similar", "--workspace", ws, "--photo", "p001.jpg", "--top", "2", "--json");
        Assert.True(byPhoto.Code == 0, byPhoto.Err);
        using (var doc = JsonDocument.Parse(byPhoto.Out.TrimEnd().Split('\n')[^1]))
        {
            var results = doc.RootElement.GetProperty("results");
            Assert.Equal(2, results.GetArrayLength());
            Assert.All(results.EnumerateArray(), r =>
            {
                Assert.NotEqual("p001.jpg", r.GetProperty("path").GetString());
                Assert.InRange(r.GetProperty("similarity").GetDouble(), -1.0, 1.0);
            });
        }

        // Search by image, with a file kept outside the album.
        var query = Path.Combine(_tmp, "query.jpg");
        File.WriteAllBytes(query, TestImages.Jpeg(160, 120, seed: 2, quality: 60));
        var byImage = Run("similar", "--workspace", ws, "--image", query, "--json");
        Assert.True(byImage.Code == 0, byImage.Err);
        using (var doc = JsonDocument.Parse(byImage.Out.TrimEnd().Split('\n')[^1]))
        {
            var results = doc.RootElement.GetProperty("results");
            Assert.Equal(4, results.GetArrayLength());
            Assert.Equal("p002.jpg", results[0].GetProperty("path").GetString());
        }

        foreach (var (args, said) in new[]
        {
            (new[] { "similar", "--workspace", ws }, "either --photo"),
            (new[] { "similar", "--workspace", ws, "--photo", "p001.jpg", "--image", query }, "either --photo"),
            (new[] { "similar", "--workspace", ws, "--photo", "nope.jpg" }, "no photo 'nope.jpg'"),
            (new[] { "similar", "--workspace", ws, "--image", Path.Combine(_tmp, "nope.jpg") }, "image not found"),
        })
        {
            var bad = Run(args);
            Assert.Equal(2, bad.Code);
            Assert.StartsWith("error: ", bad.Err, StringComparison.Ordinal);
            Assert.Contains(said, bad.Err, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Duplicates_json_lists_each_group_with_its_keeper_members_and_kind()
    {
        var album = Album(3, 160, 120);
        File.Copy(Path.Combine(album, "p001.jpg"), Path.Combine(album, "p001 (copy).jpg"));
        var ws = Path.Combine(_tmp, "ws");
        Assert.Equal(0, Run("import", album, "--workspace", ws).Code);
        var dup = Run("duplicates", "--workspace", ws, "--json");
        Assert.True(dup.Code == 0, dup.Err);
        using var doc = JsonDocument.Parse(dup.Out.TrimEnd().Split('\n')[^1]);
        var groups = doc.RootElement.GetProperty("groups");
        var copy = Assert.Single(groups.EnumerateArray(), g => g.GetProperty("kind").GetString() == "copy");
        Assert.Equal(["p001 (copy).jpg", "p001.jpg"], copy.GetProperty("members").EnumerateArray().Select(m => m.GetString()!).Order(StringComparer.Ordinal));
        Assert.Contains(copy.GetProperty("keep").GetString(), new[] { "p001.jpg", "p001 (copy).jpg" });
        Assert.All(groups.EnumerateArray(), g => Assert.Contains(g.GetProperty("kind").GetString(), new[] { "copy", "burst", "similar" }));
        Assert.Equal(2, new DirectoryInfo(album).GetFiles().Count(f => f.Name.StartsWith("p001", StringComparison.Ordinal)));

        // --kind keeps one kind, in the text and in the JSON line.
        var bursts = Run("duplicates", "--workspace", ws, "--kind", "burst", "--json");
        Assert.True(bursts.Code == 0, bursts.Err);
        Assert.StartsWith("duplicates: ", bursts.Out, StringComparison.Ordinal);
        Assert.Contains("burst)", bursts.Out.Split('\n')[0], StringComparison.Ordinal);
        using (var only = JsonDocument.Parse(bursts.Out.TrimEnd().Split('\n')[^1]))
        {
            Assert.All(only.RootElement.GetProperty("groups").EnumerateArray(), g => Assert.Equal("burst", g.GetProperty("kind").GetString()));
        }

        var twins = Run("duplicates", "--workspace", ws, "--kind", "twins");
        Assert.NotEqual(0, twins.Code);
        Assert.Contains("twins", twins.Err, StringComparison.Ordinal);

        var missing = Run("duplicates", "--workspace", Path.Combine(_tmp, "nowhere"));
        Assert.Equal(2, missing.Code);
        Assert.StartsWith("error: ", missing.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_album_is_one_clear_line_and_a_nonzero_exit()
    {
        var r = Run("import", Path.Combine(_tmp, "no-such-album"), "--workspace", Path.Combine(_tmp, "ws"));
        Assert.Equal(2, r.Code);
        var line = Assert.Single(r.Err.Trim().Split('\n'));
        Assert.StartsWith("error: album folder not found", line);
        Assert.DoesNotContain(" at ", r.Err);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("46")]
    public void Study_refuses_more_clusters_than_labels_before_any_work(string clusters)
    {
        var album = Album(1, 64, 48);
        var ws = Path.Combine(_tmp, "ws");
        var r = Run("study", "--album", album, "--labels", _tmp, "--clusters", clusters, "--workspace", ws);
        Assert.Equal(1, r.Code); // a usage error, refused by the parser
        Assert.StartsWith("error: --clusters must be between 1 and 45", r.Err.Trim());
        Assert.False(Directory.Exists(ws), "nothing may be imported before the arguments are checked");
    }

    [Theory]
    [InlineData("--threshold", "0.5", "error: --threshold must be above 0.5 and at most 1")]
    [InlineData("--threshold", "1.2", "error: --threshold must be above 0.5 and at most 1")]
    [InlineData("--lambda-u", "-0.1", "error: --lambda-u must be 0 or more")]
    public void Study_refuses_fixmatch_settings_out_of_range_before_any_work(string option, string value, string message)
    {
        var album = Album(1, 64, 48);
        var ws = Path.Combine(_tmp, "ws");
        var r = Run("study", "--album", album, "--labels", _tmp, option, value, "--workspace", ws);
        Assert.Equal(1, r.Code); // a usage error, refused by the parser
        Assert.StartsWith(message, r.Err.Trim());
        Assert.False(Directory.Exists(ws), "nothing may be imported before the arguments are checked");
    }

    [Theory]
    [InlineData("suggest", "--precision", "0", "error: --precision must be above 0 and at most 1")]
    [InlineData("suggest", "--precision", "1.5", "error: --precision must be above 0 and at most 1")]
    [InlineData("train", "--precision", "-0.2", "error: --precision must be above 0 and at most 1")]
    [InlineData("predict", "--precision", "2", "error: --precision must be above 0 and at most 1")]
    [InlineData("train", "--folds", "1", "error: --folds must be 0 or at least 2")]
    [InlineData("suggest", "--threshold", "1.1", "error: --threshold must be between 0 and 1")]
    public void The_cut_options_out_of_range_are_usage_errors_before_the_workspace_is_opened(string verb, string option, string value, string message)
    {
        var ws = Path.Combine(_tmp, "ws");
        var r = Run(verb, "--workspace", ws, "--user", "me", option, value);
        Assert.Equal(1, r.Code); // refused by the parser
        Assert.StartsWith(message, r.Err.Trim(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(ws));
    }

    [Fact]
    public void Suggest_help_says_what_the_precision_option_does()
    {
        var r = Run("suggest", "--help");
        Assert.Equal(0, r.Code);
        Assert.Contains("--precision", r.Out, StringComparison.Ordinal);
        Assert.Contains("cross-fitted", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Sample_generate_refuses_to_replace_an_album_folder_it_did_not_write()
    {
        var album = Album(2, 64, 48);
        var before = TestImages.Fingerprint(album);
        var r = Run("sample", "generate", "--out", Path.GetDirectoryName(album)!);
        Assert.Equal(2, r.Code);
        Assert.StartsWith("error: ", r.Err, StringComparison.Ordinal);
        Assert.Contains("not a generated sample album", r.Err, StringComparison.Ordinal);
        Assert.Equal(before, TestImages.Fingerprint(album));
    }

    [Fact]
    public void Info_on_a_missing_workspace_is_a_clear_error()
    {
        var r = Run("info", "--workspace", Path.Combine(_tmp, "nothing"));
        Assert.Equal(2, r.Code);
        Assert.StartsWith("error: workspace not found", r.Err.Trim());
    }

    [Fact]
    public void Workspace_inside_the_album_is_refused_unless_asked()
    {
        var album = Album(1, 64, 64);
        var r = Run("import", album, "--workspace", Path.Combine(album, "ws"));
        Assert.Equal(2, r.Code);
        Assert.Contains("inside the album", r.Err);
        Assert.False(Directory.Exists(Path.Combine(album, "ws")));
    }

    [Fact]
    public void Import_killed_hard_midway_resumes_to_a_complete_consistent_workspace()
    {
        var album = Album(60, 1600, 1200);
        var before = TestImages.Fingerprint(album);
        var ws = Path.Combine(_tmp, "ws");
        using (var p = Start("import", album, "--workspace", ws))
        {
            var db = Path.Combine(ws, Workspace.DatabaseFileName);
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (DateTime.UtcNow < deadline && !p.HasExited && CountOk(db) < 5)
            {
                Thread.Sleep(50);
            }

            Assert.False(p.HasExited, "the import finished before it could be killed; the album is too small");
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
        }

        int partial = CountOk(Path.Combine(ws, Workspace.DatabaseFileName));
        Assert.InRange(partial, 5, 59);
        var resumed = Run("import", album, "--workspace", ws);
        Assert.True(resumed.Code == 0, resumed.Err);
        Assert.Contains($"{60 - partial} added", resumed.Out);
        var workspace = Workspace.Open(ws, create: false);
        using var c = workspace.Connect();
        Assert.Equal("ok", Workspace.Scalar(c, "PRAGMA integrity_check"));
        Assert.Equal(60L, Workspace.Scalar(c, "SELECT COUNT(*) FROM photos WHERE status = 'ok'"));
        Assert.Equal(180L, Workspace.Scalar(c, "SELECT COUNT(*) FROM thumbnails")); // thumb, compressed and detail per photo
        Assert.Equal(before, TestImages.Fingerprint(album));
    }

    [Fact]
    public void Labels_train_predict_and_suggest_work_as_commands_and_leave_the_album_untouched()
    {
        var album = Album(12, 160, 120);
        var before = TestImages.Fingerprint(album);
        var ws = Path.Combine(_tmp, "ws");
        Assert.Equal(0, Run("import", album, "--workspace", ws).Code);
        Assert.Equal(0, Run("features", "--workspace", ws).Code);
        var csv = Path.Combine(_tmp, "me.csv");
        File.WriteAllLines(csv, ["file,label", .. Enumerable.Range(0, 6).Select(i => $"p{i:D3}.jpg,{(i % 2 == 0 ? "delete" : "keep")}")]);
        var labels = Run("labels", "import", "--workspace", ws, "--user", "me", "--csv", csv);
        Assert.True(labels.Code == 0, labels.Err);
        Assert.Contains("6 labels for me", labels.Out);

        var untrained = Run("predict", "--workspace", ws, "--user", "me");
        Assert.Equal(2, untrained.Code);
        Assert.StartsWith("error: no model for user 'me'", untrained.Err);

        var train = Run("train", "--workspace", ws, "--user", "me", "--steps", "6");
        Assert.True(train.Code == 0, train.Err);
        Assert.Contains("stored with p(delete) for 12 photos", train.Out);
        var predict = Run("predict", "--workspace", ws, "--user", "me", "--top", "0", "--json");
        Assert.Equal(0, predict.Code);
        using var json = JsonDocument.Parse(predict.Out.Trim().Split('\n')[^1]);
        Assert.Equal(12, json.RootElement.GetArrayLength());
        Assert.All(json.RootElement.EnumerateArray(), e => Assert.InRange(e.GetProperty("p_delete").GetDouble(), 0, 1));

        var output = Path.Combine(_tmp, "out", "suggestions.csv");
        var suggest = Run("suggest", "--workspace", ws, "--user", "me", "--threshold", "0", "--out", output);
        Assert.True(suggest.Code == 0, suggest.Err);
        Assert.Equal(13, File.ReadAllLines(output).Length); // header + every photo at threshold 0
        Assert.Contains("confidence", suggest.Out, StringComparison.Ordinal);
        Assert.Contains("expected precision of the list", suggest.Out, StringComparison.Ordinal);
        var strict = Run("suggest", "--workspace", ws, "--user", "me", "--precision", "0.9", "--calibrate");
        Assert.True(strict.Code == 0, strict.Err);
        Assert.Contains("the cut for precision 0.9 on", strict.Out, StringComparison.Ordinal);
        Assert.Contains("cross-fit", train.Out + train.Err, StringComparison.Ordinal);
        Assert.Equal(2, Run("suggest", "--workspace", ws, "--user", "me", "--out", Path.Combine(_tmp, "x.exe")).Code);
        var hostile = Run("labels", "import", "--workspace", ws, "--user", "../../etc", "--csv", csv);
        Assert.Equal(1, hostile.Code); // refused by the parser, before the workspace is opened
        Assert.StartsWith("error: ", hostile.Err, StringComparison.Ordinal);
        Assert.Equal(before, TestImages.Fingerprint(album));
    }

    private static int CountOk(string db)
    {
        if (!File.Exists(db))
        {
            return 0;
        }

        try
        {
            using var c = new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False");
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT COUNT(*) FROM photos WHERE status = 'ok'";
            return Convert.ToInt32(cmd.ExecuteScalar());
        }
        catch (SqliteException)
        {
            return 0;
        }
    }
}
