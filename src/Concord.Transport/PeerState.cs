using System.Security.Cryptography;

namespace Concord.Transport;

/// <summary>What an opener remembers about one listed sender: its current epoch, key and replay window.</summary>
internal sealed class PeerState : IDisposable
{
    public bool HasEpoch { get; private set; }

    public ulong Epoch { get; private set; }

    /// <summary>The AES-GCM instance for <see cref="Epoch"/> (null in plain mode or before the first datagram).</summary>
    public AesGcm? Aead { get; private set; }

    public ReplayWindow Window { get; } = new();

    /// <summary>A key derived for a newer epoch whose first datagram failed to authenticate, kept so junk does not cost a new HKDF each time.</summary>
    public (ulong Epoch, AesGcm Aead)? Candidate { get; set; }

    /// <summary>Switches to a newer epoch after one of its datagrams was accepted.</summary>
    public void Adopt(ulong epoch, AesGcm? aead)
    {
        if (!ReferenceEquals(aead, Aead)) Aead?.Dispose();
        if (Candidate is { } candidate && !ReferenceEquals(candidate.Aead, aead)) candidate.Aead.Dispose();
        Candidate = null;
        Aead = aead;
        Epoch = epoch;
        HasEpoch = true;
        Window.Reset();
    }

    public void Dispose()
    {
        Aead?.Dispose();
        Candidate?.Aead.Dispose();
    }
}
