namespace Concord.Services.Tests.Cpg.Support;

/// <summary>xoshiro256** seeded through SplitMix64: the same seed gives the same run everywhere.</summary>
internal sealed class TestRandom
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    public TestRandom(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    private static ulong SplitMix64(ref ulong state)
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
    public int Next(int maxExclusive) => maxExclusive <= 0 ? throw new ArgumentOutOfRangeException(nameof(maxExclusive)) : (int)(NextU64() % (ulong)maxExclusive);

    /// <summary>Uniform in [min, max].</summary>
    public long Range(long min, long max) => min + (long)(NextU64() % (ulong)(max - min + 1));

    public double NextDouble() => (NextU64() >> 11) * (1.0 / (1UL << 53));

    public bool Chance(double p) => p > 0 && NextDouble() < p;

    /// <summary>Exponentially distributed with the given mean.</summary>
    public long Exponential(double mean) => (long)(-mean * Math.Log(1.0 - NextDouble()));

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    public TestRandom Fork() => new(NextU64());

    public void Fill(Span<byte> buffer)
    {
        for (int i = 0; i < buffer.Length; i++) buffer[i] = (byte)NextU64();
    }
}
