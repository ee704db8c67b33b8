namespace Concord.Host.Net;

/// <summary>The authenticated-encryption envelope around every datagram (Concord.Transport).</summary>
internal interface IEnvelope
{
    /// <summary>Encrypt and authenticate one plaintext for sending on <paramref name="link"/>.</summary>
    byte[] Seal(ReadOnlySpan<byte> plaintext, byte link);

    /// <summary>Authenticate and decrypt; on failure <paramref name="dropReason"/> names why.</summary>
    bool TryOpen(ReadOnlySpan<byte> datagram, out uint sender, out byte link, out byte[] plaintext, out string dropReason);
}
