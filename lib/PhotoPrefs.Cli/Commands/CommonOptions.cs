using System.CommandLine;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using PhotoPrefs.Albums;
using Spectre.Console;
using PhotoPrefs.Store;

namespace PhotoPrefs.Cli.Commands;

/// <summary>Options and plumbing shared by the verbs.</summary>
internal static class CommonOptions
{
    public static Option<string> Workspace() => new("--workspace", "-w")
    {
        Description = $"The workspace folder (default: ./{Store.Workspace.DefaultFolderName}).",
        DefaultValueFactory = _ => Store.Workspace.DefaultFolderName,
    };

    public static Option<bool> Json() => new("--json")
    {
        Description = "Print one JSON object on the last line.",
    };

    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        WriteIndented = false,
    };

    /// <summary>Runs a verb, turning the errors a person can act on into one line and an exit code.</summary>
    public static async Task<int> Guard(Func<CancellationToken, Task<int>> body, CancellationToken ct)
    {
        try
        {
            return await body(ct).ConfigureAwait(false);
        }
        catch (PhotoPrefsException e)
        {
            Console.Error.WriteLine("error: " + e.Message);
            return 2;
        }
        catch (SqliteException e)
        {
            Console.Error.WriteLine("error: " + Store.Workspace.DescribeSqliteError(e, "the workspace").Message);
            return 2;
        }
        catch (IOException e) when (e.HResult == 28 || e.Message.Contains("No space", StringComparison.OrdinalIgnoreCase))
        {
            Console.Error.WriteLine("error: disk full: " + e.Message);
            return 2;
        }
        catch (UnauthorizedAccessException e)
        {
            Console.Error.WriteLine("error: permission denied: " + e.Message);
            return 2;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("interrupted: what was done so far is saved; run the command again to continue");
            return 130;
        }
    }

    /// <summary>Finds the repository's data-sample folder from the current directory or the program's folder.</summary>
    public static string FindDataSample() =>
        PhotoPrefs.Sample.DataSampleFolder.Find(Directory.GetCurrentDirectory(), AppContext.BaseDirectory)
        ?? throw new PhotoPrefsException("data-sample not found: run from the PhotoPrefs repository, or pass --album");

    /// <summary>Writes the import progress: a live bar on a terminal, a line per 10% otherwise.</summary>
    public static ImportSummary ImportWithProgress(string album, Workspace ws, CancellationToken ct)
    {
        if (AnsiConsole.Profile.Capabilities.Interactive)
        {
            ImportSummary? summary = null;
            AnsiConsole.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask("import", maxValue: 1);
                    var started = DateTime.UtcNow;
                    var progress = new Progress<ImportProgress>(p =>
                    {
                        task.MaxValue = Math.Max(1, p.Total);
                        task.Value = p.Done;
                        var rate = p.Done / Math.Max(0.001, (DateTime.UtcNow - started).TotalSeconds);
                        task.Description = $"import {p.Done}/{p.Total} photos, {rate:F1}/s";
                    });
                    summary = AlbumImporter.Import(album, ws, null, progress, ct);
                    task.Value = task.MaxValue;
                });
            return summary!;
        }

        var startedPlain = DateTime.UtcNow;
        int lastDecile = -1;
        var plain = new SynchronousProgress(p =>
        {
            int decile = p.Total == 0 ? 10 : p.Done * 10 / p.Total;
            if (decile > lastDecile)
            {
                lastDecile = decile;
                var secs = (DateTime.UtcNow - startedPlain).TotalSeconds;
                var rate = p.Done / Math.Max(0.001, secs);
                var eta = rate > 0 ? (p.Total - p.Done) / rate : 0;
                Console.WriteLine($"import {p.Done}/{p.Total} photos, {rate:F1}/s, eta {eta:F0} s");
            }
        });
        return AlbumImporter.Import(album, ws, null, plain, ct);
    }

    /// <summary>Runs <paramref name="work"/> with a progress bar on a terminal, a line per 10% otherwise.</summary>
    public static void WithProgress(string name, Action<Action<int, int>> work) =>
        WithProgress(name, (Action<Action<int, int, string?>>)(report => work((done, total) => report(done, total, null))));

    /// <summary>As above, with a short status (losses, mask rate) shown beside the bar and on each line.</summary>
    public static void WithProgress(string name, Action<Action<int, int, string?>> work)
    {
        if (AnsiConsole.Profile.Capabilities.Interactive)
        {
            AnsiConsole.Progress().AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask(name, maxValue: 1);
                    work((done, total, status) =>
                    {
                        task.MaxValue = Math.Max(1, total);
                        task.Value = done;
                        task.Description = Markup.Escape($"{name} {done}/{total}{(status is null ? "" : "  " + status)}");
                    });
                    task.Value = task.MaxValue;
                });
            return;
        }

        int last = -1;
        var gate = new Lock();
        work((done, total, status) =>
        {
            lock (gate)
            {
                int decile = total == 0 ? 10 : done * 10 / total;
                if (decile > last)
                {
                    last = decile;
                    Console.WriteLine($"{name} {done}/{total}{(status is null ? "" : "  " + status)}");
                }
            }
        });
    }

    public static void PrintSummary(ImportSummary s)
    {
        Console.WriteLine($"found {s.Found} image files: {s.Added} added, {s.Updated} updated, {s.Moved} moved, {s.Unchanged} unchanged, {s.Skipped.Count} skipped, {s.Missing} missing ({s.Elapsed.TotalSeconds:F1} s)");
        foreach (var k in s.Skipped)
        {
            Console.WriteLine($"  skipped {k.RelativePath}: {k.Reason}");
        }
    }

    private sealed class SynchronousProgress(Action<ImportProgress> report) : IProgress<ImportProgress>
    {
        private readonly Lock _gate = new();

        public void Report(ImportProgress value)
        {
            lock (_gate)
            {
                report(value);
            }
        }
    }
}
