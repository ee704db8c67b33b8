namespace Concord.Transport;

/// <summary>Why <see cref="DatagramOpener.TryOpen"/> accepted or dropped a datagram. Each value has a drop counter.</summary>
public enum OpenResult
{
    /// <summary>Authentic (or, in plain mode, well-formed), fresh, from a listed node: the plaintext is valid.</summary>
    Ok = 0,

    /// <summary>Too short, reserved bits set, an impossible link number or an unknown cipher id.</summary>
    Malformed,

    /// <summary>Not a Concord datagram, or a Concord envelope version this build does not speak.</summary>
    BadMagicOrVersion,

    /// <summary>The sender encrypts and we do not, or the reverse: <c>crypto_cipher</c> differs between nodes.</summary>
    CipherMismatch,

    /// <summary>The datagram belongs to a different <c>cluster_name</c> (its cluster tag differs).</summary>
    WrongCluster,

    /// <summary>The sender's node id is not in the nodelist.</summary>
    UnknownSender,

    /// <summary>From an earlier boot (epoch) of a sender than one already accepted: a replay or a very late straggler.</summary>
    StaleEpoch,

    /// <summary>The send counter was already accepted or has fallen out of the replay window.</summary>
    Replay,

    /// <summary>The AES-GCM tag did not verify: wrong authkey, wrong cluster name, tampering or corruption.</summary>
    AuthenticationFailed,

    /// <summary>The caller's plaintext buffer is smaller than the payload (a host bug, not a network problem).</summary>
    BufferTooSmall,
}
