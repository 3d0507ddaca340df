using PhotoPrefs.Pipeline;
using Spectre.Console;

namespace PhotoPrefs.Cli.Commands;

/// <summary>
/// The one progress reporter of the command: every stage's <see cref="StageProgress"/> as a line that updates in
/// place on a terminal, or as a line per tenth of the stage otherwise (logs, pipes, tests). Safe to call from
/// several threads at once.
/// </summary>
internal sealed class ConsoleProgress : IProgress<StageProgress>
{
    private readonly Lock _gate = new();
    private readonly bool _interactive = AnsiConsole.Profile.Capabilities.Interactive;
    private string? _stage;
    private int _lastDone;
    private int _lastTenth;
    private DateTime _started;

    /// <inheritdoc/>
    public void Report(StageProgress value)
    {
        lock (_gate)
        {
            if (value.Stage != _stage || value.Done < _lastDone)
            {
                _stage = value.Stage;
                _started = DateTime.UtcNow;
                _lastTenth = -1;
            }

            _lastDone = value.Done;
            int tenth = value.Total == 0 ? 10 : value.Done * 10 / value.Total;
            if (_interactive)
            {
                Console.Write("\r" + Line(value).PadRight(Math.Max(0, Console.WindowWidth - 1))[..Math.Max(0, Console.WindowWidth - 1)]);
                if (value.Done >= value.Total)
                {
                    Console.WriteLine();
                }
            }
            else if (tenth > _lastTenth)
            {
                Console.WriteLine(Line(value));
            }

            _lastTenth = Math.Max(_lastTenth, tenth);
        }
    }

    private string Line(StageProgress p)
    {
        var seconds = (DateTime.UtcNow - _started).TotalSeconds;
        var rate = p.Done / Math.Max(0.001, seconds);
        var eta = rate > 0 ? (p.Total - p.Done) / rate : 0;
        return $"{p.Stage} {p.Done}/{p.Total}, {rate:F1}/s, eta {eta:F0} s{(p.Status is null ? "" : "  " + p.Status)}";
    }
}
