using Concord.Core;

namespace Concord.Totem.Wire;

/// <summary>What each member reports about the ring it comes from, collected by the commit token.</summary>
internal struct CommitEntry
{
    public NodeId Node;
    public RingId OldRing;
    public ulong Aru;
    public ulong HighDelivered;
    public ulong HighSeq;
    public bool Filled;
}

/// <summary>
/// The commit token: formed by the representative once the members agree, it circulates twice —
/// the first pass collects every member's old-ring state, the second moves everyone to recovery.
/// </summary>
internal sealed class CommitToken
{
    public RingId Ring;
    public byte Pass;
    public ushort Index;
    public CommitEntry[] Entries = [];

    public NodeId[] Members => [.. Entries.Select(e => e.Node)];

    public byte[] Encode(NodeId sender)
    {
        var buffer = new byte[Header.Bytes + 12 + 1 + 2 + 2 + (Entries.Length * (4 + 12 + 8 + 8 + 8 + 1))];
        var w = new SpanWriter(buffer);
        Header.Write(ref w, MessageType.Commit, sender.Value);
        w.U32(Ring.Representative.Value);
        w.U64(Ring.Sequence);
        w.U8(Pass);
        w.U16(Index);
        w.U16((ushort)Entries.Length);
        foreach (var e in Entries)
        {
            w.U32(e.Node.Value);
            w.U32(e.OldRing.Representative.Value);
            w.U64(e.OldRing.Sequence);
            w.U64(e.Aru);
            w.U64(e.HighDelivered);
            w.U64(e.HighSeq);
            w.U8(e.Filled ? (byte)1 : (byte)0);
        }
        return buffer;
    }

    public static CommitToken? TryDecode(ref SpanReader r)
    {
        var c = new CommitToken();
        if (!r.TryU32(out uint rep) || !r.TryU64(out ulong seq) || !r.TryU8(out c.Pass)) return null;
        c.Ring = new RingId(new NodeId(rep), seq);
        if (!r.TryU16(out c.Index) || !r.TryU16(out ushort count)) return null;
        if (count == 0 || count > 1024 || c.Pass is < 1 or > 2 || c.Index > count) return null;
        if (r.Remaining != count * 41) return null;
        c.Entries = new CommitEntry[count];
        for (int i = 0; i < count; i++)
        {
            ref var e = ref c.Entries[i];
            r.TryU32(out uint node);
            r.TryU32(out uint oldRep);
            r.TryU64(out ulong oldSeq);
            r.TryU64(out e.Aru);
            r.TryU64(out e.HighDelivered);
            r.TryU64(out e.HighSeq);
            r.TryU8(out byte filled);
            if (node == 0 || (i > 0 && node <= c.Entries[i - 1].Node.Value)) return null;
            e.Node = new NodeId(node);
            e.OldRing = new RingId(new NodeId(oldRep), oldSeq);
            e.Filled = filled != 0;
        }
        if (c.Entries[0].Node != c.Ring.Representative) return null;
        return c;
    }
}
