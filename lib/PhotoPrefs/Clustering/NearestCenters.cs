using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace PhotoPrefs.Clustering;

/// <summary>
/// Centres laid out for the nearest-centre search of K-means: transposed to d x kp (kp is k rounded up to
/// 16, the padding zero, its norm +infinity) so that the dot products of one row with 8 centres are one
/// 256-bit vector, built up with fused multiply-adds; four rows share each load of the centres, which keeps
/// eight independent accumulator chains busy. The nearest
/// centre minimises <c>|c|^2 - 2 x.c</c> (ties to the lower index). Without vector hardware (or with
/// <c>DOTNET_EnableHWIntrinsic=0</c>) a scalar loop gives the same results up to rounding.
/// </summary>
internal sealed class NearestCenters
{
    private const int Lanes = 8;
    private const int Pair = 2 * Lanes;
    private readonly float[] _t, _norms;
    private readonly int _k, _kp, _d;

    private NearestCenters(float[] t, float[] norms, int k, int kp, int d)
    {
        _t = t;
        _norms = norms;
        _k = k;
        _kp = kp;
        _d = d;
    }

    /// <summary>Lays out <paramref name="k"/> row-major centres of <paramref name="d"/> values.</summary>
    public static NearestCenters Prepare(ReadOnlySpan<float> centers, int k, int d)
    {
        int kp = (k + Pair - 1) / Pair * Pair;
        var t = new float[d * kp];
        var norms = new float[kp];
        norms.AsSpan(k).Fill(float.PositiveInfinity);
        for (int c = 0; c < k; c++)
        {
            var row = centers.Slice(c * d, d);
            norms[c] = TensorPrimitives.Dot(row, row);
            for (int j = 0; j < d; j++)
            {
                t[(j * kp) + c] = row[j];
            }
        }

        return new NearestCenters(t, norms, k, kp, d);
    }

    /// <summary>
    /// For rows <paramref name="start"/> to <paramref name="end"/> of <paramref name="x"/>: the nearest centre in
    /// <paramref name="labels"/> and the squared distance to it (<paramref name="rowNorms"/> holds each <c>|x|^2</c>).
    /// </summary>
    public void Assign(ReadOnlySpan<float> x, int start, int end, Span<int> labels, Span<float> distances, ReadOnlySpan<float> rowNorms)
    {
        int d = _d;
        if (end > start && (x.Length < end * d || labels.Length < end || distances.Length < end || rowNorms.Length < end))
        {
            throw new ArgumentException("rows or outputs too short");
        }

        if (!Vector256.IsHardwareAccelerated)
        {
            var rented = _kp > 512 ? new float[_kp] : null;
            Span<float> dots = rented ?? stackalloc float[_kp];
            for (int i = start; i < end; i++)
            {
                var row = x.Slice(i * d, d);
                ScalarDots(row, dots);
                labels[i] = Pick(dots, rowNorms[i], out distances[i]);
            }

            return;
        }

        // Four rows at a time: eight independent accumulator chains per block of 16 centres.
        Span<float> best = stackalloc float[4];
        Span<int> index = stackalloc int[4];
        ref float rx = ref MemoryMarshal.GetReference(x);
        for (int i = start; i < end; i += 4)
        {
            int last = end - 1;
            Nearest4(ref Unsafe.Add(ref rx, i * d), ref Unsafe.Add(ref rx, Math.Min(i + 1, last) * d), ref Unsafe.Add(ref rx, Math.Min(i + 2, last) * d), ref Unsafe.Add(ref rx, Math.Min(i + 3, last) * d), best, index);
            for (int r = 0; r < 4 && i + r < end; r++)
            {
                labels[i + r] = index[r];
                distances[i + r] = Math.Max(0, best[r] + rowNorms[i + r]);
            }
        }
    }

    private void Nearest4(ref float x0, ref float x1, ref float x2, ref float x3, Span<float> best, Span<int> index)
    {
        int kp = _kp;
        best.Fill(float.PositiveInfinity);
        index.Clear();
        ref float norms = ref MemoryMarshal.GetArrayDataReference(_norms);
        var two = Vector256.Create(2f);
        for (int c0 = 0; c0 < kp; c0 += Pair)
        {
            Block4(ref x0, ref x1, ref x2, ref x3, c0, out var a0, out var a1, out var b0, out var b1, out var c0v, out var c1v, out var e0, out var e1);
            var n0 = Vector256.LoadUnsafe(ref norms, (nuint)c0);
            var n1 = Vector256.LoadUnsafe(ref norms, (nuint)(c0 + Lanes));
            Keep(Vector256.FusedMultiplyAdd(-two, a0, n0), Vector256.FusedMultiplyAdd(-two, a1, n1), c0, ref best[0], ref index[0]);
            Keep(Vector256.FusedMultiplyAdd(-two, b0, n0), Vector256.FusedMultiplyAdd(-two, b1, n1), c0, ref best[1], ref index[1]);
            Keep(Vector256.FusedMultiplyAdd(-two, c0v, n0), Vector256.FusedMultiplyAdd(-two, c1v, n1), c0, ref best[2], ref index[2]);
            Keep(Vector256.FusedMultiplyAdd(-two, e0, n0), Vector256.FusedMultiplyAdd(-two, e1, n1), c0, ref best[3], ref index[3]);
        }
    }

    // Dot products of four rows with the 16 centres from c0: two vectors per row.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Block4(ref float x0, ref float x1, ref float x2, ref float x3, int c0, out Vector256<float> a0, out Vector256<float> a1, out Vector256<float> b0, out Vector256<float> b1, out Vector256<float> c0v, out Vector256<float> c1v, out Vector256<float> e0, out Vector256<float> e1)
    {
        int kp = _kp, d = _d;
        ref float t = ref MemoryMarshal.GetArrayDataReference(_t);
        a0 = a1 = b0 = b1 = c0v = c1v = e0 = e1 = default;
        for (int j = 0; j < d; j++)
        {
            ref float row = ref Unsafe.Add(ref t, (j * kp) + c0);
            var t0 = Vector256.LoadUnsafe(ref row);
            var t1 = Vector256.LoadUnsafe(ref row, Lanes);
            var v = Vector256.Create(Unsafe.Add(ref x0, j));
            a0 = Vector256.FusedMultiplyAdd(v, t0, a0);
            a1 = Vector256.FusedMultiplyAdd(v, t1, a1);
            v = Vector256.Create(Unsafe.Add(ref x1, j));
            b0 = Vector256.FusedMultiplyAdd(v, t0, b0);
            b1 = Vector256.FusedMultiplyAdd(v, t1, b1);
            v = Vector256.Create(Unsafe.Add(ref x2, j));
            c0v = Vector256.FusedMultiplyAdd(v, t0, c0v);
            c1v = Vector256.FusedMultiplyAdd(v, t1, c1v);
            v = Vector256.Create(Unsafe.Add(ref x3, j));
            e0 = Vector256.FusedMultiplyAdd(v, t0, e0);
            e1 = Vector256.FusedMultiplyAdd(v, t1, e1);
        }
    }

    // The smallest of 16 values (the first one on ties), kept when it beats the best so far.
    private static void Keep(Vector256<float> d0, Vector256<float> d1, int c0, ref float best, ref int index)
    {
        var m = Vector256.Min(d0, d1);
        var h = Vector128.Min(m.GetLower(), m.GetUpper());
        h = Vector128.Min(h, Vector128.Shuffle(h, Vector128.Create(2, 3, 0, 1)));
        h = Vector128.Min(h, Vector128.Shuffle(h, Vector128.Create(1, 0, 3, 2)));
        float value = h.ToScalar();
        if (value < best)
        {
            var all = Vector256.Create(value);
            uint mask = Vector256.Equals(d0, all).ExtractMostSignificantBits() | (Vector256.Equals(d1, all).ExtractMostSignificantBits() << Lanes);
            best = value;
            index = c0 + System.Numerics.BitOperations.TrailingZeroCount(mask);
        }
    }

    /// <summary>Centres per row of <see cref="DotRows"/>'s output: k rounded up to 8.</summary>
    public int Stride => _kp;

    /// <summary>The dot products of rows <paramref name="start"/> to <paramref name="end"/> with every centre, row i's at <c>output[i * Stride]</c>.</summary>
    public void DotRows(ReadOnlySpan<float> x, int start, int end, Span<float> output)
    {
        int d = _d, kp = _kp;
        if (end > start && (x.Length < end * d || output.Length < end * kp))
        {
            throw new ArgumentException("rows or output too short");
        }

        if (!Vector256.IsHardwareAccelerated)
        {
            for (int i = start; i < end; i++)
            {
                var row = x.Slice(i * d, d);
                var dst = output.Slice(i * kp, kp);
                ScalarDots(row, dst);
            }

            return;
        }

        ref float rx = ref MemoryMarshal.GetReference(x);
        ref float ro = ref MemoryMarshal.GetReference(output);
        for (int i = start; i < end; i += 4)
        {
            int last = end - 1, i1 = Math.Min(i + 1, last), i2 = Math.Min(i + 2, last), i3 = Math.Min(i + 3, last);
            ref float x0 = ref Unsafe.Add(ref rx, i * d);
            ref float x1 = ref Unsafe.Add(ref rx, i1 * d);
            ref float x2 = ref Unsafe.Add(ref rx, i2 * d);
            ref float x3 = ref Unsafe.Add(ref rx, i3 * d);
            for (int c0 = 0; c0 < kp; c0 += Pair)
            {
                Block4(ref x0, ref x1, ref x2, ref x3, c0, out var a0, out var a1, out var b0, out var b1, out var c0v, out var c1v, out var e0, out var e1);

                // Rows past the end repeat the last row: written to the same place, with the same values.
                e0.StoreUnsafe(ref ro, (nuint)((i3 * kp) + c0));
                e1.StoreUnsafe(ref ro, (nuint)((i3 * kp) + c0 + Lanes));
                c0v.StoreUnsafe(ref ro, (nuint)((i2 * kp) + c0));
                c1v.StoreUnsafe(ref ro, (nuint)((i2 * kp) + c0 + Lanes));
                b0.StoreUnsafe(ref ro, (nuint)((i1 * kp) + c0));
                b1.StoreUnsafe(ref ro, (nuint)((i1 * kp) + c0 + Lanes));
                a0.StoreUnsafe(ref ro, (nuint)((i * kp) + c0));
                a1.StoreUnsafe(ref ro, (nuint)((i * kp) + c0 + Lanes));
            }
        }
    }

    private int Pick(ReadOnlySpan<float> dots, float rowNorm, out float distance)
    {
        var norms = _norms;
        int best = 0;
        float bestD = float.PositiveInfinity;
        for (int c = 0; c < _k; c++)
        {
            float dist = norms[c] - (2 * dots[c]);
            if (dist < bestD)
            {
                bestD = dist;
                best = c;
            }
        }

        distance = Math.Max(0, bestD + rowNorm);
        return best;
    }

    // Dot products of one row with every centre, for machines without vector units.
    private void ScalarDots(ReadOnlySpan<float> row, Span<float> output)
    {
        int kp = _kp, d = _d;
        var t = _t;
        for (int c = 0; c < kp; c++)
        {
            float sum = 0;
            for (int j = 0; j < d; j++)
            {
                sum += row[j] * t[(j * kp) + c];
            }

            output[c] = sum;
        }
    }
}
