using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace PhotoPrefs.Neural.Kernels;

/// <summary>
/// A parallel loop over threads started once, for the engine's hot paths: after the first call it
/// allocates nothing (no closures, no task objects), so a training step runs without garbage.
/// <para>
/// The body is a <c>static</c> lambda and its inputs travel in a value-type <c>state</c>, which stays on the
/// caller's stack while the loop runs; indices are handed out one at a time to the caller's thread and the
/// workers (<see cref="Workers"/> threads in all). A loop started while another is running (from another thread,
/// or nested inside a body) runs on the calling thread alone, in index order, so results never depend on who
/// runs what as long as each index writes its own outputs. The first exception thrown by a body is rethrown
/// to the caller once every index has finished.
/// </para>
/// </summary>
public static unsafe class WorkerPool
{
    private static readonly Lock StartGate = new();
    private static readonly SemaphoreSlim Wake = new(0);
    private static readonly ManualResetEventSlim Done = new(false);
    private static bool _started;
    private static int _busy;
    private static int _count, _next, _pending;
    private static void* _state;
    private static object? _body;
    private static delegate*<void*, object, int, void> _invoke;
    private static ExceptionDispatchInfo? _error;

    [ThreadStatic]
    private static bool _insideLoop;

    /// <summary>Threads that share a loop: the caller's plus <c>Workers - 1</c> started on first use.</summary>
    public static int Workers { get; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>Runs <c>body(state, i)</c> for every <c>i</c> in <c>[0, count)</c>, on all workers.</summary>
    /// <typeparam name="TState">The loop's inputs, copied once and shared read-only by every index.</typeparam>
    /// <param name="count">Number of indices.</param>
    /// <param name="state">Inputs for the body.</param>
    /// <param name="body">A static lambda: capturing nothing is what keeps the call free of allocations.</param>
    public static void For<TState>(int count, TState state, Action<TState, int> body)
        where TState : struct
    {
        ArgumentNullException.ThrowIfNull(body);
        if (count <= 0)
        {
            return;
        }

        if (count == 1 || Workers == 1 || _insideLoop || Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            RunInline(count, state, body);
            return;
        }

        try
        {
            EnsureStarted();
            var local = state;
            _state = Unsafe.AsPointer(ref local);
            _body = body;
            _invoke = &Invoke<TState>;
            _error = null;
            _count = count;
            _next = 0;
            int helpers = Math.Min(Workers - 1, count - 1);
            Volatile.Write(ref _pending, helpers);
            Done.Reset();
            Wake.Release(helpers);
            _insideLoop = true;
            try
            {
                Drain();
            }
            finally
            {
                _insideLoop = false;
            }

            Done.Wait();
            _state = null;
            _body = null;
            var error = _error;
            _error = null;
            error?.Throw();
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    // Same contract as the shared loop: every index runs, then the first exception is rethrown.
    private static void RunInline<TState>(int count, TState state, Action<TState, int> body)
        where TState : struct
    {
        ExceptionDispatchInfo? error = null;
        for (int i = 0; i < count; i++)
        {
            try
            {
                body(state, i);
            }
            catch (Exception e)
            {
                error ??= ExceptionDispatchInfo.Capture(e);
            }
        }

        error?.Throw();
    }

    private static void Invoke<TState>(void* state, object body, int i)
        where TState : struct =>
        Unsafe.As<Action<TState, int>>(body)(Unsafe.AsRef<TState>(state), i);

    private static void Drain()
    {
        var invoke = _invoke;
        var state = _state;
        var body = _body!;
        int count = _count;
        while (true)
        {
            int i = Interlocked.Increment(ref _next) - 1;
            if (i >= count)
            {
                return;
            }

            try
            {
                invoke(state, body, i);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref _error, ExceptionDispatchInfo.Capture(e), null);
            }
        }
    }

    private static void EnsureStarted()
    {
        if (Volatile.Read(ref _started))
        {
            return;
        }

        lock (StartGate)
        {
            if (_started)
            {
                return;
            }

            for (int t = 1; t < Workers; t++)
            {
                new Thread(WorkerLoop) { IsBackground = true, Name = "PhotoPrefs worker " + t }.Start();
            }

            Volatile.Write(ref _started, true);
        }
    }

    private static void WorkerLoop()
    {
        _insideLoop = true;
        while (true)
        {
            Wake.Wait();
            Drain();
            if (Interlocked.Decrement(ref _pending) == 0)
            {
                Done.Set();
            }
        }
    }
}
