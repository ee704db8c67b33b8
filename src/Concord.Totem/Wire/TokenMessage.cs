using Concord.Core;

namespace Concord.Totem.Wire;

/// <summary>The regular (ORF) token of SRP. Mutable: each holder updates it and passes it on.</summary>
internal sealed class TokenMessage
{
    public const byte RetransFlag = 1;
    public const byte InstallFlag = 2;

    public RingId Ring;
    /// <summary>Incremented at every hop; a token with a seq we already saw is a duplicate.</summary>
    public ulong TokenSeq;
    /// <summary>Highest message sequence assigned on this ring.</summary>
    public ulong Seq;
    /// <summary>All-received-up-to: a lower bound of every member's contiguous receipt.</summary>
    public ulong Aru;
    /// <summary>The member that last lowered <see cref="Aru"/>; only it may raise it again.</summary>
    public NodeId AruId;
    /// <summary>Messages sent during the last rotation (flow control).</summary>
    public uint Fcc;
    /// <summary>Messages waiting to be sent, summed over members (flow control fairness).</summary>
    public uint Backlog;
    public byte Flags;
    public List<ulong> Retransmits = [];

    public bool Has(byte flag) => (Flags & flag) != 0;

    public void Set(byte flag, bool on) => Flags = on ? (byte)(Flags | flag) : (byte)(Flags & ~flag);

    public byte[] Encode(NodeId sender)
    {
        var buffer = new byte[Header.Bytes + 12 + 8 + 8 + 8 + 4 + 4 + 4 + 1 + 2 + (8 * Retransmits.Count)];
        var w = new SpanWriter(buffer);
        Header.Write(ref w, MessageType.Token, sender.Value);
        w.U32(Ring.Representative.Value);
        w.U64(Ring.Sequence);
        w.U64(TokenSeq);
        w.U64(Seq);
        w.U64(Aru);
        w.U32(AruId.Value);
        w.U32(Fcc);
        w.U32(Backlog);
        w.U8(Flags);
        w.U16((ushort)Retransmits.Count);
        foreach (ulong seq in Retransmits) w.U64(seq);
        return buffer;
    }

    public static TokenMessage? TryDecode(ref SpanReader r)
    {
        var t = new TokenMessage();
        if (!r.TryU32(out uint rep) || !r.TryU64(out ulong ringSeq)) return null;
        t.Ring = new RingId(new NodeId(rep), ringSeq);
        if (!r.TryU64(out t.TokenSeq) || !r.TryU64(out t.Seq) || !r.TryU64(out t.Aru)) return null;
        if (!r.TryU32(out uint aruId) || !r.TryU32(out t.Fcc) || !r.TryU32(out t.Backlog)) return null;
        t.AruId = new NodeId(aruId);
        if (!r.TryU8(out t.Flags) || !r.TryU16(out ushort count)) return null;
        if (t.Aru > t.Seq || r.Remaining != count * 8) return null;
        for (int i = 0; i < count; i++)
        {
            r.TryU64(out ulong seq);
            if (seq == 0 || seq > t.Seq) return null;
            t.Retransmits.Add(seq);
        }
        return t;
    }
}
