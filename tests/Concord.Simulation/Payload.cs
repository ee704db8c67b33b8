using System.Buffers.Binary;
using Concord.Core;
using Concord.Totem;

namespace Concord.Simulation;

/// <summary>Identity of an application message: the sending process and its per-process sequence.</summary>
public readonly record struct MessageId(uint Node, uint Incarnation, ulong Seq)
{
    public override string ToString() => $"{Node}/{Incarnation}#{Seq}";

    public ulong Hash() => Fnv1a.Mix(Fnv1a.Mix(Fnv1a.Mix(Fnv1a.Offset, Node), Incarnation), Seq);
}

/// <summary>
/// Workload payload layout (little-endian): node u32, incarnation u32, seq u64, guarantee u8,
/// body length u32, body, then FNV-1a (64-bit) of everything before it. Checkers recover the
/// identity and verify integrity from the bytes alone.
/// </summary>
public static class Payload
{
    public const int HeaderBytes = 4 + 4 + 8 + 1 + 4;
    public const int TrailerBytes = 8;
    public const int OverheadBytes = HeaderBytes + TrailerBytes;

    public static byte[] Create(MessageId id, DeliveryGuarantee guarantee, int totalBytes, Prng rng)
    {
        totalBytes = Math.Max(totalBytes, OverheadBytes);
        var buffer = new byte[totalBytes];
        var span = buffer.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(span, id.Node);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], id.Incarnation);
        BinaryPrimitives.WriteUInt64LittleEndian(span[8..], id.Seq);
        span[16] = (byte)guarantee;
        int bodyBytes = totalBytes - OverheadBytes;
        BinaryPrimitives.WriteInt32LittleEndian(span[17..], bodyBytes);
        rng.Fill(span.Slice(HeaderBytes, bodyBytes));
        ulong checksum = Fnv1a.Hash(span[..^TrailerBytes]);
        BinaryPrimitives.WriteUInt64LittleEndian(span[^TrailerBytes..], checksum);
        return buffer;
    }

    /// <summary>Parses and verifies a payload; null with a reason if it is not one of ours or is corrupt.</summary>
    public static (MessageId Id, DeliveryGuarantee Guarantee, ulong Checksum)? TryRead(ReadOnlySpan<byte> payload, out string? problem)
    {
        problem = null;
        if (payload.Length < OverheadBytes)
        {
            problem = $"payload of {payload.Length} bytes is shorter than the {OverheadBytes}-byte envelope";
            return null;
        }
        var id = new MessageId(
            BinaryPrimitives.ReadUInt32LittleEndian(payload),
            BinaryPrimitives.ReadUInt32LittleEndian(payload[4..]),
            BinaryPrimitives.ReadUInt64LittleEndian(payload[8..]));
        byte guarantee = payload[16];
        int bodyBytes = BinaryPrimitives.ReadInt32LittleEndian(payload[17..]);
        if (bodyBytes != payload.Length - OverheadBytes || guarantee > 1)
        {
            problem = $"payload {id} has a bad envelope (body {bodyBytes} bytes, total {payload.Length}, guarantee {guarantee})";
            return null;
        }
        ulong stored = BinaryPrimitives.ReadUInt64LittleEndian(payload[^TrailerBytes..]);
        ulong actual = Fnv1a.Hash(payload[..^TrailerBytes]);
        if (stored != actual)
        {
            problem = $"payload {id} is corrupt (checksum {stored:x16}, computed {actual:x16})";
            return null;
        }
        return (id, (DeliveryGuarantee)guarantee, stored);
    }
}
