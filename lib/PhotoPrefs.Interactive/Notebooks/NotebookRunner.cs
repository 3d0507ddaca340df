using System.Diagnostics;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Events;

namespace PhotoPrefs.Interactive.Notebooks;

/// <summary>The outcome of running a notebook.</summary>
/// <param name="Notebook">The notebook with its outputs.</param>
/// <param name="FailedCell">The 1-based number of the cell that failed, or null.</param>
/// <param name="Error">The error, or null.</param>
/// <param name="Elapsed">Wall time.</param>
public sealed record NotebookRun(InteractiveDocument Notebook, int? FailedCell, string? Error, TimeSpan Elapsed)
{
    /// <summary>Whether every cell ran.</summary>
    public bool Succeeded => FailedCell is null;
}

/// <summary>
/// Runs a notebook's cells in order in .NET Interactive's C# kernel (Microsoft.DotNet.Interactive.CSharp, the
/// kernel behind Polyglot Notebooks and Jupyter's <c>.net-csharp</c>), set up as that kernel is for a notebook:
/// its own default usings, <c>display</c> and <c>HTML</c>, <c>#r</c> of an assembly path. Each cell's events become
/// its outputs as the kernel reports them: displayed values, the cell's value, standard output and error, compiler
/// warnings, and the error that stops the run, named with the cell's number.
/// </summary>
public static class NotebookRunner
{
    // Cells change the process's current directory and Course's parameters: one notebook runs at a time.
    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    /// <summary>Runs the notebook (one at a time per process: cells run with the notebook's folder as the current directory).</summary>
    /// <param name="notebook">The notebook (code cells' outputs are replaced).</param>
    /// <param name="directory">The notebook's folder: the current directory while cells run, which relative <c>#r</c> paths start from.</param>
    /// <param name="parameters">Parameters that cells read with <see cref="Course.Parameter"/>.</param>
    /// <param name="progress">Receives a line per code cell; may be null.</param>
    /// <param name="cancellationToken">Stops the cell that runs.</param>
    /// <returns>The outcome; a failed run keeps the failing cell's error output and leaves later cells without outputs.</returns>
    public static async Task<NotebookRun> RunAsync(InteractiveDocument notebook, string directory, IReadOnlyDictionary<string, string>? parameters = null, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        ArgumentNullException.ThrowIfNull(directory);
        await OneAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        var oldDir = Environment.CurrentDirectory;
        try
        {
            Environment.CurrentDirectory = Path.GetFullPath(directory);
            Course.Parameters = parameters ?? new Dictionary<string, string>();
            Course.Headless = true;
            return await RunCellsAsync(notebook, progress, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Environment.CurrentDirectory = oldDir;
            Course.Parameters = new Dictionary<string, string>();
            Course.Headless = false;
            OneAtATime.Release();
        }
    }

    /// <summary>A new C# kernel as a notebook front end starts it: a composite kernel whose default is C#, with the kernel helpers.</summary>
    /// <returns>The kernel; the caller disposes it.</returns>
    public static CompositeKernel CreateKernel()
    {
        var kernel = new CompositeKernel { new CSharpKernel().UseKernelHelpers().UseValueSharing() };
        kernel.DefaultKernelName = "csharp";
        return kernel;
    }

    private static async Task<NotebookRun> RunCellsAsync(InteractiveDocument notebook, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var kernel = CreateKernel();
        int count = 0, number = 0;
        foreach (var cell in notebook.Elements)
        {
            number++;
            if (NotebookFile.IsMarkdown(cell))
            {
                continue;
            }

            cell.Outputs.Clear();
            cell.ExecutionOrder = ++count;
            var cellClock = Stopwatch.StartNew();
            string? error;
            if (cell.KernelName is { Length: > 0 } name && !string.Equals(name, "csharp", StringComparison.OrdinalIgnoreCase))
            {
                error = $"cells in '{name}' are not run: the course notebooks are C# only";
                cell.Outputs.Add(new ErrorElement(error, "NotebookError", []));
            }
            else
            {
                var result = await kernel.SendAsync(new SubmitCode(cell.Contents, "csharp"), cancellationToken).ConfigureAwait(false);
                error = Collect(result.Events, cell);
            }

            progress?.Report($"cell {number}: {(error is null ? "ok" : "FAILED")} ({cellClock.Elapsed.TotalSeconds:F1} s)");
            if (error is not null)
            {
                return new NotebookRun(notebook, number, $"cell {number}: {error}", clock.Elapsed);
            }
        }

        return new NotebookRun(notebook, null, null, clock.Elapsed);
    }

    /// <summary>Turns a cell's kernel events into its outputs, in order.</summary>
    /// <returns>The error that stopped the cell, or null.</returns>
    private static string? Collect(IReadOnlyList<KernelEvent> events, InteractiveDocumentElement cell)
    {
        string? error = null;
        var shown = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            switch (e)
            {
                case StandardOutputValueProduced o:
                    Stream(cell, "stdout", PlainText(o));
                    break;
                case StandardErrorValueProduced o:
                    Stream(cell, "stderr", PlainText(o));
                    break;
                case DiagnosticsProduced d:
                    // The kernel reports compiler warnings beside a cell's outputs; errors come again as CommandFailed.
                    var warnings = d.Diagnostics.Where(x => x.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).Select(x => $"warning {x.Code}: {x.Message}\n");
                    Stream(cell, "stderr", string.Concat(warnings));
                    break;
                case DisplayedValueUpdated u when u.ValueId is { } id && shown.TryGetValue(id, out int at):
                    cell.Outputs[at] = new DisplayElement(Data(u));
                    break;
                case DisplayedValueProduced p:
                    if (p.ValueId is { } valueId)
                    {
                        shown[valueId] = cell.Outputs.Count;
                    }

                    cell.Outputs.Add(new DisplayElement(Data(p)));
                    break;
                case ReturnValueProduced r:
                    var value = new ReturnValueElement { ExecutionOrder = cell.ExecutionOrder };
                    foreach (var (mime, text) in Data(r))
                    {
                        value.Data[mime] = text;
                    }

                    cell.Outputs.Add(value);
                    break;
                case CommandFailed f:
                    var ex = f.Exception is CodeSubmissionCompilationErrorException { InnerException: { } inner } ? inner : f.Exception;
                    string ename = f.Exception switch
                    {
                        null => "Error",
                        CodeSubmissionCompilationErrorException => "CompilationError",
                        _ => ex!.GetType().Name,
                    };
                    var trace = f.Exception is null or CodeSubmissionCompilationErrorException ? [] : (ex!.StackTrace ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd()).Take(30).ToArray();
                    var message = f.Exception is null or CodeSubmissionCompilationErrorException ? f.Message : ex!.Message;
                    cell.Outputs.Add(new ErrorElement(message, ename, trace));
                    error = $"{ename}: {message}";
                    break;
            }
        }

        return error;
    }

    private static string PlainText(DisplayEvent e) =>
        e.FormattedValues.FirstOrDefault(v => v.MimeType == "text/plain")?.Value ?? e.FormattedValues.FirstOrDefault()?.Value ?? "";

    private static Dictionary<string, object> Data(DisplayEvent e)
    {
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var v in e.FormattedValues)
        {
            data[v.MimeType] = v.Value;
        }

        return data;
    }

    private static void Stream(InteractiveDocumentElement cell, string name, string text)
    {
        if (text.Length == 0)
        {
            return;
        }

        // Consecutive writes to one stream make one output, as in Jupyter.
        if (cell.Outputs.Count > 0 && cell.Outputs[^1] is TextElement last && last.Name == name)
        {
            cell.Outputs[^1] = new TextElement(last.Text + text, name);
        }
        else
        {
            cell.Outputs.Add(new TextElement(text, name));
        }
    }
}
