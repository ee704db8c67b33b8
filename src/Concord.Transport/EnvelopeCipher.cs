namespace Concord.Transport;

/// <summary>How datagram payloads are protected; carried in every header so a mismatch is named, not guessed.</summary>
public enum EnvelopeCipher : byte
{
    /// <summary><c>crypto_cipher: none</c>: header and payload in the clear, still replay-checked. Not authenticated.</summary>
    None = 0,

    /// <summary>AES-256-GCM with a per-sender, per-boot key; header authenticated as associated data.</summary>
    Aes256Gcm = 1,
}
