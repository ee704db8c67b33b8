using Concord.Core;

namespace Concord.Simulation.Checkers;

/// <summary>
/// Invariant 1: members that deliver two messages in the same configuration deliver them in the same
/// order. Checked in a stronger, incremental form: every message is delivered in a configuration of
/// the ring that ordered it (the regular configuration of that ring or the transitional one that
/// ends it); each ring position (ring, seq, index — several small messages may share a datagram)
/// names one message for everybody; and each process delivers a ring's messages in increasing position. Same positions and increasing order imply the
/// same relative order for any two messages two processes both deliver.
/// </summary>
internal sealed class AgreedOrderChecker : InvariantChecker
{
    private readonly Dictionary<(RingId Ring, ulong Seq, int Index), MessageId> _positions = [];

    public override string Name => "agreed order (same order within a configuration)";

    public override void OnDelivery(in DeliveryEvent e)
    {
        var p = e.Process;
        var d = e.Delivery;
        if (p.CurrentRing is null) Fail($"{p} delivered {e.Id} before installing any configuration");
        var ring = p.CurrentRing.Value;
        if (d.OriginRing != ring)
        {
            string config = p.TransitionalMembers is null ? $"regular configuration {ring}" : $"transitional configuration ending {ring}";
            Fail($"{p} delivered {e.Id} ordered in ring {d.OriginRing} while in its {config}");
        }
        if (p.LastDeliveredRing == d.OriginRing && (d.Seq, d.Index).CompareTo((p.LastDeliveredSeq, p.LastDeliveredIndex)) <= 0)
            Fail($"{p} delivered {e.Id} at ring {d.OriginRing} seq {d.Seq}.{d.Index} after seq {p.LastDeliveredSeq}.{p.LastDeliveredIndex}: out of order");
        if (_positions.TryGetValue((d.OriginRing, d.Seq, d.Index), out var other))
        {
            if (other != e.Id)
                Fail($"ring {d.OriginRing} seq {d.Seq}.{d.Index} is message {other} for one process but {e.Id} for {p}");
        }
        else
        {
            _positions.Add((d.OriginRing, d.Seq, d.Index), e.Id);
        }
    }
}
