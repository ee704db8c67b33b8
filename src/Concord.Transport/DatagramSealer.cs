using System.Security.Cryptography;

namespace Concord.Transport;

/// <summary>
/// Seals outgoing datagrams for one node during one boot. Holds the send counter, so there must be
/// exactly one sealer per process lifetime, used from the event-loop thread. The host picks
/// <c>epoch</c> once per boot, larger than any earlier boot's (see <see cref="TransportEpoch"/>).
/// </summary>
public sealed class DatagramSealer : IDisposable
{
    private readonly AesGcm? _aead;
    private readonly uint _clusterTag;

    /// <summary>An AES-256-GCM sealer; the key is derived from <paramref name="authKey"/>, the cluster name, node id and epoch.</summary>
    public DatagramSealer(ReadOnlySpan<byte> authKey, string clusterName, uint senderNodeId, ulong epoch)
        : this(clusterName, senderNodeId, epoch, EnvelopeCipher.Aes256Gcm)
    {
        byte[] secret = DatagramEnvelope.ExtractClusterSecret(authKey, clusterName);
        byte[] key = DatagramEnvelope.SenderKey(secret, senderNodeId, epoch);
        _aead = new AesGcm(key, DatagramEnvelope.TagBytes);
        CryptographicOperations.ZeroMemory(secret);
        CryptographicOperations.ZeroMemory(key);
    }

    private DatagramSealer(string clusterName, uint senderNodeId, ulong epoch, EnvelopeCipher cipher)
    {
        ArgumentNullException.ThrowIfNull(clusterName);
        if (senderNodeId == 0) throw new ArgumentOutOfRangeException(nameof(senderNodeId), "node id 0 is reserved");
        _clusterTag = DatagramEnvelope.ClusterTag(clusterName);
        SenderNodeId = senderNodeId;
        Epoch = epoch;
        Cipher = cipher;
    }

    /// <summary>A sealer for <c>crypto_cipher: none</c>: header + clear payload, replay-checked but not authenticated.</summary>
    public static DatagramSealer CreatePlain(string clusterName, uint senderNodeId, ulong epoch) =>
        new(clusterName, senderNodeId, epoch, EnvelopeCipher.None);

    public EnvelopeCipher Cipher { get; }

    public uint SenderNodeId { get; }

    public ulong Epoch { get; }

    /// <summary>The counter the next datagram will carry; starts at 0 and only grows.</summary>
    public ulong NextCounter { get; private set; }

    public int OverheadBytes => DatagramEnvelope.OverheadBytes(Cipher);

    public int SealedLength(int plaintextBytes) => DatagramEnvelope.SealedLength(plaintextBytes, Cipher);

    /// <summary>Writes the sealed datagram to <paramref name="output"/> and returns its length.</summary>
    /// <exception cref="ArgumentException">output is smaller than <see cref="SealedLength"/>, or link is not 0-7.</exception>
    public int Seal(ReadOnlySpan<byte> plaintext, byte linkNumber, Span<byte> output)
    {
        if (linkNumber >= DatagramEnvelope.LinksMax)
        {
            throw new ArgumentOutOfRangeException(nameof(linkNumber), linkNumber, "link numbers are 0 to 7");
        }

        int length = SealedLength(plaintext.Length);
        if (output.Length < length)
        {
            throw new ArgumentException($"output holds {output.Length} bytes but the sealed datagram needs {length}", nameof(output));
        }

        if (NextCounter == ulong.MaxValue) throw new InvalidOperationException("send counter exhausted; restart with a new epoch");
        ulong counter = NextCounter++;
        Span<byte> header = output[..DatagramEnvelope.HeaderBytes];
        DatagramEnvelope.WriteHeader(header, Cipher, _clusterTag, SenderNodeId, linkNumber, Epoch, counter);
        Span<byte> body = output.Slice(DatagramEnvelope.HeaderBytes, plaintext.Length);
        if (_aead is null)
        {
            plaintext.CopyTo(body);
            return length;
        }

        Span<byte> nonce = stackalloc byte[DatagramEnvelope.NonceBytes];
        DatagramEnvelope.Nonce(SenderNodeId, counter, nonce);
        Span<byte> tag = output.Slice(DatagramEnvelope.HeaderBytes + plaintext.Length, DatagramEnvelope.TagBytes);
        _aead.Encrypt(nonce, plaintext, body, tag, header);
        return length;
    }

    public void Dispose() => _aead?.Dispose();
}
