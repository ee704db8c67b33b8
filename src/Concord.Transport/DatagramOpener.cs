using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Concord.Transport;

/// <summary>
/// Checks and opens incoming datagrams. Never throws on network input: every datagram gets an
/// <see cref="OpenResult"/> and the matching counter in <see cref="Counters"/> is incremented.
/// Single-threaded (the event loop); keeps per-sender epoch and replay state for listed senders only.
/// </summary>
public sealed class DatagramOpener : IDisposable
{
    private readonly byte[]? _clusterSecret;
    private readonly uint _clusterTag;
    private readonly Dictionary<uint, PeerState> _peers = [];

    /// <summary>An AES-256-GCM opener accepting datagrams from <paramref name="knownSenders"/> (the nodelist's ids).</summary>
    public DatagramOpener(ReadOnlySpan<byte> authKey, string clusterName, IEnumerable<uint> knownSenders)
        : this(clusterName, knownSenders, EnvelopeCipher.Aes256Gcm)
    {
        _clusterSecret = DatagramEnvelope.ExtractClusterSecret(authKey, clusterName);
    }

    private DatagramOpener(string clusterName, IEnumerable<uint> knownSenders, EnvelopeCipher cipher)
    {
        ArgumentNullException.ThrowIfNull(clusterName);
        ArgumentNullException.ThrowIfNull(knownSenders);
        _clusterTag = DatagramEnvelope.ClusterTag(clusterName);
        Cipher = cipher;
        foreach (uint sender in knownSenders) AddSender(sender);
    }

    /// <summary>An opener for <c>crypto_cipher: none</c>: checks format, cluster, sender and replay, but cannot detect forgery.</summary>
    public static DatagramOpener CreatePlain(string clusterName, IEnumerable<uint> knownSenders) =>
        new(clusterName, knownSenders, EnvelopeCipher.None);

    public EnvelopeCipher Cipher { get; }

    public OpenCounters Counters { get; } = new();

    /// <summary>Lists a sender (after a nodelist reload). Idempotent.</summary>
    public void AddSender(uint nodeId)
    {
        if (nodeId != 0) _peers.TryAdd(nodeId, new PeerState());
    }

    /// <summary>Forgets a sender and its replay state; its datagrams become <see cref="OpenResult.UnknownSender"/>.</summary>
    public void RemoveSender(uint nodeId)
    {
        if (_peers.Remove(nodeId, out PeerState? state)) state.Dispose();
    }

    /// <summary>The epoch (boot) of a sender's datagrams most recently accepted; a change means the sender restarted.</summary>
    public bool TryGetPeerEpoch(uint nodeId, out ulong epoch)
    {
        epoch = 0;
        if (!_peers.TryGetValue(nodeId, out PeerState? state) || !state.HasEpoch) return false;
        epoch = state.Epoch;
        return true;
    }

    /// <summary>
    /// Verifies <paramref name="datagram"/> and writes its payload to <paramref name="plaintext"/>.
    /// <paramref name="senderNodeId"/> and <paramref name="link"/> are filled in as soon as the header
    /// parses (useful for logging drops); <paramref name="length"/> is the payload length on <see cref="OpenResult.Ok"/>, else 0.
    /// </summary>
    public OpenResult TryOpen(ReadOnlySpan<byte> datagram, Span<byte> plaintext, out uint senderNodeId, out byte link, out int length)
    {
        senderNodeId = 0;
        link = 0;
        length = 0;
        OpenResult result = Open(datagram, plaintext, ref senderNodeId, ref link, ref length);
        if (result != OpenResult.Ok) length = 0;
        return Counters.Count(result);
    }

    private OpenResult Open(ReadOnlySpan<byte> datagram, Span<byte> plaintext, ref uint sender, ref byte link, ref int length)
    {
        if (datagram.Length < 3) return OpenResult.Malformed;
        if (datagram[0] != DatagramEnvelope.Magic0 || datagram[1] != DatagramEnvelope.Magic1 || datagram[2] != DatagramEnvelope.Version)
        {
            return OpenResult.BadMagicOrVersion;
        }

        if (datagram.Length < DatagramEnvelope.HeaderBytes) return OpenResult.Malformed;
        ReadOnlySpan<byte> header = datagram[..DatagramEnvelope.HeaderBytes];
        if (header[3] > (byte)EnvelopeCipher.Aes256Gcm || header[13] != 0 || header[14] != 0 || header[15] != 0
            || header[DatagramEnvelope.LinkOffset] >= DatagramEnvelope.LinksMax)
        {
            return OpenResult.Malformed;
        }

        sender = BinaryPrimitives.ReadUInt32BigEndian(header[DatagramEnvelope.SenderOffset..]);
        link = header[DatagramEnvelope.LinkOffset];
        var cipher = (EnvelopeCipher)header[3];
        if (cipher != Cipher) return OpenResult.CipherMismatch;
        int overhead = DatagramEnvelope.OverheadBytes(cipher);
        if (datagram.Length < overhead) return OpenResult.Malformed;
        if (BinaryPrimitives.ReadUInt32BigEndian(header[DatagramEnvelope.ClusterTagOffset..]) != _clusterTag) return OpenResult.WrongCluster;
        if (!_peers.TryGetValue(sender, out PeerState? peer)) return OpenResult.UnknownSender;

        int payloadBytes = datagram.Length - overhead;
        if (plaintext.Length < payloadBytes) return OpenResult.BufferTooSmall;
        ulong epoch = BinaryPrimitives.ReadUInt64BigEndian(header[DatagramEnvelope.EpochOffset..]);
        ulong counter = BinaryPrimitives.ReadUInt64BigEndian(header[DatagramEnvelope.CounterOffset..]);
        bool newEpoch = !peer.HasEpoch || epoch > peer.Epoch;
        if (!newEpoch)
        {
            if (epoch < peer.Epoch) return OpenResult.StaleEpoch;
            if (!peer.Window.IsFresh(counter)) return OpenResult.Replay;
        }

        ReadOnlySpan<byte> body = datagram.Slice(DatagramEnvelope.HeaderBytes, payloadBytes);
        Span<byte> output = plaintext[..payloadBytes];
        AesGcm? aead = null;
        if (cipher == EnvelopeCipher.Aes256Gcm)
        {
            aead = newEpoch ? CandidateFor(peer, sender, epoch) : peer.Aead!;
            if (!Decrypt(aead, sender, counter, header, body, datagram[^DatagramEnvelope.TagBytes..], output))
            {
                return OpenResult.AuthenticationFailed;
            }
        }
        else
        {
            body.CopyTo(output);
        }

        if (newEpoch) peer.Adopt(epoch, aead);
        peer.Window.Mark(counter);
        length = payloadBytes;
        return OpenResult.Ok;
    }

    private AesGcm CandidateFor(PeerState peer, uint sender, ulong epoch)
    {
        if (peer.Candidate is { } cached && cached.Epoch == epoch) return cached.Aead;
        peer.Candidate?.Aead.Dispose();
        byte[] key = DatagramEnvelope.SenderKey(_clusterSecret!, sender, epoch);
        var aead = new AesGcm(key, DatagramEnvelope.TagBytes);
        CryptographicOperations.ZeroMemory(key);
        peer.Candidate = (epoch, aead);
        return aead;
    }

    private static bool Decrypt(
        AesGcm aead, uint sender, ulong counter, ReadOnlySpan<byte> header, ReadOnlySpan<byte> body, ReadOnlySpan<byte> tag, Span<byte> output)
    {
        Span<byte> nonce = stackalloc byte[DatagramEnvelope.NonceBytes];
        DatagramEnvelope.Nonce(sender, counter, nonce);
        try
        {
            aead.Decrypt(nonce, body, tag, output, header);
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        foreach (PeerState peer in _peers.Values) peer.Dispose();
        _peers.Clear();
        if (_clusterSecret is not null) CryptographicOperations.ZeroMemory(_clusterSecret);
    }
}
