using System.Text;
using Concord.Core;
using Concord.Simulation.Checkers;
using Concord.Totem;

namespace Concord.Simulation;

// Wiring of the invariant checkers: deliveries and configuration changes go through every checker
// before the process view is updated; liveness (convergence within the bound, then delivery of
// everything) is checked after each event once the faults have stopped, and at the end.
public sealed partial class Simulation
{
    private const string LivenessInvariant = "liveness (convergence and delivery after faults stop)";
    private const string SelfDeliveryInvariant = "self delivery (a live sender delivers its own messages)";

    private readonly IntegrityChecker _integrity;
    private readonly ConfigurationChecker _configurations;
    private readonly SafeDeliveryChecker _safe;
    private readonly VirtualSynchronyChecker _virtualSynchrony;
    private readonly InvariantChecker[] _checkers;
    private readonly Dictionary<RingId, long> _firstInstallMs = [];
    private long _deliveries;

    /// <summary>The liveness bound has passed with the cluster converged: no membership change may follow.</summary>
    private bool _stable;
    private bool _endScheduled;

    /// <summary>Regular configurations one node may install between the end of faults and the end of the run.</summary>
    public const int RingsAfterFaultsMax = 100;

    private readonly int[] _ringsAfterFaults;

    internal void OnDelivery(SimNode node, TotemDelivery delivery)
    {
        var process = node.Process ?? throw new InvariantViolationException("host", $"node {node.Id} delivered while down");
        var e = _integrity.Identify(process, delivery);
        foreach (var checker in _checkers) checker.OnDelivery(e);
        process.Delivered.Add(e.Id);
        ulong h = e.Id.Hash();
        process.EpochHash += h;
        process.EpochCount++;
        process.EpochMessages.Add(e.Id);
        process.LastDeliveredRing = delivery.OriginRing;
        process.LastDeliveredSeq = delivery.Seq;
        process.LastDeliveredIndex = delivery.Index;
        _deliveries++;
        if (process.TransitionalMembers is not null)
        {
            _coverage.Add("sim.DeliveriesInTransitional");
            if (delivery.Guarantee == DeliveryGuarantee.Safe) _coverage.Add("sim.SafeDeliveriesInTransitional");
        }
        Trace.Fold(NowMs, node.Index, TraceKind.Deliver, h, delivery.Seq, delivery);
        _observer?.OnDelivery(NowMs, node.Id);
    }

    internal void OnConfiguration(SimNode node, TotemConfiguration configuration)
    {
        var process = node.Process ?? throw new InvariantViolationException("host", $"node {node.Id} changed configuration while down");
        foreach (var checker in _checkers) checker.OnConfiguration(process, configuration);
        Trace.Fold(NowMs, node.Index, TraceKind.Configuration, configuration.RingId.Sequence, (ulong)configuration.Members.Count, configuration);
        if (configuration.Kind == ConfigurationKind.Transitional)
        {
            process.TransitionalMembers = configuration.Members;
            process.TransitionalRing = configuration.RingId;
        }
        else
        {
            process.PreviousRing = process.CurrentRing;
            process.CurrentRing = configuration.RingId;
            process.CurrentMembers = configuration.Members;
            process.TransitionalMembers = null;
            process.TransitionalRing = null;
            process.EpochHash = 0;
            process.EpochCount = 0;
            process.EpochMessages.Clear();
            process.InstalledRings.Add(configuration.RingId);
            if (_faultsEndedAtMs is not null && ++_ringsAfterFaults[node.Index] > RingsAfterFaultsMax)
            {
                throw new InvariantViolationException(LivenessInvariant,
                    $"{process} installed {_ringsAfterFaults[node.Index]} rings since the faults stopped at t={_faultsEndedAtMs} ms (now ring {configuration.RingId} " +
                    $"{ConfigurationChecker.Show(configuration.Members)} at t={NowMs} ms): a membership storm");
            }
            _firstInstallMs.TryAdd(configuration.RingId, NowMs);
            if (_stable)
            {
                throw new InvariantViolationException(LivenessInvariant,
                    $"{process} installed ring {configuration.RingId} {ConfigurationChecker.Show(configuration.Members)} at t={NowMs} ms, " +
                    $"after the cluster had converged at t={_convergedAtMs} ms and the liveness bound passed with no faults");
            }
            ResetConvergence();
        }
        _observer?.OnConfiguration(NowMs, node.Id, node.Incarnation, configuration);
    }

    /// <summary>
    /// After the faults stop, until the bound: track whether every node is up, operational and in one
    /// ring of all nodes (a fault-era token loss may still break such a ring, so the convergence
    /// time is the latest entry into that state). At the bound the cluster must be converged; from
    /// then on it must stay so (see <see cref="OnConfiguration"/>).
    /// </summary>
    private void CheckConvergence()
    {
        if (_faultsEndedAtMs is not { } endedAt || _stable) return;
        if (IsConverged(out var ring))
        {
            if (_convergedAtMs is null)
            {
                _convergedAtMs = NowMs;
                Trace.Fold(NowMs, -1, TraceKind.Converged, ring.Sequence, 0, $"all nodes in ring {ring}, {NowMs - endedAt} ms after the faults stopped");
                _observer?.OnConverged(NowMs, ring);
            }
        }
        else
        {
            ResetConvergence();
        }
        if (NowMs - endedAt < _scenario.LivenessBoundMs) return;
        if (_convergedAtMs is null)
        {
            throw new InvariantViolationException(LivenessInvariant,
                $"no single ring of all {_nodes.Length} nodes {_scenario.LivenessBoundMs} ms after the faults stopped (t={endedAt} ms): {DescribeNodes()}");
        }
        _stable = true;
    }

    /// <summary>After the workload stops: once every queue is empty, end the run after a short settle.</summary>
    private void CheckDrained()
    {
        if (_workloadActive || _endScheduled) return;
        foreach (var node in _nodes)
        {
            if (node.Processor is not { SendQueueFragments: 0 }) return;
        }
        _endScheduled = true;
        _queue.Schedule(NowMs + Scenario.SettleMs, new SimEvent(SimEventKind.End, -1));
    }

    private void ResetConvergence()
    {
        _convergedAtMs = null;
        _sentAfterConvergence.Clear();
    }

    private bool IsConverged(out RingId ring)
    {
        ring = default;
        foreach (var node in _nodes)
        {
            if (node.Processor is not { State: TotemState.Operational } p || p.Members.Count != _nodes.Length) return false;
            if (node.Index == 0) ring = p.RingId;
            else if (p.RingId != ring) return false;
        }
        return true;
    }

    private string DescribeNodes()
    {
        var sb = new StringBuilder();
        foreach (var node in _nodes)
        {
            if (sb.Length > 0) sb.Append("; ");
            if (node.Processor is not { } p) sb.Append($"node {node.Id} down");
            else sb.Append($"node {node.Id} {p.State} ring {p.RingId} members {ConfigurationChecker.Show(p.Members)} queued {p.SendQueueFragments}");
        }
        return sb.ToString();
    }

    /// <summary>
    /// End of the run: still one ring, queues drained, every live process delivered all it queued
    /// (invariant 3), and every message queued after convergence reached every live process.
    /// </summary>
    private void CheckEndOfRun()
    {
        if (!_stable) CheckConvergence();
        if (!IsConverged(out _))
            throw new InvariantViolationException(LivenessInvariant, $"the cluster is not in one ring at the end: {DescribeNodes()}");
        foreach (var node in _nodes)
        {
            var p = node.Processor!;
            if (p.SendQueueFragments > 0 || node.Pending is not null)
                throw new InvariantViolationException(LivenessInvariant, $"node {node.Id} still has {p.SendQueueFragments} fragments queued {NowMs - _scenario.WorkloadStopMs} ms after the workload stopped: {DescribeNodes()}");
        }
        foreach (var node in _nodes)
        {
            var process = node.Process!;
            var missing = process.Sent.Where(id => !process.Delivered.Contains(id)).ToList();
            if (missing.Count > 0)
            {
                var first = _sent[missing[0]];
                throw new InvariantViolationException(SelfDeliveryInvariant,
                    $"{process} never delivered {missing.Count} of the {process.Sent.Count} messages it queued, first {first.Id} ({first.Guarantee}, {first.Bytes} bytes, queued at t={first.QueuedAtMs} ms): {string.Join(" ", missing.Take(10))}");
            }
            var notHere = _sentAfterConvergence.Where(id => !process.Delivered.Contains(id)).ToList();
            if (notHere.Count > 0)
            {
                var first = _sent[notHere[0]];
                throw new InvariantViolationException(LivenessInvariant,
                    $"{process} never delivered {notHere.Count} of the {_sentAfterConvergence.Count} messages queued after convergence, first {first.Id} queued at t={first.QueuedAtMs} ms");
            }
        }
    }
}
