using Concord.Core;

namespace Concord.Totem.Wire;

/// <summary>Membership proposal while gathering: the nodes I can reach and the ones I consider failed.</summary>
internal sealed class JoinMessage
{
    public uint Incarnation;
    /// <summary>Highest ring sequence the sender has seen (new rings are numbered above it).</summary>
    public ulong RingSeq;
    public NodeId[] Proc = [];
    public NodeId[] Fail = [];

    public byte[] Encode(NodeId sender)
    {
        var buffer = new byte[Header.Bytes + 4 + 8 + 2 + (4 * Proc.Length) + 2 + (4 * Fail.Length)];
        var w = new SpanWriter(buffer);
        Header.Write(ref w, MessageType.Join, sender.Value);
        w.U32(Incarnation);
        w.U64(RingSeq);
        WriteSet(ref w, Proc);
        WriteSet(ref w, Fail);
        return buffer;
    }

    public static JoinMessage? TryDecode(ref SpanReader r)
    {
        var j = new JoinMessage();
        if (!r.TryU32(out j.Incarnation) || !r.TryU64(out j.RingSeq)) return null;
        var proc = ReadSet(ref r);
        var fail = proc is null ? null : ReadSet(ref r);
        if (proc is null || fail is null || r.Remaining != 0) return null;
        j.Proc = proc;
        j.Fail = fail;
        return j;
    }

    internal static void WriteSet(ref SpanWriter w, NodeId[] set)
    {
        w.U16((ushort)set.Length);
        foreach (var node in set) w.U32(node.Value);
    }

    /// <summary>Reads a node set, which must be strictly ascending (canonical) and free of 0.</summary>
    internal static NodeId[]? ReadSet(ref SpanReader r)
    {
        if (!r.TryU16(out ushort count) || count > 1024 || r.Remaining < count * 4) return null;
        var set = new NodeId[count];
        for (int i = 0; i < count; i++)
        {
            r.TryU32(out uint id);
            if (id == 0 || (i > 0 && id <= set[i - 1].Value)) return null;
            set[i] = new NodeId(id);
        }
        return set;
    }
}
