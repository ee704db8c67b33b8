namespace Concord.Simulation;

// The nemesis: at random intervals during the fault phase it partitions the network (isolating a
// node, cutting one direction, splitting the cluster, or blocking random directed pairs), crashes a
// node or makes one leave gracefully, or heals everything. Each fault heals or restarts after a
// random duration; when the fault phase ends everything is healed and every down node restarted.
public sealed partial class Simulation
{
    private readonly Dictionary<int, (int From, int To)[]> _partitions = [];
    private int _nextPartitionId;

    private bool HasNemesis => _scenario.Nemesis is { } n && n.PartitionWeight + n.CrashWeight + n.LeaveWeight + n.PauseWeight > 0;

    private void OnNemesis()
    {
        if (!_faultsActive) return;
        var n = _scenario.Nemesis;
        int total = n.PartitionWeight + n.CrashWeight + n.LeaveWeight + n.HealWeight + n.PauseWeight;
        int pick = _nemesisRng.Next(total);
        if ((pick -= n.PartitionWeight) < 0)
        {
            if (_nodes.Length > 1) Partition(); // a cluster of one has no links to cut
        }
        else if ((pick -= n.CrashWeight) < 0) CrashOrLeave(graceful: false);
        else if ((pick -= n.LeaveWeight) < 0) CrashOrLeave(graceful: true);
        else if ((pick -= n.HealWeight) < 0) HealAll();
        else Pause();
        long next = NowMs + 1 + _nemesisRng.Exponential(n.MeanIntervalMs);
        if (next < _scenario.FaultPhaseMs) _queue.Schedule(next, new SimEvent(SimEventKind.Nemesis, -1));
    }

    private void Partition()
    {
        int count = _nodes.Length;
        var pairs = new List<(int, int)>();
        string description;
        int victim = _nemesisRng.Next(count);
        switch (_nemesisRng.Next(5))
        {
            case 0:
                for (int i = 0; i < count; i++)
                {
                    if (i == victim) continue;
                    pairs.Add((victim, i));
                    pairs.Add((i, victim));
                }
                description = $"node {victim + 1} is cut off from the network";
                break;
            case 1:
                bool outgoing = _nemesisRng.Chance(0.5);
                for (int i = 0; i < count; i++)
                {
                    if (i != victim) pairs.Add(outgoing ? (victim, i) : (i, victim));
                }
                description = outgoing ? $"node {victim + 1} can receive but not send" : $"node {victim + 1} can send but not receive";
                break;
            case 2:
                var side = Enumerable.Range(0, count).Select(_ => _nemesisRng.Chance(0.5)).ToArray();
                for (int i = 0; i < count; i++)
                {
                    for (int j = 0; j < count; j++)
                    {
                        if (side[i] != side[j]) pairs.Add((i, j));
                    }
                }
                description = $"network split into ({Side(side, true)}) and ({Side(side, false)})";
                break;
            case 3:
                for (int i = 0; i < count; i++)
                {
                    for (int j = 0; j < count; j++)
                    {
                        if (i != j && _nemesisRng.Chance(0.3)) pairs.Add((i, j));
                    }
                }
                description = $"{pairs.Count} random one-way links down";
                break;
            default:
                int other = (victim + 1 + _nemesisRng.Next(count - 1)) % count;
                if (count > 1) pairs.Add((victim, other));
                description = $"link from node {victim + 1} to node {other + 1} down (one way)";
                break;
        }
        int id = _nextPartitionId++;
        var array = pairs.ToArray();
        _partitions.Add(id, array);
        Block(array, +1);
        long duration = _nemesisRng.Range(200, _scenario.Nemesis.FaultDurationMaxMs);
        _queue.Schedule(NowMs + duration, new SimEvent(SimEventKind.Heal, -1, Generation: id));
        _coverage.Add("sim.Partitions");
        Trace.Fold(NowMs, -1, TraceKind.Partition, (ulong)id, (ulong)array.Length, $"#{id} {description} for {duration} ms");
        _observer?.OnFault(NowMs, description);
    }

    private static string Side(bool[] side, bool which) =>
        string.Join(",", Enumerable.Range(0, side.Length).Where(i => side[i] == which).Select(i => i + 1));

    private void Heal(int id)
    {
        if (!_partitions.Remove(id, out var pairs)) return;
        Block(pairs, -1);
        Trace.Fold(NowMs, -1, TraceKind.Heal, (ulong)id, 0, $"#{id} healed");
        if (_partitions.Count == 0) _observer?.OnFault(NowMs, "network fully healed");
    }

    private void HealAll()
    {
        foreach (int id in _partitions.Keys.Order().ToArray()) Heal(id);
    }

    private void CrashOrLeave(bool graceful)
    {
        var up = _nodes.Where(n => n.IsUp).ToArray();
        if (up.Length == 0) return;
        var node = up[_nemesisRng.Next(up.Length)];
        _observer?.OnFault(NowMs, graceful ? $"node {node.Id} shut down (graceful leave)" : $"node {node.Id} crashed");
        StopProcess(node, graceful);
        node.RestartScheduled = true;
        long downMs = _nemesisRng.Range(100, _scenario.Nemesis.FaultDurationMaxMs);
        _queue.Schedule(NowMs + downMs, new SimEvent(SimEventKind.Restart, node.Index));
        _coverage.Add(graceful ? "sim.Leaves" : "sim.Crashes");
    }

    private void ApplyScripted(ScriptedFault fault)
    {
        var targets = fault.Nodes.Select(n => _nodes[n - 1]).ToArray();
        switch (fault.Kind)
        {
            case ScriptedFaultKind.Crash or ScriptedFaultKind.Leave:
                foreach (var node in targets.Where(n => n.IsUp))
                {
                    bool graceful = fault.Kind == ScriptedFaultKind.Leave;
                    _observer?.OnFault(NowMs, graceful ? $"node {node.Id} shut down (graceful leave)" : $"node {node.Id} crashed");
                    StopProcess(node, graceful);
                    node.RestartScheduled = true;
                }
                break;
            case ScriptedFaultKind.Restart:
                foreach (var node in targets) StartProcess(node);
                break;
            case ScriptedFaultKind.Isolate or ScriptedFaultKind.Split:
                var inside = targets.Select(n => n.Index).ToHashSet();
                var pairs = new List<(int, int)>();
                for (int i = 0; i < _nodes.Length; i++)
                {
                    for (int j = 0; j < _nodes.Length; j++)
                    {
                        if (inside.Contains(i) != inside.Contains(j)) pairs.Add((i, j));
                    }
                }
                int id = _nextPartitionId++;
                _partitions.Add(id, [.. pairs]);
                Block(pairs, +1);
                string list = string.Join(",", fault.Nodes);
                string rest = string.Join(",", Enumerable.Range(1, _nodes.Length).Except(fault.Nodes));
                _observer?.OnFault(NowMs, fault.Kind == ScriptedFaultKind.Isolate
                    ? $"node {list} cut off from the network"
                    : $"network split into ({list}) and ({rest})");
                Trace.Fold(NowMs, -1, TraceKind.Partition, (ulong)id, (ulong)pairs.Count, $"#{id} scripted {fault.Kind} ({list})");
                break;
            case ScriptedFaultKind.HealAll:
                HealAll();
                break;
        }
    }

    /// <summary>A live node's process stalls: no timers, no workload; arriving datagrams wait in a bounded inbox.</summary>
    private void Pause()
    {
        var up = _nodes.Where(n => n.IsUp && !n.IsPaused(NowMs)).ToArray();
        if (up.Length == 0) return;
        var node = up[_nemesisRng.Next(up.Length)];
        long duration = _nemesisRng.Chance(0.5) ? _nemesisRng.Range(50, 500) : _nemesisRng.Range(500, _scenario.Nemesis.FaultDurationMaxMs);
        node.PausedUntilMs = NowMs + duration;
        _queue.Schedule(node.PausedUntilMs, new SimEvent(SimEventKind.Resume, node.Index, Incarnation: node.Incarnation));
        _coverage.Add("sim.Pauses");
        Trace.Fold(NowMs, node.Index, TraceKind.Pause, (ulong)duration, 0, $"process stalls for {duration} ms");
        _observer?.OnFault(NowMs, $"node {node.Id} stalls for {duration} ms");
    }

    /// <summary>The stall ends: the datagrams that waited are handled in arrival order, then overdue timers fire.</summary>
    private void Resume(SimNode node)
    {
        node.PausedUntilMs = 0;
        Trace.Fold(NowMs, node.Index, TraceKind.Resume, (ulong)node.Inbox.Count, 0, $"process resumes with {node.Inbox.Count} datagrams waiting");
        while (node.Inbox.TryDequeue(out var e) && node.Processor is not null) DeliverDatagram(e);
        node.Inbox.Clear();
        foreach (var timer in node.DeferredTimers) _queue.Schedule(NowMs, timer);
        node.DeferredTimers.Clear();
    }

    /// <summary>The fault phase is over: heal the network, stop loss and duplication, restart every down node.</summary>
    private void EndFaults()
    {
        _faultsActive = false;
        _faultsEndedAtMs = NowMs;
        HealAll();
        foreach (var node in _nodes.Where(n => n.PausedUntilMs > 0)) Resume(node);
        Trace.Fold(NowMs, -1, TraceKind.FaultsEnd, 0, 0, "faults stop: network healed, down nodes restart");
        _observer?.OnFault(NowMs, "faults stop; every node that is down restarts");
        foreach (var node in _nodes)
        {
            if (!node.IsUp) StartProcess(node);
        }
    }
}
