using System.Buffers.Binary;
using Concord.Core;

namespace Concord.Services.Quorum;

public enum QuorumDecodeStatus
{
    Ok,
    TooShort,
    BadMagic,
    UnsupportedVersion,
    UnknownType,
    BadLength,
    InvalidField,
}

/// <summary>
/// Wire format of the quorum messages, big-endian:
/// <code>
/// header  : u8 magic 'Q' (0x51) | u8 version (1) | u8 type | u8 reserved (0)
/// type 1  : node state  = u32 node | u32 ring rep | u64 ring seq | u32 votes | u32 expected | u32 flags | u8 round | u8 0 | u8 0 | u8 0   (36 bytes)
/// type 2  : reconfigure = u32 node | u8 kind | u8 0 | u8 0 | u8 0 | u32 value                           (16 bytes)
/// </code>
/// The decoder never throws: malformed input yields a status other than <see cref="QuorumDecodeStatus.Ok"/>.
/// </summary>
public static class QuorumCodec
{
    public const byte Magic = 0x51;
    public const byte Version = 1;
    public const int HeaderBytes = 4;
    public const int NodeStateBytes = HeaderBytes + 32;
    public const int ReconfigureBytes = HeaderBytes + 12;
    public const int MessageBytesMax = NodeStateBytes;

    private const byte TypeNodeState = 1;
    private const byte TypeReconfigure = 2;

    public static int GetEncodedLength(QuorumMessage message) => message switch
    {
        NodeStateMessage => NodeStateBytes,
        ReconfigureMessage => ReconfigureBytes,
        _ => throw new ArgumentException($"unknown quorum message {message.GetType().Name}", nameof(message)),
    };

    public static byte[] Encode(QuorumMessage message)
    {
        var buffer = new byte[GetEncodedLength(message)];
        Encode(message, buffer);
        return buffer;
    }

    /// <returns>The number of bytes written.</returns>
    public static int Encode(QuorumMessage message, Span<byte> destination)
    {
        int length = GetEncodedLength(message);
        if (destination.Length < length)
            throw new ArgumentException($"need {length} bytes, have {destination.Length}", nameof(destination));
        destination[0] = Magic;
        destination[1] = Version;
        destination[3] = 0;
        Span<byte> body = destination[HeaderBytes..length];
        switch (message)
        {
            case NodeStateMessage s:
                destination[2] = TypeNodeState;
                BinaryPrimitives.WriteUInt32BigEndian(body, s.Node.Value);
                BinaryPrimitives.WriteUInt32BigEndian(body[4..], s.Ring.Representative.Value);
                BinaryPrimitives.WriteUInt64BigEndian(body[8..], s.Ring.Sequence);
                BinaryPrimitives.WriteUInt32BigEndian(body[16..], s.Votes);
                BinaryPrimitives.WriteUInt32BigEndian(body[20..], s.ExpectedVotes);
                BinaryPrimitives.WriteUInt32BigEndian(body[24..], (uint)s.Flags);
                body[28] = s.Round;
                body[29] = 0;
                body[30] = 0;
                body[31] = 0;
                break;
            case ReconfigureMessage r:
                destination[2] = TypeReconfigure;
                BinaryPrimitives.WriteUInt32BigEndian(body, r.Node.Value);
                body[4] = (byte)r.Kind;
                body[5] = 0;
                body[6] = 0;
                body[7] = 0;
                BinaryPrimitives.WriteUInt32BigEndian(body[8..], r.Value);
                break;
        }
        return length;
    }

    public static QuorumDecodeStatus TryDecode(ReadOnlySpan<byte> source, out QuorumMessage? message)
    {
        message = null;
        if (source.Length < HeaderBytes) return QuorumDecodeStatus.TooShort;
        if (source[0] != Magic) return QuorumDecodeStatus.BadMagic;
        if (source[1] != Version) return QuorumDecodeStatus.UnsupportedVersion;
        if (source[3] != 0) return QuorumDecodeStatus.InvalidField;
        return source[2] switch
        {
            TypeNodeState => DecodeNodeState(source, out message),
            TypeReconfigure => DecodeReconfigure(source, out message),
            _ => QuorumDecodeStatus.UnknownType,
        };
    }

    private static QuorumDecodeStatus DecodeNodeState(ReadOnlySpan<byte> source, out QuorumMessage? message)
    {
        message = null;
        if (source.Length != NodeStateBytes) return QuorumDecodeStatus.BadLength;
        ReadOnlySpan<byte> body = source[HeaderBytes..];
        uint node = BinaryPrimitives.ReadUInt32BigEndian(body);
        uint rep = BinaryPrimitives.ReadUInt32BigEndian(body[4..]);
        ulong seq = BinaryPrimitives.ReadUInt64BigEndian(body[8..]);
        uint votes = BinaryPrimitives.ReadUInt32BigEndian(body[16..]);
        uint expected = BinaryPrimitives.ReadUInt32BigEndian(body[20..]);
        uint flags = BinaryPrimitives.ReadUInt32BigEndian(body[24..]);
        byte round = body[28];
        if (body[29] != 0 || body[30] != 0 || body[31] != 0) return QuorumDecodeStatus.InvalidField;
        if (node == 0 || votes > QuorumLimits.VotesPerNodeMax || expected > QuorumLimits.ExpectedVotesMax)
            return QuorumDecodeStatus.InvalidField;
        const uint known = (uint)(NodeStateFlags.Quorate | NodeStateFlags.Leaving | NodeStateFlags.WaitForAllStatus | NodeStateFlags.First);
        if ((flags & ~known) != 0) return QuorumDecodeStatus.InvalidField;
        message = new NodeStateMessage(new NodeId(node), new RingId(new NodeId(rep), seq), votes, expected, (NodeStateFlags)flags, round);
        return QuorumDecodeStatus.Ok;
    }

    private static QuorumDecodeStatus DecodeReconfigure(ReadOnlySpan<byte> source, out QuorumMessage? message)
    {
        message = null;
        if (source.Length != ReconfigureBytes) return QuorumDecodeStatus.BadLength;
        ReadOnlySpan<byte> body = source[HeaderBytes..];
        uint node = BinaryPrimitives.ReadUInt32BigEndian(body);
        byte kind = body[4];
        uint value = BinaryPrimitives.ReadUInt32BigEndian(body[8..]);
        if (node == 0 || body[5] != 0 || body[6] != 0 || body[7] != 0) return QuorumDecodeStatus.InvalidField;
        bool valid = kind switch
        {
            (byte)ReconfigureKind.ExpectedVotes => value is >= 1 and <= QuorumLimits.ExpectedVotesMax,
            (byte)ReconfigureKind.NodeVotes => value <= QuorumLimits.VotesPerNodeMax,
            (byte)ReconfigureKind.CancelWaitForAll => value == 0,
            _ => false,
        };
        if (!valid) return QuorumDecodeStatus.InvalidField;
        message = new ReconfigureMessage(new NodeId(node), (ReconfigureKind)kind, value);
        return QuorumDecodeStatus.Ok;
    }
}
