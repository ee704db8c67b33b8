using Concord.Core;

namespace Concord.Totem.Wire;

/// <summary>Sent by a ring's representative to nodes outside the ring: "I am here, merge with us".</summary>
internal static class MergeDetect
{
    public static byte[] Encode(NodeId sender, RingId ring)
    {
        var buffer = new byte[Header.Bytes + 12];
        var w = new SpanWriter(buffer);
        Header.Write(ref w, MessageType.MergeDetect, sender.Value);
        w.U32(ring.Representative.Value);
        w.U64(ring.Sequence);
        return buffer;
    }

    public static RingId? TryDecode(ref SpanReader r)
    {
        if (!r.TryU32(out uint rep) || !r.TryU64(out ulong seq) || r.Remaining != 0) return null;
        return new RingId(new NodeId(rep), seq);
    }
}

/// <summary>A graceful leave: the sender is shutting down and should be dropped without waiting for timeouts.</summary>
internal static class LeaveMessage
{
    public static byte[] Encode(NodeId sender, uint incarnation)
    {
        var buffer = new byte[Header.Bytes + 4];
        var w = new SpanWriter(buffer);
        Header.Write(ref w, MessageType.Leave, sender.Value);
        w.U32(incarnation);
        return buffer;
    }

    public static uint? TryDecode(ref SpanReader r) =>
        r.TryU32(out uint incarnation) && r.Remaining == 0 ? incarnation : null;
}
