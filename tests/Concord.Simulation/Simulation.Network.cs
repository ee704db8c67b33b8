using Concord.Core;

namespace Concord.Simulation;

// The in-memory network: per-datagram delay (base + jitter, hence reordering), loss, duplication,
// rare long delays, and directed-pair blocking for partitions. Faults apply while the fault phase
// lasts; afterwards only the base delay and jitter remain. A datagram reaching a node that is down
// is dropped; one reaching a restarted node goes to the new process, as UDP would.
public sealed partial class Simulation
{
    private readonly int[,] _blocked;
    private byte[]? _lastHashed;
    private ulong _lastHash;
    private long _datagramsSent;

    internal void SendDatagram(SimNode from, NodeId destination, byte[] datagram)
    {
        int to = (int)destination.Value - 1;
        if (to < 0 || to >= _nodes.Length || to == from.Index)
            throw new Checkers.InvariantViolationException("network", $"node {from.Id} sent a datagram to {destination}, which is not another configured node");
        if (!ReferenceEquals(datagram, _lastHashed))
        {
            _lastHashed = datagram;
            _lastHash = WordHash(datagram);
        }
        ulong hash = _lastHash;
        _datagramsSent++;
        var net = _scenario.Network;
        if (_faultsActive && (_blocked[from.Index, to] > 0 || _networkRng.Chance(net.LossRate)))
        {
            _coverage.Add(_blocked[from.Index, to] > 0 ? "sim.DatagramsBlocked" : "sim.DatagramsLost");
            Trace.Fold(NowMs, from.Index, TraceKind.Drop, (ulong)to, hash, datagram);
            return;
        }
        Trace.Fold(NowMs, from.Index, TraceKind.Send, (ulong)to, hash, datagram);
        _queue.Schedule(NowMs + Delay(), new SimEvent(SimEventKind.Datagram, to, From: from.Index, Data: datagram, DataHash: hash));
        if (_faultsActive && _networkRng.Chance(net.DuplicationRate))
        {
            _coverage.Add("sim.DatagramsDuplicated");
            Trace.Fold(NowMs, from.Index, TraceKind.Duplicate, (ulong)to, hash, datagram);
            _queue.Schedule(NowMs + Delay(), new SimEvent(SimEventKind.Datagram, to, From: from.Index, Data: datagram, DataHash: hash));
        }
    }

    /// <summary>FNV-style hash folding 8 bytes per step: stable everywhere and several times faster than bytewise.</summary>
    internal static ulong WordHash(ReadOnlySpan<byte> data)
    {
        ulong h = Fnv1a.Offset ^ (ulong)data.Length;
        int i = 0;
        for (; i + 8 <= data.Length; i += 8)
            h = (h ^ System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(data[i..])) * 1099511628211UL;
        for (; i < data.Length; i++) h = (h ^ data[i]) * 1099511628211UL;
        return h ^ (h >> 29);
    }

    private long Delay()
    {
        var net = _scenario.Network;
        long delay = net.BaseDelayMs + (net.JitterMs > 0 ? _networkRng.Range(0, net.JitterMs) : 0);
        if (_faultsActive && _networkRng.Chance(net.LongDelayRate))
        {
            _coverage.Add("sim.DatagramsLongDelayed");
            delay += _networkRng.Range(1, net.LongDelayMaxMs);
        }
        return delay;
    }

    private void DeliverDatagram(in SimEvent e)
    {
        var node = _nodes[e.Node];
        if (node.Processor is not { } processor)
        {
            Trace.Fold(NowMs, node.Index, TraceKind.ReceiveDown, (ulong)e.From, e.DataHash, e.Data);
            return;
        }
        if (node.IsPaused(NowMs))
        {
            if (node.Inbox.Count < SimNode.InboxDatagramsMax) node.Inbox.Enqueue(e);
            else _coverage.Add("sim.DatagramsInboxOverflow");
            return;
        }
        Trace.Fold(NowMs, node.Index, TraceKind.Receive, (ulong)e.From, e.DataHash, e.Data);
        processor.OnDatagram(_nodes[e.From].Id, e.Data, NowMs);
    }

    private void Block(IEnumerable<(int From, int To)> pairs, int delta)
    {
        foreach (var (from, to) in pairs) _blocked[from, to] += delta;
    }
}
