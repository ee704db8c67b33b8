namespace Concord.Core;

/// <summary>Stable 64-bit FNV-1a hash: deterministic across processes, unlike string.GetHashCode.</summary>
public static class Fnv1a
{
    public const ulong Offset = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    public static ulong Hash(ReadOnlySpan<byte> data, ulong seed = Offset)
    {
        ulong hash = seed;
        foreach (byte b in data)
        {
            hash ^= b;
            hash *= Prime;
        }
        return hash;
    }

    public static ulong Mix(ulong hash, ulong value)
    {
        for (int i = 0; i < 8; i++)
        {
            hash ^= (byte)(value >> (i * 8));
            hash *= Prime;
        }
        return hash;
    }
}
