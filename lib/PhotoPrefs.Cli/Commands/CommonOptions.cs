using System.CommandLine;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using PhotoPrefs.Pipeline;
using PhotoPrefs.Store;

namespace PhotoPrefs.Cli.Commands;

/// <summary>Options, range checks and error handling shared by the verbs.</summary>
internal static class CommonOptions
{
    public static Option<string> Workspace() => new("--workspace", "-w")
    {
        Description = $"The workspace folder (default: ./{Store.Workspace.DefaultFolderName}).",
        DefaultValueFactory = _ => Store.Workspace.DefaultFolderName,
    };

    public static Option<bool> Json() => new("--json")
    {
        Description = "Print the result as one JSON line, last.",
    };

    public static Option<string> User() => new Option<string>("--user", "-u") { Description = "The user profile (for example J).", Required = true }.Checked(u => LabelStore.ValidateUser(u));

    /// <summary>The target precision of a verb that cuts a list of suggestions (above 0, at most 1).</summary>
    public static Option<double?> Precision() => new Option<double?>("--precision")
    {
        Description = "Cut the list where its precision on the model's cross-fitted predictions (each labeled photo scored by models trained without its label) reaches this, for example 0.9: the lowest such cut, never below p(delete) 0.5; when no cut reaches it, the one with the best precision. Above 0 and at most 1.",
    }.Must(p => p is null or (> 0 and <= 1), "must be above 0 and at most 1");

    /// <summary>Platt scaling of the confidence on the cross-fitted labels.</summary>
    public static Option<bool> Calibrate() => new("--calibrate")
    {
        Description = "Show p(delete) after Platt scaling on the model's cross-fitted labels as the confidence (by default the confidence is the model's own p(delete), the better calibrated of the two on the study's albums).",
    };

    /// <summary>Every JSON the command prints: records, snake_case names, dictionary keys as they are.</summary>
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        WriteIndented = false,
    };

    /// <summary>Prints <paramref name="value"/> as one JSON line.</summary>
    public static void PrintJson<T>(T value) => Console.WriteLine(JsonSerializer.Serialize(value, JsonOptions));

    /// <summary>Opens the workspace of a verb, reporting every stage's progress on the console.</summary>
    public static Album Open(string workspace, bool create = false) => Album.Open(workspace, create, new ConsoleProgress());

    /// <summary>Refuses values of <paramref name="option"/> for which <paramref name="ok"/> is false, with <paramref name="message"/>, before any work.</summary>
    public static Option<T> Must<T>(this Option<T> option, Func<T, bool> ok, string message)
    {
        option.Validators.Add(result =>
        {
            if (!ok(result.GetValueOrDefault<T>()))
            {
                result.AddError($"{option.Name} {message}");
            }
        });
        return option;
    }

    /// <summary>Refuses values of <paramref name="option"/> that <paramref name="check"/> throws a <see cref="PhotoPrefsException"/> for, with its message.</summary>
    public static Option<T> Checked<T>(this Option<T> option, Action<T> check)
    {
        option.Validators.Add(result =>
        {
            try
            {
                check(result.GetValueOrDefault<T>());
            }
            catch (PhotoPrefsException e)
            {
                result.AddError(e.Message);
            }
        });
        return option;
    }

    /// <summary>Prints the parser's errors as lines starting with <c>error:</c>.</summary>
    public static int PrintParseErrors(ParseResult parse)
    {
        foreach (var e in parse.Errors)
        {
            Console.Error.WriteLine("error: " + e.Message);
        }

        return 1;
    }

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

    /// <summary>Runs a synchronous verb, with the same error handling as the asynchronous one.</summary>
    public static Task<int> Guard(Func<CancellationToken, int> body, CancellationToken ct) => Guard(c => Task.FromResult(body(c)), ct);

    /// <summary>Finds the repository's data-sample folder from the current directory or the program's folder.</summary>
    public static string FindDataSample() =>
        PhotoPrefs.Sample.DataSampleFolder.Find(Directory.GetCurrentDirectory(), AppContext.BaseDirectory)
        ?? throw new PhotoPrefsException("data-sample not found: run from the PhotoPrefs repository, or pass --album");
}
