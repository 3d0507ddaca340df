using PhotoPrefs.Neural.Kernels;
using PhotoPrefs.Neural.Layers;
using PhotoPrefs.Neural.Optim;

namespace PhotoPrefs.Neural.Tests;

public sealed class WorkerPoolTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(1000)]
    public void EveryIndexRunsExactlyOnce(int count)
    {
        var hits = new int[count];
        WorkerPool.For(count, (Hits: hits, Extra: 0), static (s, i) => Interlocked.Increment(ref s.Hits[i]));
        Assert.All(hits, h => Assert.Equal(1, h));
    }

    [Fact]
    public void NestedLoopsRunInsideTheOuterOne()
    {
        var cells = new int[8 * 16];
        WorkerPool.For(8, (Cells: cells, Width: 16), static (s, row) =>
            WorkerPool.For(s.Width, (s.Cells, Row: row, s.Width), static (t, col) => t.Cells[(t.Row * t.Width) + col] += (t.Row * 100) + col));
        for (int row = 0; row < 8; row++)
        {
            for (int col = 0; col < 16; col++)
            {
                Assert.Equal((row * 100) + col, cells[(row * 16) + col]);
            }
        }
    }

    [Fact]
    public void LoopsFromSeveralThreadsAtOnceAllComplete()
    {
        var sums = new long[6];
        Parallel.For(0, sums.Length, t =>
        {
            for (int rep = 0; rep < 50; rep++)
            {
                var parts = new long[64];
                WorkerPool.For(parts.Length, (Parts: parts, Rep: rep), static (s, i) => s.Parts[i] = i + s.Rep);
                sums[t] += parts.Sum();
            }
        });
        long expected = Enumerable.Range(0, 50).Sum(rep => Enumerable.Range(0, 64).Sum(i => (long)(i + rep)));
        Assert.All(sums, s => Assert.Equal(expected, s));
    }

    [Fact]
    public void FirstExceptionReachesTheCallerAfterTheOtherIndicesFinish()
    {
        var done = new int[100];
        var error = Assert.Throws<InvalidOperationException>(() => WorkerPool.For(done.Length, (Done: done, Bad: 37), static (s, i) =>
        {
            if (i == s.Bad)
            {
                throw new InvalidOperationException("index " + i);
            }

            s.Done[i] = 1;
        }));
        Assert.Equal("index 37", error.Message);
        Assert.Equal(99, done.Sum());

        // The pool is usable again afterwards.
        var after = new int[10];
        WorkerPool.For(after.Length, (After: after, Value: 1), static (s, i) => s.After[i] = s.Value);
        Assert.Equal(10, after.Sum());
    }

    [Fact]
    public void InlineLoopsAlsoFinishEveryIndexBeforeRethrowing()
    {
        // A loop nested in a body always runs inline on its thread: the same contract must hold there.
        var done = new int[2 * 50];
        var errors = new string?[2];
        WorkerPool.For(2, (Done: done, Errors: errors), static (s, outer) =>
        {
            try
            {
                WorkerPool.For(50, (s.Done, Outer: outer), static (t, i) =>
                {
                    if (i == 10 || i == 20)
                    {
                        throw new InvalidOperationException("index " + i);
                    }

                    t.Done[(t.Outer * 50) + i] = 1;
                });
            }
            catch (InvalidOperationException e)
            {
                s.Errors[outer] = e.Message;
            }
        });
        Assert.Equal(96, done.Sum());
        Assert.All(errors, e => Assert.Equal("index 10", e));
    }

    [Fact]
    public void TrainingStepAllocatesNothingAfterWarmUp()
    {
        var net = Networks.Reference(2);
        Initialization.Kaiming(net, 0);
        var sgd = new Sgd(net.Parameters(), new SgdOptions(0.03f, 0.9f, true, 5e-4f));
        var x = new Tensor(6, 3, 32, 32);
        var rng = new Random(2);
        for (int i = 0; i < x.Length; i++)
        {
            x.Data[i] = (float)rng.NextDouble();
        }

        var grad = new Tensor(6, 2);
        int[] labels = [0, 1, 0, 1, 1, 0];
        void Step()
        {
            net.SetTraining(true);
            var logits = net.Forward(x);
            CrossEntropy.Hard(logits.Span, 6, 2, labels, grad.Span);
            net.ZeroGrad();
            net.BackwardToParameters(grad);
            sgd.Step();
        }

        // The first steps compile code and fill the pools (the runtime's tiered compilation allocates for a while);
        // after that, steps allocate nothing.
        var perStep = new List<long>();
        for (int step = 0; step < 60 && (perStep.Count < 4 || perStep[^4..].Any(a => a != 0)); step++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            Step();
            perStep.Add(GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.True(perStep[^4..].All(a => a == 0), "bytes allocated per step: " + string.Join(", ", perStep));
    }
}
