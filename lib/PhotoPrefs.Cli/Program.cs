using System.CommandLine;
using PhotoPrefs.Cli.Commands;

namespace PhotoPrefs.Cli;

/// <summary>The <c>photoprefs</c> command: one verb per pipeline stage. Thin: no algorithm code here.</summary>
public static class Program
{
    /// <summary>Runs the command line.</summary>
    /// <param name="args">Arguments.</param>
    /// <returns>0 on success, 1 for usage errors (unknown options, values out of range), 2 for other errors a person can act on, 130 when interrupted.</returns>
    public static int Main(string[] args)
    {
        var root = new RootCommand("PhotoPrefs learns which photos you would delete from your album, from a few of your own labels. It never modifies, moves or deletes album files.");
        root.Subcommands.Add(ImportCommand.Create());
        root.Subcommands.Add(InfoCommand.Create());
        root.Subcommands.Add(FeaturesCommand.Create());
        root.Subcommands.Add(SimilarCommand.Create());
        root.Subcommands.Add(DuplicatesCommand.Create());
        root.Subcommands.Add(ClusterCommand.Create());
        root.Subcommands.Add(LabelsCommand.Create());
        root.Subcommands.Add(LabelCommand.Create());
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(PredictCommand.Create());
        root.Subcommands.Add(SuggestCommand.Create());
        root.Subcommands.Add(StudyCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(NotebookCommand.Create());
        root.Subcommands.Add(SampleCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        var parse = root.Parse(args.Length == 0 ? ["--help"] : args);
        // Out-of-range values and unknown options are refused before any work, as one line each.
        return parse.Errors.Count > 0 ? CommonOptions.PrintParseErrors(parse) : parse.Invoke();
    }
}
