using Concord.Core;

namespace Concord.Services.Tests.Cpg.Simulation;

// The in-memory network: base delay plus jitter (reordering), loss, duplication and rare long delays
// while the faults last, and directed-pair blocking for partitions. A datagram reaching a node that
// is down is dropped; one reaching a restarted node goes to the new process, as UDP would.
internal sealed partial class CpgSimulation
{
    private readonly int[,] _blocked;
    private bool _faultsActive = true;

    internal void SendDatagram(CpgSimNode from, NodeId destination, byte[] datagram)
    {
        int to = (int)destination.Value - 1;
        if (to < 0 || to >= _nodes.Length || to == from.Index)
            throw new Support.CpgViolationException("network", $"node {from.Id} sent a datagram to {destination}");
        if (_faultsActive && (_blocked[from.Index, to] > 0 || _networkRng.Chance(Scenario.LossRate))) return;
        Schedule(NowMs + Delay(), new Ev(Kind.Datagram, to, From: from.Index, Data: datagram));
        if (_faultsActive && _networkRng.Chance(Scenario.DuplicationRate))
            Schedule(NowMs + Delay(), new Ev(Kind.Datagram, to, From: from.Index, Data: datagram));
    }

    private long Delay()
    {
        long delay = 1 + (Scenario.JitterMs > 0 ? _networkRng.Range(0, Scenario.JitterMs) : 0);
        if (_faultsActive && _networkRng.Chance(Scenario.LongDelayRate)) delay += _networkRng.Range(1, Scenario.LongDelayMaxMs);
        return delay;
    }

    private void DeliverDatagram(in Ev e)
    {
        if (_nodes[e.Node].Totem is { } totem) totem.OnDatagram(_nodes[e.From].Id, e.Data, NowMs);
    }
}
