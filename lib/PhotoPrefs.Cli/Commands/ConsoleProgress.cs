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
    private int _firstDone;

    /// <inheritdoc/>
    public void Report(StageProgress value)
    {
        lock (_gate)
        {
            if (value.Stage != _stage || value.Done < _lastDone)
            {
                _stage = value.Stage;
                _started = DateTime.UtcNow;
                _firstDone = value.Done;
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
        // Measured from the stage's first report; over less than a second it says nothing yet.
        var rate = (p.Done - _firstDone) / Math.Max(0.001, seconds);
        var speed = seconds < 1 || rate <= 0 ? "" : $", {rate:F1}/s, eta {(p.Total - p.Done) / rate:F0} s";
        return $"{p.Stage} {p.Done}/{p.Total}{speed}{(p.Status is null ? "" : "  " + p.Status)}";
    }
}
