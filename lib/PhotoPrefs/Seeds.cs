namespace PhotoPrefs;

/// <summary>
/// Derived seeds: every random source in PhotoPrefs that needs its own stream (a photo of the sample album, a
/// training step, a photo's embedding views, a study's split) is seeded by mixing a base seed with an index, so
/// that the same base seed gives the same values, and the same bytes, on every run and machine.
/// </summary>
public static class Seeds
{
    /// <summary>
    /// Mixes a seed and an index into a new, well-spread seed. In 32-bit unsigned arithmetic (wrapping):
    /// <c>h = seed * 0x9E3779B1</c>; <c>h ^= index + 0x7F4A7C15 + (h &lt;&lt; 6) + (h &gt;&gt; 2)</c>;
    /// <c>h ^= h &gt;&gt; 16</c>; <c>h *= 0x85EBCA6B</c>; <c>h ^= h &gt;&gt; 13</c>; the result is <c>h &amp; 0x7FFFFFFF</c>.
    /// Any pair of ints is accepted (negative ones are taken as their two's-complement bits).
    /// </summary>
    /// <param name="seed">The base seed.</param>
    /// <param name="index">The index of the derived stream.</param>
    /// <returns>A non-negative seed, for <see cref="Random(int)"/>.</returns>
    public static int Mix(int seed, int index)
    {
        unchecked
        {
            uint h = (uint)seed * 0x9E3779B1u;
            h ^= (uint)index + 0x7F4A7C15u + (h << 6) + (h >> 2);
            h ^= h >> 16;
            h *= 0x85EBCA6Bu;
            h ^= h >> 13;
            return (int)(h & 0x7FFFFFFF);
        }
    }
}
