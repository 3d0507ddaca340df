namespace PhotoPrefs.Cli.Commands;

/// <summary>Reports on the calling thread, in order (<see cref="Progress{T}"/> posts to the thread pool, which would reorder lines).</summary>
internal sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
