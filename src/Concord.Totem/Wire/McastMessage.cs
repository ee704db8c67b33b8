using Concord.Core;

namespace Concord.Totem.Wire;

/// <summary>
/// A regular message: one fragment of an application message, ordered by its ring sequence.
/// During recovery a message of the old ring travels encapsulated as the payload of a new one.
/// </summary>
internal sealed class McastMessage
{
    public const byte SafeFlag = 1;
    public const byte EncapsulatedFlag = 2;
    /// <summary>The payload holds several small messages: [u32 length][u32 message number][bytes]…</summary>
    public const byte PackedFlag = 4;
    public const int PackedEntryHeaderBytes = 8;

    public RingId Ring;
    public ulong Seq;
    /// <summary>The node that originated the message (retransmissions come from others).</summary>
    public NodeId Origin;
    public byte Flags;
    /// <summary>The origin's number for the whole message: fragments chain only within one number.</summary>
    public uint MessageNumber;
    public ushort FragmentIndex;
    public ushort FragmentCount;
    public ReadOnlyMemory<byte> Payload;

    public bool IsSafe => (Flags & SafeFlag) != 0;
    public bool IsEncapsulated => (Flags & EncapsulatedFlag) != 0;
    public bool IsPacked => (Flags & PackedFlag) != 0;
    public bool IsLastFragment => FragmentIndex + 1 == FragmentCount;

    public int EncodedBytes => Header.Bytes + 12 + 8 + 4 + 1 + 4 + 2 + 2 + 4 + Payload.Length;

    public byte[] Encode(NodeId sender)
    {
        var buffer = new byte[EncodedBytes];
        var w = new SpanWriter(buffer);
        Header.Write(ref w, MessageType.Mcast, sender.Value);
        w.U32(Ring.Representative.Value);
        w.U64(Ring.Sequence);
        w.U64(Seq);
        w.U32(Origin.Value);
        w.U8(Flags);
        w.U32(MessageNumber);
        w.U16(FragmentIndex);
        w.U16(FragmentCount);
        w.U32((uint)Payload.Length);
        w.Bytes(Payload.Span);
        return buffer;
    }

    public static McastMessage? TryDecode(ref SpanReader r)
    {
        var m = new McastMessage();
        if (!r.TryU32(out uint rep) || !r.TryU64(out ulong ringSeq) || !r.TryU64(out m.Seq)) return null;
        m.Ring = new RingId(new NodeId(rep), ringSeq);
        if (!r.TryU32(out uint origin) || origin == 0 || m.Seq == 0) return null;
        m.Origin = new NodeId(origin);
        if (!r.TryU8(out m.Flags) || m.Flags > 7 || !r.TryU32(out m.MessageNumber)) return null;
        if (!r.TryU16(out m.FragmentIndex) || !r.TryU16(out m.FragmentCount)) return null;
        if (m.FragmentCount == 0 || m.FragmentIndex >= m.FragmentCount) return null;
        if ((m.Flags & PackedFlag) != 0 && m.FragmentCount != 1) return null;
        if (!r.TryU32(out uint length) || length != r.Remaining) return null;
        r.TryBytes((int)length, out var payload);
        m.Payload = payload.ToArray();
        return m;
    }

    /// <summary>Decodes a complete datagram holding one mcast (used for encapsulated messages).</summary>
    public static McastMessage? TryDecodeDatagram(ReadOnlySpan<byte> datagram)
    {
        var r = new SpanReader(datagram);
        if (!Header.TryRead(ref r, out var type, out _) || type != MessageType.Mcast) return null;
        return TryDecode(ref r);
    }
}
