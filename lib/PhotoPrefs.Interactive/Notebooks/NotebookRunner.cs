using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;
using Microsoft.DotNet.Interactive.Formatting;

namespace PhotoPrefs.Interactive.Notebooks;

/// <summary>What a notebook's cells can call, as .NET Interactive offers them: <c>display(x)</c> and the run's parameters.</summary>
public sealed class NotebookGlobals
{
    internal NotebookGlobals(IReadOnlyDictionary<string, string> parameters, string directory)
    {
        Parameters = parameters;
        NotebookDirectory = directory;
    }

    internal JsonArray Outputs { get; set; } = [];

    /// <summary>Parameters given to the run (<c>--param name=value</c>); cells read them with <see cref="Course.Parameter"/>.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; }

    /// <summary>The folder of the notebook (cells run with it as the current directory).</summary>
    public string NotebookDirectory { get; }

#pragma warning disable IDE1006, CA1822 // The names and shapes that .NET Interactive's C# cells use.
    /// <summary>Shows a value below the cell through the registered formatters (HTML and plain text), as in .NET Interactive.</summary>
    /// <param name="value">The value.</param>
    public void display(object? value) => Outputs.Add(NotebookRunner.DisplayData(value, "display_data"));

    /// <summary>Marks a string as HTML for <see cref="display"/>, as .NET Interactive's <c>HTML(...)</c> does.</summary>
    /// <param name="html">The HTML.</param>
    /// <returns>HTML content.</returns>
    public Microsoft.AspNetCore.Html.IHtmlContent HTML(string html) => new Microsoft.AspNetCore.Html.HtmlString(html);
#pragma warning restore IDE1006, CA1822
}

/// <summary>The outcome of running a notebook.</summary>
/// <param name="Notebook">The notebook with its outputs.</param>
/// <param name="FailedCell">The 1-based number of the cell that failed, or null.</param>
/// <param name="Error">The error, or null.</param>
/// <param name="Elapsed">Wall time.</param>
public sealed record NotebookRun(NotebookDocument Notebook, int? FailedCell, string? Error, TimeSpan Elapsed)
{
    /// <summary>Whether every cell ran.</summary>
    public bool Succeeded => FailedCell is null;
}

/// <summary>
/// Runs a notebook's C# cells in order with Roslyn scripting, state carried from cell to cell, the usings
/// .NET Interactive adds by default, <c>display(...)</c> and a cell's last expression rendered through the
/// registered formatters (text/html and text/plain), console output captured as streams, and a failing cell
/// reported with its number. Polyglot-only magic commands are refused with a clear message; <c>#r</c> lines that
/// load PhotoPrefs' own assemblies (needed in Polyglot) are accepted and satisfied by the runner.
/// </summary>
public static partial class NotebookRunner
{
    /// <summary>The namespaces every cell sees, as in .NET Interactive, plus PhotoPrefs' own.</summary>
    public static IReadOnlyList<string> DefaultImports { get; } =
    [
        "System", "System.IO", "System.Linq", "System.Text", "System.Threading.Tasks", "System.Collections", "System.Collections.Generic",
        "Microsoft.DotNet.Interactive.Formatting",
    ];

    // Cells change the process's current directory and console: one notebook runs at a time.
    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    /// <summary>Runs the notebook (one at a time per process: cells run with the notebook's folder as the current directory and the console captured).</summary>
    /// <param name="notebook">The notebook (outputs are replaced).</param>
    /// <param name="directory">The notebook's folder: the current directory while cells run.</param>
    /// <param name="parameters">Parameters for <c>param(name, fallback)</c>.</param>
    /// <param name="progress">Receives a line per cell; may be null.</param>
    /// <param name="cancellationToken">Stops between cells.</param>
    /// <returns>The outcome.</returns>
    public static async Task<NotebookRun> RunAsync(NotebookDocument notebook, string directory, IReadOnlyDictionary<string, string>? parameters = null, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        await OneAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await RunOneAsync(notebook, directory, parameters, progress, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            OneAtATime.Release();
        }
    }

    private static async Task<NotebookRun> RunOneAsync(NotebookDocument notebook, string directory, IReadOnlyDictionary<string, string>? parameters, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        NotebookFormatters.Register();
        var clock = Stopwatch.StartNew();
        var globals = new NotebookGlobals(parameters ?? new Dictionary<string, string>(), Path.GetFullPath(directory));
        var options = ScriptOptions.Default
            .WithReferences(typeof(Albums.Workspace).Assembly, typeof(Neural.Tensor).Assembly, typeof(Charts).Assembly, typeof(Formatter).Assembly, typeof(ImageMagick.MagickImage).Assembly, typeof(Microsoft.AspNetCore.Html.HtmlString).Assembly)
            .WithImports(DefaultImports)
            .WithFilePath(Path.Combine(globals.NotebookDirectory, "notebook.csx"))
            .WithEmitDebugInformation(false);
        ScriptState<object>? state = null;
        var oldOut = Console.Out;
        var oldDir = Environment.CurrentDirectory;
        int count = 0, number = 0;
        Environment.CurrentDirectory = globals.NotebookDirectory;
        Course.Parameters = globals.Parameters;
        Course.Headless = true;
        try
        {
            foreach (var cell in notebook.Cells.OfType<JsonObject>())
            {
                number++;
                if (cell["cell_type"]?.GetValue<string>() != "code")
                {
                    continue;
                }

                cancellationToken.ThrowIfCancellationRequested();
                var outputs = new JsonArray();
                cell["outputs"] = outputs;
                cell["execution_count"] = ++count;
                globals.Outputs = outputs;
                var kernel = cell["metadata"]?["polyglot_notebook"]?["kernelName"]?.GetValue<string>() ?? "csharp";
                var cellClock = Stopwatch.StartNew();
                string? error = null;
                using var captured = new StringWriter();
                Console.SetOut(captured);
                try
                {
                    if (kernel != "csharp")
                    {
                        throw new NotebookCellException($"cells in '{kernel}' are not supported: this runner executes C# cells only");
                    }

                    var code = Prepare(NotebookDocument.Source(cell));
                    state = state is null
                        ? await CSharpScript.RunAsync(code, options, globals, typeof(NotebookGlobals), cancellationToken).ConfigureAwait(false)
                        : await state.ContinueWithAsync(code, options, cancellationToken).ConfigureAwait(false);
                    Flush(captured, outputs);
                    if (state.ReturnValue is { } value)
                    {
                        var result = DisplayData(value, "execute_result");
                        result["execution_count"] = count;
                        outputs.Add(result);
                    }
                }
                catch (CompilationErrorException e)
                {
                    Flush(captured, outputs);
                    error = AddError(outputs, "CompilationError", string.Join("\n", e.Diagnostics.Select(d => d.ToString())), []);
                }
                catch (NotebookCellException e)
                {
                    Flush(captured, outputs);
                    error = AddError(outputs, "NotebookError", e.Message, []);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Flush(captured, outputs);
                    var inner = e is AggregateException { InnerException: { } i } ? i : e;
                    error = AddError(outputs, inner.GetType().Name, inner.Message, (inner.StackTrace ?? "").Split('\n'));
                }
                finally
                {
                    Console.SetOut(oldOut);
                }

                progress?.Report($"cell {number}: {(error is null ? "ok" : "FAILED")} ({cellClock.Elapsed.TotalSeconds:F1} s)");
                if (error is not null)
                {
                    return new NotebookRun(notebook, number, $"cell {number}: {error}", clock.Elapsed);
                }
            }
        }
        finally
        {
            Console.SetOut(oldOut);
            Environment.CurrentDirectory = oldDir;
            Course.Parameters = new Dictionary<string, string>();
            Course.Headless = false;
        }

        return new NotebookRun(notebook, null, null, clock.Elapsed);
    }

    /// <summary>A display_data or execute_result output of a value, in text/html and text/plain.</summary>
    /// <param name="value">The value.</param>
    /// <param name="kind">The output type.</param>
    /// <returns>The output.</returns>
    internal static JsonObject DisplayData(object? value, string kind)
    {
        var data = new JsonObject();
        if (value is not string)
        {
            data["text/html"] = NotebookDocument.Lines(value.ToDisplayString(HtmlFormatter.MimeType));
        }

        data["text/plain"] = NotebookDocument.Lines(value is string s ? s : value.ToDisplayString(PlainTextFormatter.MimeType));
        return new JsonObject { ["output_type"] = kind, ["data"] = data, ["metadata"] = new JsonObject() };
    }

    /// <summary>
    /// Handles the lines only Polyglot understands: <c>#!csharp</c> is dropped, <c>#r</c> of PhotoPrefs' own
    /// assemblies is satisfied by the runner, <c>#r "nuget: …"</c> and other magic commands are refused.
    /// </summary>
    /// <param name="source">The cell's source.</param>
    /// <returns>The C# to run.</returns>
    /// <exception cref="NotebookCellException">A line the runner cannot honour.</exception>
    public static string Prepare(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var lines = source.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            var t = lines[i].Trim();
            if (t is "#!csharp" or "#!c#")
            {
                lines[i] = "";
            }
            else if (t.StartsWith("#!", StringComparison.Ordinal))
            {
                throw new NotebookCellException($"line {i + 1}: the magic command '{t.Split(' ')[0]}' works only in Polyglot Notebooks; this runner executes plain C#");
            }
            else if (ReferenceLine().Match(t) is { Success: true } m)
            {
                var target = m.Groups[1].Value;
                if (target.StartsWith("nuget:", StringComparison.OrdinalIgnoreCase))
                {
                    throw new NotebookCellException($"line {i + 1}: '#r \"{target}\"' asks for a NuGet package; the runner cannot fetch packages; PhotoPrefs, Magick.NET and the formatting library are already loaded");
                }

                var name = Path.GetFileNameWithoutExtension(target);
                if (AppDomain.CurrentDomain.GetAssemblies().Any(a => string.Equals(a.GetName().Name, name, StringComparison.OrdinalIgnoreCase)))
                {
                    // Polyglot loads the built library this way; the runner has it loaded already.
                    lines[i] = "// " + lines[i].Trim() + " (loaded by the runner)";
                }
            }
        }

        return string.Join('\n', lines);
    }

    private static void Flush(StringWriter captured, JsonArray outputs)
    {
        var text = captured.ToString();
        if (text.Length > 0)
        {
            outputs.Add(new JsonObject { ["output_type"] = "stream", ["name"] = "stdout", ["text"] = NotebookDocument.Lines(text) });
        }

        captured.GetStringBuilder().Clear();
    }

    private static string AddError(JsonArray outputs, string name, string message, IEnumerable<string> trace)
    {
        var traceback = new JsonArray();
        traceback.Add($"{name}: {message}");
        foreach (var line in trace.Where(l => l.Length > 0).Take(30))
        {
            traceback.Add(line.TrimEnd());
        }

        outputs.Add(new JsonObject { ["output_type"] = "error", ["ename"] = name, ["evalue"] = message, ["traceback"] = traceback });
        return $"{name}: {message}";
    }

    [GeneratedRegex("^#r\\s+\"([^\"]+)\"\\s*$")]
    private static partial Regex ReferenceLine();
}

/// <summary>A cell that the runner refuses to run, with the reason.</summary>
public sealed class NotebookCellException : Exception
{
    /// <summary>Creates the error.</summary>
    public NotebookCellException()
    {
    }

    /// <summary>Creates the error.</summary>
    /// <param name="message">What is wrong.</param>
    public NotebookCellException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public NotebookCellException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
