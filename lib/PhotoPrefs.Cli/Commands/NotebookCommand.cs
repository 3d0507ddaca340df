using System.CommandLine;
using PhotoPrefs.Interactive.Notebooks;

namespace PhotoPrefs.Cli.Commands;

/// <summary><c>photoprefs notebook run NOTEBOOK.ipynb [--out DIR] [--html] [--param name=value …]</c> and <c>photoprefs notebook student NOTEBOOK.ipynb OUT.ipynb</c>.</summary>
internal static class NotebookCommand
{
    public static Command Create()
    {
        var path = new Argument<string[]>("notebooks") { Description = "One or more .ipynb files.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string?>("--out", "-o") { Description = "Folder for the executed notebooks (default: overwrite them in place)." };
        var html = new Option<bool>("--html") { Description = "Also write a standalone HTML page per notebook (charts work offline)." };
        var parameters = new Option<string[]>("--param", "-p") { Description = "A parameter as name=value (cells read it with Course.Parameter(name, fallback)); repeatable.", Arity = ArgumentArity.ZeroOrMore, AllowMultipleArgumentsPerToken = false };
        var run = new Command("run", "Execute notebooks' cells in order in .NET Interactive's C# kernel and write the executed notebooks (and HTML).") { path, output, html, parameters };
        run.SetAction((parse, ct) => CommonOptions.Guard(c => Run(parse.GetValue(path)!, parse.GetValue(output), parse.GetValue(html), parse.GetValue(parameters) ?? [], c), ct));
        var committed = new Argument<string>("notebook") { Description = "The committed notebook, with its answers in cells tagged 'solution'." };
        var studentOut = new Argument<string>("output") { Description = "The student notebook to write." };
        var student = new Command("student", "Write the student version of a notebook: the same cells without those tagged 'solution'.") { committed, studentOut };
        student.SetAction((parse, ct) => CommonOptions.Guard(_ => Student(parse.GetValue(committed)!, parse.GetValue(studentOut)!), ct));
        return new Command("notebook", "Run the course notebooks headlessly, or write their student versions.") { run, student };
    }

    internal static int Student(string notebook, string output)
    {
        int removed = StudentNotebook.Write(notebook, output);
        Console.WriteLine($"notebook: {removed} solution cell{(removed == 1 ? "" : "s")} removed; student version written to {output}");
        return 0;
    }

    internal static async Task<int> Run(string[] notebooks, string? output, bool html, string[] parameters, CancellationToken ct)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in parameters)
        {
            int eq = p.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new PhotoPrefsException($"--param expects name=value, got '{p}'");
            }

            values[p[..eq]] = p[(eq + 1)..];
        }

        int failed = 0;
        foreach (var file in notebooks)
        {
            var nb = NotebookFile.Load(file);
            Console.WriteLine($"notebook: {file}");
            var result = await NotebookRunner.RunAsync(nb, Path.GetDirectoryName(Path.GetFullPath(file))!, values, new InlineProgress<string>(l => Console.WriteLine("  " + l)), ct).ConfigureAwait(false);
            var target = output is null ? file : Path.Combine(output, Path.GetFileName(file));
            NotebookFile.Save(result.Notebook, target);
            Console.WriteLine($"notebook: {(result.Succeeded ? "ran" : "FAILED at " + result.Error)} in {result.Elapsed.TotalSeconds:F0} s; written to {Path.GetFullPath(target)}");
            if (html)
            {
                var page = Path.ChangeExtension(target, ".html");
                await File.WriteAllTextAsync(page, NotebookHtml.Render(result.Notebook, Path.GetFileNameWithoutExtension(file)), ct).ConfigureAwait(false);
                Console.WriteLine($"notebook: html {Path.GetFullPath(page)}");
            }

            if (!result.Succeeded)
            {
                Console.Error.WriteLine($"error: {file}: {result.Error}");
                failed++;
            }
        }

        return failed == 0 ? 0 : 1;
    }
}
