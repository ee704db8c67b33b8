using Concord.Services.Tests.Cpg.Support;
using Concord.Totem;

namespace Concord.Services.Tests.Cpg.Simulation;

// Liveness and the end state. After the faults stop, within the liveness bound, every node must be
// in one Totem ring of all nodes with every engine synced on it, and stay so. After the workload
// stops, once every queue (Totem's and the engines') is empty, the run settles and ends; then every
// engine must list the same groups, every live client's view (from its events) must equal them,
// each must be a member exactly of the groups it joined and did not leave, and it must have
// received every message it sent.
internal sealed partial class CpgSimulation
{
    private long? _faultsEndedAtMs;
    private long? _convergedAtMs;
    private bool _stable;
    private bool _endScheduled;

    private void ResetConvergence()
    {
        if (_stable) throw new CpgViolationException("liveness", $"a new ring after the cluster had converged at t={_convergedAtMs} ms with no faults");
        _convergedAtMs = null;
    }

    private void CheckProgress()
    {
        if (_faultsEndedAtMs is { } ended && !_stable)
        {
            if (!IsConverged()) _convergedAtMs = null;
            else _convergedAtMs ??= NowMs;
            if (NowMs - ended >= Scenario.LivenessBoundMs)
            {
                if (_convergedAtMs is null)
                    throw new CpgViolationException("liveness", $"not converged {Scenario.LivenessBoundMs} ms after the faults stopped: {DescribeNodes()}");
                _stable = true;
            }
        }
        if (_workloadActive || _endScheduled || !IsConverged()) return;
        foreach (var node in _nodes)
        {
            if (node.Totem!.SendQueueFragments > 0 || node.Engine!.PendingBroadcasts > 0) return;
        }
        _endScheduled = true;
        Schedule(NowMs + CpgSimScenario.SettleMs, new Ev(Kind.End, -1));
    }

    private bool IsConverged()
    {
        var ring = _nodes[0].Totem?.RingId;
        foreach (var node in _nodes)
        {
            if (node.Totem is not { State: TotemState.Operational } totem || totem.Members.Count != _nodes.Length || totem.RingId != ring) return false;
            if (node.Engine!.IsSyncing || node.Engine.Ring != ring) return false;
        }
        return true;
    }

    private string DescribeNodes() => string.Join("; ", _nodes.Select(n => n.Totem is not { } t
        ? $"n{n.Id} down"
        : $"n{n.Id} {t.State} ring {t.RingId} [{string.Join(',', t.Members)}] queued {t.SendQueueFragments}, cpg ring {n.Engine!.Ring} syncing={n.Engine.IsSyncing} pending={n.Engine.PendingBroadcasts}"));

    private void CheckEnd()
    {
        if (!IsConverged()) throw new CpgViolationException("liveness", $"not converged at the end: {DescribeNodes()}");
        foreach (var node in _nodes)
        {
            if (node.Totem!.SendQueueFragments > 0 || node.Engine!.PendingBroadcasts > 0)
                throw new CpgViolationException("liveness", $"queues not drained {NowMs - Scenario.WorkloadStopMs} ms after the workload stopped: {DescribeNodes()}");
        }
        var reference = _nodes[0].Engine!;
        string Show(Concord.Services.Cpg.CpgEngine e) => string.Join("; ", e.Groups().Select(g => $"{g.Name}=[{string.Join(' ', g.Members)}]"));
        foreach (var node in _nodes)
        {
            var groups = node.Engine!.Groups();
            var expected = reference.Groups();
            bool same = groups.Count == expected.Count && groups.Zip(expected).All(p => p.First.Name == p.Second.Name && p.First.Members.SequenceEqual(p.Second.Members));
            if (!same) throw new CpgViolationException("groups agree", $"n{node.Id}: {Show(node.Engine)} but n{_nodes[0].Id}: {Show(reference)}");
            if (node.Engine.Counters.SyncCorrections > 0)
                throw new CpgViolationException("groups agree", $"n{node.Id} had to correct its view from a sync list {node.Engine.Counters.SyncCorrections} times");
        }
        foreach (var node in _nodes)
        {
            foreach (var client in node.Clients)
            {
                Checker.CheckSelfDelivery(client.Id);
                foreach (var group in GroupNames)
                {
                    var agreed = reference.Members(group);
                    bool member = agreed.Contains(client.Id.Address);
                    if (member != client.Intended.Contains(group))
                        throw new CpgViolationException("groups agree", $"{client.Id} {(member ? "is" : "is not")} a member of {group} at the end, but it {(client.Intended.Contains(group) ? "joined" : "left")} it");
                    var view = Checker.ViewOf(client.Id, group);
                    if ((view is not null) != member || (view is not null && !view.SequenceEqual(agreed)))
                        throw new CpgViolationException("groups agree", $"{client.Id}'s view of {group} from its events [{(view is null ? "not a member" : string.Join(' ', view))}] differs from the agreed [{string.Join(' ', agreed)}]");
                }
            }
        }
    }
}
