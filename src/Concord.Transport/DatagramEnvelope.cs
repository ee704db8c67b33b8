using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Concord.Transport;

/// <summary>
/// Wire format of every Concord datagram (see README.md in this folder). All integers big-endian.
/// <code>
///  0  magic 0xC0 0xDC          2   version (1)          3  cipher (0 none, 1 AES-256-GCM)
///  4  cluster tag (4 bytes: SHA-256 of the cluster name, truncated)
///  8  sender node id (4)      12   link number (0-7)   13  reserved, zero (3)
/// 16  sender epoch (8): chosen once per boot, larger on every restart
/// 24  send counter (8): per sender and epoch, never repeats; nonce part and replay check
/// 32  payload (ciphertext under AES-256-GCM)          end  GCM tag (16), AES-256-GCM only
/// </code>
/// </summary>
public static class DatagramEnvelope
{
    public const byte Magic0 = 0xC0;
    public const byte Magic1 = 0xDC;
    public const byte Version = 1;
    public const int HeaderBytes = 32;
    public const int TagBytes = 16;
    public const int KeyBytes = 32;
    public const int NonceBytes = 12;
    public const int LinksMax = 8;

    /// <summary>Shortest and longest accepted authkey, as corosync.</summary>
    public const int AuthKeyBytesMin = 128;
    public const int AuthKeyBytesMax = 4096;

    /// <summary>IPv6 (40) + UDP (8): the largest IP/UDP header under the MTU.</summary>
    public const int IpUdpHeaderBytesMax = 48;

    /// <summary>Envelope bytes added to a payload under AES-256-GCM (header + tag): 48.</summary>
    public const int EncryptedOverheadBytes = HeaderBytes + TagBytes;

    /// <summary>
    /// Envelope plus worst-case IP/UDP headers: 96, within the 100 bytes Totem reserves under
    /// netmtu (TotemOptions.TransportOverheadBytes).
    /// </summary>
    public const int TotalOverheadBytesMax = EncryptedOverheadBytes + IpUdpHeaderBytesMax;

    internal const int ClusterTagOffset = 4;
    internal const int SenderOffset = 8;
    internal const int LinkOffset = 12;
    internal const int EpochOffset = 16;
    internal const int CounterOffset = 24;

    private static readonly byte[] ClusterTagLabel = "concord/transport/v1 cluster-tag "u8.ToArray();
    private static readonly byte[] SaltLabel = "concord/transport/v1 cluster="u8.ToArray();
    private static readonly byte[] KeyLabel = "concord/transport/v1 sender-key"u8.ToArray();

    public static int OverheadBytes(EnvelopeCipher cipher) =>
        cipher == EnvelopeCipher.Aes256Gcm ? EncryptedOverheadBytes : HeaderBytes;

    public static int SealedLength(int plaintextBytes, EnvelopeCipher cipher) => plaintextBytes + OverheadBytes(cipher);

    /// <summary>Largest payload that fits one datagram of <paramref name="netMtuBytes"/> including IP/UDP headers.</summary>
    public static int PayloadBytesMax(int netMtuBytes, EnvelopeCipher cipher) =>
        netMtuBytes - IpUdpHeaderBytesMax - OverheadBytes(cipher);

    internal static uint ClusterTag(string clusterName)
    {
        byte[] name = Encoding.UTF8.GetBytes(clusterName);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData([.. ClusterTagLabel, .. name], hash);
        return BinaryPrimitives.ReadUInt32BigEndian(hash);
    }

    /// <summary>HKDF-Extract over the authkey, salted with the cluster name: the root of every sender key.</summary>
    internal static byte[] ExtractClusterSecret(ReadOnlySpan<byte> authKey, string clusterName)
    {
        if (authKey.Length is < AuthKeyBytesMin or > AuthKeyBytesMax)
        {
            throw new ArgumentException(
                $"the authkey must be {AuthKeyBytesMin} to {AuthKeyBytesMax} bytes, got {authKey.Length}", nameof(authKey));
        }

        byte[] salt = [.. SaltLabel, .. Encoding.UTF8.GetBytes(clusterName)];
        return HKDF.Extract(HashAlgorithmName.SHA256, authKey.ToArray(), salt);
    }

    /// <summary>HKDF-Expand: the AES-256 key of one sender during one epoch.</summary>
    internal static byte[] SenderKey(byte[] clusterSecret, uint senderNodeId, ulong epoch)
    {
        byte[] info = new byte[KeyLabel.Length + 12];
        KeyLabel.CopyTo(info, 0);
        BinaryPrimitives.WriteUInt32BigEndian(info.AsSpan(KeyLabel.Length), senderNodeId);
        BinaryPrimitives.WriteUInt64BigEndian(info.AsSpan(KeyLabel.Length + 4), epoch);
        return HKDF.Expand(HashAlgorithmName.SHA256, clusterSecret, KeyBytes, info);
    }

    internal static void Nonce(uint senderNodeId, ulong counter, Span<byte> nonce)
    {
        BinaryPrimitives.WriteUInt32BigEndian(nonce, senderNodeId);
        BinaryPrimitives.WriteUInt64BigEndian(nonce[4..], counter);
    }

    internal static void WriteHeader(
        Span<byte> header, EnvelopeCipher cipher, uint clusterTag, uint sender, byte link, ulong epoch, ulong counter)
    {
        header[0] = Magic0;
        header[1] = Magic1;
        header[2] = Version;
        header[3] = (byte)cipher;
        BinaryPrimitives.WriteUInt32BigEndian(header[ClusterTagOffset..], clusterTag);
        BinaryPrimitives.WriteUInt32BigEndian(header[SenderOffset..], sender);
        header[LinkOffset] = link;
        header[13] = 0;
        header[14] = 0;
        header[15] = 0;
        BinaryPrimitives.WriteUInt64BigEndian(header[EpochOffset..], epoch);
        BinaryPrimitives.WriteUInt64BigEndian(header[CounterOffset..], counter);
    }
}
