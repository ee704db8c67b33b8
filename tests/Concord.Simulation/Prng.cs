namespace Concord.Simulation;

/// <summary>
/// xoshiro256** seeded through SplitMix64. Our own generator (not System.Random) so that a seed
/// produces the same run, and the same trace hash, on every .NET version and machine.
/// </summary>
public sealed class Prng
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    public Prng(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    public static ulong SplitMix64(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong NextU64()
    {
        ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, maxExclusive).</summary>
    public int Next(int maxExclusive)
    {
        if (maxExclusive <= 0) throw new ArgumentOutOfRangeException(nameof(maxExclusive));
        return (int)(NextU64() % (ulong)maxExclusive);
    }

    /// <summary>Uniform in [minInclusive, maxInclusive].</summary>
    public long Range(long minInclusive, long maxInclusive)
    {
        if (maxInclusive < minInclusive) throw new ArgumentOutOfRangeException(nameof(maxInclusive));
        ulong span = (ulong)(maxInclusive - minInclusive) + 1;
        return span == 0 ? (long)NextU64() : minInclusive + (long)(NextU64() % span);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextU64() >> 11) * (1.0 / (1UL << 53));

    public bool Chance(double probability) => probability > 0 && NextDouble() < probability;

    /// <summary>Exponentially distributed with the given mean (for inter-arrival times).</summary>
    public long Exponential(double mean) => (long)(-mean * Math.Log(1.0 - NextDouble()));

    /// <summary>An independent generator for one concern, so that concerns do not shift each other's draws.</summary>
    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    public Prng Fork() => new(NextU64());

    public void Fill(Span<byte> buffer)
    {
        int i = 0;
        for (; i + 8 <= buffer.Length; i += 8)
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(buffer[i..], NextU64());
        if (i < buffer.Length)
        {
            ulong last = NextU64();
            for (; i < buffer.Length; i++, last >>= 8) buffer[i] = (byte)last;
        }
    }
}
