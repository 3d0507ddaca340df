using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace PhotoPrefs.Neural.Kernels;

/// <summary>
/// Single-precision matrix multiply, row-major: <c>C = alpha * op(A) * op(B) + beta * C</c>, where
/// <c>op(A)</c> is m x k and <c>op(B)</c> is k x n. Goto-style blocking: panels of B (KC x NC) and A
/// (MC x KC) are packed into contiguous scratch rented from <see cref="ArrayPool{T}"/>, and a register-blocked
/// micro-kernel computes 6 x 32 (Vector512), 6 x 16 (Vector256) or scalar tiles with fused multiply-adds.
/// With <c>parallel</c> the column blocks are shared between the cores. The scalar path runs when the
/// hardware has no vector units (or <c>DOTNET_EnableHWIntrinsic=0</c>) and gives the same results up to rounding.
/// </summary>
public static class Sgemm
{
    private const int MR = 6;
    private const int KC = 256;
    private const int MC = 120;
    private const int NC = 512;

    /// <summary>The micro-kernel's tile width for this machine: 32, 16 or 8 floats.</summary>
    public static int NR => Vector512.IsHardwareAccelerated ? 32 : Vector256.IsHardwareAccelerated ? 16 : 8;

    /// <summary>Computes <c>C = alpha * op(A) * op(B) + beta * C</c>.</summary>
    /// <param name="transA">Use A transposed (A stored k x m).</param>
    /// <param name="transB">Use B transposed (B stored n x k).</param>
    /// <param name="m">Rows of C.</param>
    /// <param name="n">Columns of C.</param>
    /// <param name="k">Inner dimension.</param>
    /// <param name="alpha">Scale of the product.</param>
    /// <param name="a">A, row-major with leading dimension <paramref name="lda"/>.</param>
    /// <param name="lda">Row stride of A as stored.</param>
    /// <param name="b">B, row-major with leading dimension <paramref name="ldb"/>.</param>
    /// <param name="ldb">Row stride of B as stored.</param>
    /// <param name="beta">Scale of the old C (0 ignores its contents, NaN included).</param>
    /// <param name="c">C, row-major with leading dimension <paramref name="ldc"/>.</param>
    /// <param name="ldc">Row stride of C.</param>
    /// <param name="parallel">Split the work over all cores.</param>
    public static void Multiply(bool transA, bool transB, int m, int n, int k, float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc, bool parallel = false)
    {
        if (m <= 0 || n <= 0)
        {
            return;
        }

        ScaleC(m, n, beta, c, ldc);
        if (k <= 0 || alpha == 0)
        {
            return;
        }

        if (!parallel || Environment.ProcessorCount == 1 || (long)m * n * k < 1 << 20)
        {
            Blocked(transA, transB, m, n, k, alpha, a, lda, b, ldb, c, ldc, 0, n);
            return;
        }

        // Column ranges per worker, each a multiple of the tile width.
        int workers = WorkerPool.Workers;
        int nr = NR;
        int chunk = (((n + workers - 1) / workers) + nr - 1) / nr * nr;
        unsafe
        {
            fixed (float* pa = a, pb = b, pc = c)
            {
                var job = new ColumnJob(transA, transB, m, n, k, alpha, (nint)pa, a.Length, lda, (nint)pb, b.Length, ldb, (nint)pc, c.Length, ldc, chunk);
                WorkerPool.For(workers, job, static (s, w) => s.Run(w));
            }
        }
    }

    // One worker's share of a parallel multiply: the columns [w chunk, (w + 1) chunk). The operands are pinned by the caller.
    private readonly unsafe record struct ColumnJob(bool TransA, bool TransB, int M, int N, int K, float Alpha, nint A, int LengthA, int Lda, nint B, int LengthB, int Ldb, nint C, int LengthC, int Ldc, int Chunk)
    {
        public void Run(int w)
        {
            int j0 = w * Chunk, j1 = Math.Min(N, j0 + Chunk);
            if (j0 < j1)
            {
                Blocked(TransA, TransB, M, N, K, Alpha, new ReadOnlySpan<float>((float*)A, LengthA), Lda, new ReadOnlySpan<float>((float*)B, LengthB), Ldb, new Span<float>((float*)C, LengthC), Ldc, j0, j1);
            }
        }
    }

    private static void ScaleC(int m, int n, float beta, Span<float> c, int ldc)
    {
        if (beta == 1)
        {
            return;
        }

        for (int i = 0; i < m; i++)
        {
            var row = c.Slice(i * ldc, n);
            if (beta == 0)
            {
                row.Clear();
            }
            else
            {
                System.Numerics.Tensors.TensorPrimitives.Multiply(row, beta, row);
            }
        }
    }

    private static void Blocked(bool transA, bool transB, int m, int n, int k, float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc, int jStart, int jEnd)
    {
        int nr = NR;
        var packA = ArrayPool<float>.Shared.Rent(((MC + MR - 1) / MR * MR) * KC);
        var packB = ArrayPool<float>.Shared.Rent(KC * ((NC + nr - 1) / nr * nr));
        try
        {
            for (int jc = jStart; jc < jEnd; jc += NC)
            {
                int nc = Math.Min(NC, jEnd - jc);
                for (int pc = 0; pc < k; pc += KC)
                {
                    int kc = Math.Min(KC, k - pc);
                    PackB(transB, b, ldb, pc, kc, jc, nc, nr, packB);
                    for (int ic = 0; ic < m; ic += MC)
                    {
                        int mc = Math.Min(MC, m - ic);
                        PackA(transA, a, lda, ic, mc, pc, kc, packA);
                        for (int jr = 0; jr < nc; jr += nr)
                        {
                            int nrEff = Math.Min(nr, nc - jr);
                            for (int ir = 0; ir < mc; ir += MR)
                            {
                                int mrEff = Math.Min(MR, mc - ir);
                                ref float pA = ref packA[ir * kc];
                                ref float pB = ref packB[jr * kc];
                                ref float pC = ref c[((ic + ir) * ldc) + jc + jr];
                                if (nr == 32)
                                {
                                    Kernel512(kc, ref pA, ref pB, ref pC, ldc, mrEff, nrEff, alpha);
                                }
                                else if (nr == 16)
                                {
                                    Kernel256(kc, ref pA, ref pB, ref pC, ldc, mrEff, nrEff, alpha);
                                }
                                else
                                {
                                    KernelScalar(kc, ref pA, ref pB, ref pC, ldc, mrEff, nrEff, alpha, nr);
                                }
                            }
                        }
                    }
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(packA);
            ArrayPool<float>.Shared.Return(packB);
        }
    }

    // Packs op(A)[ic.., pc..] as micro-panels of MR rows: for each p, MR consecutive values (zero-padded).
    private static void PackA(bool transA, ReadOnlySpan<float> a, int lda, int ic, int mc, int pc, int kc, float[] dst)
    {
        int o = 0;
        for (int ir = 0; ir < mc; ir += MR)
        {
            int mrEff = Math.Min(MR, mc - ir);
            for (int p = 0; p < kc; p++)
            {
                for (int i = 0; i < MR; i++)
                {
                    dst[o++] = i < mrEff
                        ? (transA ? a[((pc + p) * lda) + ic + ir + i] : a[((ic + ir + i) * lda) + pc + p])
                        : 0f;
                }
            }
        }
    }

    // Packs op(B)[pc.., jc..] as micro-panels of nr columns: for each p, nr consecutive values (zero-padded).
    private static void PackB(bool transB, ReadOnlySpan<float> b, int ldb, int pc, int kc, int jc, int nc, int nr, float[] dst)
    {
        int o = 0;
        for (int jr = 0; jr < nc; jr += nr)
        {
            int nrEff = Math.Min(nr, nc - jr);
            if (!transB && nrEff == nr)
            {
                for (int p = 0; p < kc; p++)
                {
                    b.Slice(((pc + p) * ldb) + jc + jr, nr).CopyTo(dst.AsSpan(o, nr));
                    o += nr;
                }

                continue;
            }

            for (int p = 0; p < kc; p++)
            {
                for (int j = 0; j < nr; j++)
                {
                    dst[o++] = j < nrEff
                        ? (transB ? b[((jc + jr + j) * ldb) + pc + p] : b[((pc + p) * ldb) + jc + jr + j])
                        : 0f;
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel512(int kc, ref float a, ref float b, ref float c, int ldc, int mr, int nr, float alpha)
    {
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector512<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector512.LoadUnsafe(ref b, (nuint)(p * 32));
            var b1 = Vector512.LoadUnsafe(ref b, (nuint)((p * 32) + 16));
            ref float ap = ref Unsafe.Add(ref a, p * MR);
            var a0 = Vector512.Create(ap);
            c00 = Vector512.FusedMultiplyAdd(a0, b0, c00);
            c01 = Vector512.FusedMultiplyAdd(a0, b1, c01);
            var a1 = Vector512.Create(Unsafe.Add(ref ap, 1));
            c10 = Vector512.FusedMultiplyAdd(a1, b0, c10);
            c11 = Vector512.FusedMultiplyAdd(a1, b1, c11);
            var a2 = Vector512.Create(Unsafe.Add(ref ap, 2));
            c20 = Vector512.FusedMultiplyAdd(a2, b0, c20);
            c21 = Vector512.FusedMultiplyAdd(a2, b1, c21);
            var a3 = Vector512.Create(Unsafe.Add(ref ap, 3));
            c30 = Vector512.FusedMultiplyAdd(a3, b0, c30);
            c31 = Vector512.FusedMultiplyAdd(a3, b1, c31);
            var a4 = Vector512.Create(Unsafe.Add(ref ap, 4));
            c40 = Vector512.FusedMultiplyAdd(a4, b0, c40);
            c41 = Vector512.FusedMultiplyAdd(a4, b1, c41);
            var a5 = Vector512.Create(Unsafe.Add(ref ap, 5));
            c50 = Vector512.FusedMultiplyAdd(a5, b0, c50);
            c51 = Vector512.FusedMultiplyAdd(a5, b1, c51);
        }

        var va = Vector512.Create(alpha);
        if (mr == MR && nr == 32)
        {
            Add512(ref c, va, c00, c01);
            Add512(ref Unsafe.Add(ref c, ldc), va, c10, c11);
            Add512(ref Unsafe.Add(ref c, 2 * ldc), va, c20, c21);
            Add512(ref Unsafe.Add(ref c, 3 * ldc), va, c30, c31);
            Add512(ref Unsafe.Add(ref c, 4 * ldc), va, c40, c41);
            Add512(ref Unsafe.Add(ref c, 5 * ldc), va, c50, c51);
            return;
        }

        Partial512(ref c, ldc, mr, nr, alpha, c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51);
    }

    // An edge tile, out of line: were it in the kernel, the JIT could keep the accumulators' home on the stack and store
    // them there at every step of the loop (it does when it has no profile, e.g. with DOTNET_TieredPGO=0).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Partial512(ref float c, int ldc, int mr, int nr, float alpha, Vector512<float> c00, Vector512<float> c01, Vector512<float> c10, Vector512<float> c11, Vector512<float> c20, Vector512<float> c21, Vector512<float> c30, Vector512<float> c31, Vector512<float> c40, Vector512<float> c41, Vector512<float> c50, Vector512<float> c51)
    {
        var tile = PartialTile;
        ref float t = ref tile[0];
        c00.StoreUnsafe(ref t, 0); c01.StoreUnsafe(ref t, 16);
        c10.StoreUnsafe(ref t, 32); c11.StoreUnsafe(ref t, 48);
        c20.StoreUnsafe(ref t, 64); c21.StoreUnsafe(ref t, 80);
        c30.StoreUnsafe(ref t, 96); c31.StoreUnsafe(ref t, 112);
        c40.StoreUnsafe(ref t, 128); c41.StoreUnsafe(ref t, 144);
        c50.StoreUnsafe(ref t, 160); c51.StoreUnsafe(ref t, 176);
        AddTile(tile, 32, ref c, ldc, mr, nr, alpha);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Add512(ref float row, Vector512<float> alpha, Vector512<float> lo, Vector512<float> hi)
    {
        Vector512.FusedMultiplyAdd(alpha, lo, Vector512.LoadUnsafe(ref row)).StoreUnsafe(ref row);
        Vector512.FusedMultiplyAdd(alpha, hi, Vector512.LoadUnsafe(ref row, 16)).StoreUnsafe(ref row, 16);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Add256(ref float row, Vector256<float> alpha, Vector256<float> lo, Vector256<float> hi)
    {
        Vector256.FusedMultiplyAdd(alpha, lo, Vector256.LoadUnsafe(ref row)).StoreUnsafe(ref row);
        Vector256.FusedMultiplyAdd(alpha, hi, Vector256.LoadUnsafe(ref row, 8)).StoreUnsafe(ref row, 8);
    }

    // Edge tiles go through this per-thread scratch (never a stackalloc: that keeps the accumulators out of registers).
    private static float[] PartialTile => _partialTile ??= new float[MR * 32];

    [ThreadStatic]
    private static float[]? _partialTile;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel256(int kc, ref float a, ref float b, ref float c, int ldc, int mr, int nr, float alpha)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        // The panels are walked by moving references, two steps of k at a time.
        ref float bp = ref b;
        ref float ap = ref a;
        int p = 0;
        for (; p + 1 < kc; p += 2)
        {
            Step256(ref bp, ref ap, ref c00, ref c01, ref c10, ref c11, ref c20, ref c21, ref c30, ref c31, ref c40, ref c41, ref c50, ref c51);
            Step256(ref Unsafe.Add(ref bp, 16), ref Unsafe.Add(ref ap, MR), ref c00, ref c01, ref c10, ref c11, ref c20, ref c21, ref c30, ref c31, ref c40, ref c41, ref c50, ref c51);
            bp = ref Unsafe.Add(ref bp, 32);
            ap = ref Unsafe.Add(ref ap, 2 * MR);
        }

        if (p < kc)
        {
            Step256(ref bp, ref ap, ref c00, ref c01, ref c10, ref c11, ref c20, ref c21, ref c30, ref c31, ref c40, ref c41, ref c50, ref c51);
        }

        var va = Vector256.Create(alpha);
        if (mr == MR && nr == 16)
        {
            Add256(ref c, va, c00, c01);
            Add256(ref Unsafe.Add(ref c, ldc), va, c10, c11);
            Add256(ref Unsafe.Add(ref c, 2 * ldc), va, c20, c21);
            Add256(ref Unsafe.Add(ref c, 3 * ldc), va, c30, c31);
            Add256(ref Unsafe.Add(ref c, 4 * ldc), va, c40, c41);
            Add256(ref Unsafe.Add(ref c, 5 * ldc), va, c50, c51);
            return;
        }

        Partial256(ref c, ldc, mr, nr, alpha, c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51);
    }

    // An edge tile, out of line: were it in the kernel, the JIT could keep the accumulators' home on the stack and store
    // them there at every step of the loop (it does when it has no profile, e.g. with DOTNET_TieredPGO=0).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Partial256(ref float c, int ldc, int mr, int nr, float alpha, Vector256<float> c00, Vector256<float> c01, Vector256<float> c10, Vector256<float> c11, Vector256<float> c20, Vector256<float> c21, Vector256<float> c30, Vector256<float> c31, Vector256<float> c40, Vector256<float> c41, Vector256<float> c50, Vector256<float> c51)
    {
        var tile = PartialTile;
        ref float t = ref tile[0];
        c00.StoreUnsafe(ref t, 0); c01.StoreUnsafe(ref t, 8);
        c10.StoreUnsafe(ref t, 16); c11.StoreUnsafe(ref t, 24);
        c20.StoreUnsafe(ref t, 32); c21.StoreUnsafe(ref t, 40);
        c30.StoreUnsafe(ref t, 48); c31.StoreUnsafe(ref t, 56);
        c40.StoreUnsafe(ref t, 64); c41.StoreUnsafe(ref t, 72);
        c50.StoreUnsafe(ref t, 80); c51.StoreUnsafe(ref t, 88);
        AddTile(tile, 16, ref c, ldc, mr, nr, alpha);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Step256(ref float bp, ref float ap, ref Vector256<float> c00, ref Vector256<float> c01, ref Vector256<float> c10, ref Vector256<float> c11, ref Vector256<float> c20, ref Vector256<float> c21, ref Vector256<float> c30, ref Vector256<float> c31, ref Vector256<float> c40, ref Vector256<float> c41, ref Vector256<float> c50, ref Vector256<float> c51)
    {
        var b0 = Vector256.LoadUnsafe(ref bp);
        var b1 = Vector256.LoadUnsafe(ref bp, 8);
        var a0 = Vector256.Create(ap);
        c00 = Vector256.FusedMultiplyAdd(a0, b0, c00);
        c01 = Vector256.FusedMultiplyAdd(a0, b1, c01);
        var a1 = Vector256.Create(Unsafe.Add(ref ap, 1));
        c10 = Vector256.FusedMultiplyAdd(a1, b0, c10);
        c11 = Vector256.FusedMultiplyAdd(a1, b1, c11);
        var a2 = Vector256.Create(Unsafe.Add(ref ap, 2));
        c20 = Vector256.FusedMultiplyAdd(a2, b0, c20);
        c21 = Vector256.FusedMultiplyAdd(a2, b1, c21);
        var a3 = Vector256.Create(Unsafe.Add(ref ap, 3));
        c30 = Vector256.FusedMultiplyAdd(a3, b0, c30);
        c31 = Vector256.FusedMultiplyAdd(a3, b1, c31);
        var a4 = Vector256.Create(Unsafe.Add(ref ap, 4));
        c40 = Vector256.FusedMultiplyAdd(a4, b0, c40);
        c41 = Vector256.FusedMultiplyAdd(a4, b1, c41);
        var a5 = Vector256.Create(Unsafe.Add(ref ap, 5));
        c50 = Vector256.FusedMultiplyAdd(a5, b0, c50);
        c51 = Vector256.FusedMultiplyAdd(a5, b1, c51);
    }

    private static void KernelScalar(int kc, ref float a, ref float b, ref float c, int ldc, int mr, int nr, float alpha, int nrPacked)
    {
        Span<float> tile = stackalloc float[MR * 8];
        tile.Clear();
        for (int p = 0; p < kc; p++)
        {
            for (int i = 0; i < MR; i++)
            {
                float ai = Unsafe.Add(ref a, (p * MR) + i);
                for (int j = 0; j < nrPacked; j++)
                {
                    tile[(i * 8) + j] = MathF.FusedMultiplyAdd(ai, Unsafe.Add(ref b, (p * nrPacked) + j), tile[(i * 8) + j]);
                }
            }
        }

        AddTile(tile, 8, ref c, ldc, mr, nr, alpha);
    }

    private static void AddTile(ReadOnlySpan<float> tile, int stride, ref float c, int ldc, int mr, int nr, float alpha)
    {
        for (int i = 0; i < mr; i++)
        {
            ref float row = ref Unsafe.Add(ref c, i * ldc);
            for (int j = 0; j < nr; j++)
            {
                Unsafe.Add(ref row, j) += alpha * tile[(i * stride) + j];
            }
        }
    }
}
