using System.Security.Cryptography;

namespace Concord.Configuration;

/// <summary>
/// The cluster's shared secret (corosync's <c>authkey</c>): random bytes every node holds, from
/// which the transport derives its AES-256-GCM keys. Generation lives here, outside the sans-I/O
/// transport core, because it needs the system's random source.
/// </summary>
public static class AuthKey
{
    /// <summary>Shortest accepted key (corosync's minimum, 1024 bits).</summary>
    public const int BytesMin = 128;

    /// <summary>Longest accepted key (corosync's maximum).</summary>
    public const int BytesMax = 4096;

    /// <summary>Length <c>corosync-keygen</c> and <c>concord keygen</c> produce.</summary>
    public const int BytesDefault = 256;

    public static byte[] Generate(int lengthBytes = BytesDefault)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lengthBytes, BytesMin);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(lengthBytes, BytesMax);
        return RandomNumberGenerator.GetBytes(lengthBytes);
    }

    /// <summary>Why these bytes cannot be a key, or null when they can.</summary>
    public static string? Validate(ReadOnlySpan<byte> key) =>
        key.Length is < BytesMin or > BytesMax
            ? $"an authkey must be {BytesMin} to {BytesMax} bytes long, but this one is {key.Length} bytes"
            : null;
}
