using Concord.Simulation;
using Concord.Core;
using Concord.Services.Cpg;
using Concord.Services.Tests.Cpg.Support;
using Concord.Totem;

namespace Concord.Services.Tests.Cpg.Simulation;

/// <summary>Counters of one run (and, summed, of a sweep) — which rare paths the seeds took.</summary>
internal sealed class CpgSimCounters
{
    public long Events;
    public long TotemDeliveries;
    public long Crashes;
    public long Partitions;
    public long SendsOk;
    public long SendsTryAgain;
    public long SendsTooLarge;
    public long Joins;
    public long Leaves;
    public long ClientDeaths;
    public long RegularConfigurations;
    public long ClientEventsChecked;
    public long VirtualSynchronyComparisons;
    public CpgCounters Cpg { get; } = new();

    public void Add(CpgCounters c)
    {
        foreach (var field in typeof(CpgCounters).GetFields()) field.SetValue(Cpg, (long)field.GetValue(Cpg)! + (long)field.GetValue(c)!);
    }

    public void Add(CpgSimCounters other)
    {
        foreach (var field in typeof(CpgSimCounters).GetFields()) field.SetValue(this, (long)field.GetValue(this)! + (long)field.GetValue(other)!);
        Add(other.Cpg);
    }

    public override string ToString() =>
        string.Join(", ", typeof(CpgSimCounters).GetFields().Select(f => $"{f.Name}={f.GetValue(this)}")
            .Concat(typeof(CpgCounters).GetFields().Select(f => $"cpg.{f.Name}={f.GetValue(Cpg)}")));
}

internal sealed record CpgSimResult(CpgSimScenario Scenario, string? Failure, IReadOnlyList<string> TraceTail, CpgSimCounters Counters, long SimulatedMs)
{
    public bool Passed => Failure is null;
}

/// <summary>
/// One seeded run of CPG over real Totem processors: a virtual clock, an in-memory network with
/// loss, duplication, reordering and long delays, a nemesis that partitions the network and crashes
/// and restarts nodes, and client processes that join, leave, send and die. Every client event goes
/// through <see cref="CpgHistoryChecker"/>; once the faults stop the cluster must converge (one ring,
/// every engine synced), drain, and agree on every group. Partial files: .Network, .Nemesis, .Workload, .Checks.
/// </summary>
internal sealed partial class CpgSimulation
{
    private enum Kind : byte
    {
        Start,
        Datagram,
        Timer,
        Workload,
        Nemesis,
        Heal,
        Restart,
        FaultsEnd,
        WorkloadStop,
        End,
    }

    private readonly record struct Ev(Kind Kind, int Node, int From = -1, uint Incarnation = 0, TotemTimer Timer = default, long Generation = 0, byte[]? Data = null);

    private readonly PriorityQueue<Ev, (long, long)> _queue = new();
    private long _sequence;
    private readonly CpgSimNode[] _nodes;
    private readonly NodeId[] _nodeIds;
    private readonly Prng _networkRng;
    private readonly Prng _nemesisRng;
    private readonly Prng _workloadRng;
    private readonly Prng _startRng;
    private readonly Queue<string> _trace = new();
    private const int TraceTailMax = 40;

    public CpgSimulation(CpgSimScenario scenario)
    {
        Scenario = scenario;
        var root = new Prng(scenario.Seed);
        _networkRng = root.Fork();
        _nemesisRng = root.Fork();
        _workloadRng = root.Fork();
        _startRng = root.Fork();
        _nodes = [.. Enumerable.Range(0, scenario.NodeCount).Select(i => new CpgSimNode(this, i))];
        _nodeIds = [.. _nodes.Select(n => n.Id)];
        _blocked = new int[scenario.NodeCount, scenario.NodeCount];
    }

    public CpgSimScenario Scenario { get; }

    public CpgHistoryChecker Checker { get; } = new();

    public CpgSimCounters Counters { get; } = new();

    public long NowMs { get; private set; }

    public static CpgSimResult Run(ulong seed, long faultPhaseMs = 15_000) => new CpgSimulation(CpgSimScenario.FromSeed(seed, faultPhaseMs)).Run();

    public CpgSimResult Run()
    {
        string? failure = null;
        try
        {
            foreach (var node in _nodes)
            {
                Schedule(_startRng.Range(0, 500), new Ev(Kind.Start, node.Index));
                Schedule(_startRng.Range(0, 500), new Ev(Kind.Workload, node.Index));
            }
            Schedule(_nemesisRng.Exponential(Scenario.NemesisMeanMs), new Ev(Kind.Nemesis, -1));
            Schedule(Scenario.FaultPhaseMs, new Ev(Kind.FaultsEnd, -1));
            Schedule(Scenario.WorkloadStopMs, new Ev(Kind.WorkloadStop, -1));
            Schedule(Scenario.EndMs, new Ev(Kind.End, -1));
            while (_queue.TryDequeue(out var e, out var key))
            {
                NowMs = key.Item1;
                if (++Counters.Events > 20_000_000) throw new CpgViolationException("livelock guard", $"more than 20,000,000 events by t={NowMs} ms");
                Dispatch(e);
                if (e.Kind == Kind.End) break;
                CheckProgress();
            }
        }
        catch (CpgViolationException ex)
        {
            failure = $"{ex.Message} (t={NowMs} ms)";
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            failure = $"engine or simulator threw {ex.GetType().Name} at t={NowMs} ms: {ex.Message}{Environment.NewLine}{ex.StackTrace}";
        }
        foreach (var node in _nodes)
        {
            if (node.Engine is { } engine) Counters.Add(engine.Counters);
        }
        Counters.ClientEventsChecked = Checker.MembershipEvents + Checker.Messages;
        Counters.VirtualSynchronyComparisons = Checker.EpochComparisons + Checker.TransitionComparisons;
        return new CpgSimResult(Scenario, failure, [.. _trace], Counters, NowMs);
    }

    /// <summary>When set, every traced line and every client event goes here too (replaying a seed).</summary>
    public Action<string>? Verbose { get; init; }

    internal void Trace(string line)
    {
        Verbose?.Invoke($"t={NowMs,7} {line}");
        _trace.Enqueue($"t={NowMs,7} {line}");
        if (_trace.Count > TraceTailMax) _trace.Dequeue();
    }

    private void Schedule(long atMs, Ev e) => _queue.Enqueue(e, (Math.Max(atMs, NowMs), _sequence++));

    internal void ScheduleTimer(CpgSimNode node, TotemTimer timer, long dueAtMs) =>
        Schedule(dueAtMs, new Ev(Kind.Timer, node.Index, Incarnation: node.Incarnation, Timer: timer, Generation: dueAtMs));

    private void Dispatch(in Ev e)
    {
        switch (e.Kind)
        {
            case Kind.Start:
                StartNode(_nodes[e.Node]);
                break;
            case Kind.Datagram:
                DeliverDatagram(e);
                break;
            case Kind.Timer:
                var node = _nodes[e.Node];
                if (node.OnTimerEvent(e.Timer, e.Generation, e.Incarnation)) node.Totem!.OnTimer(e.Timer, NowMs);
                break;
            case Kind.Workload:
                OnWorkloadTick(_nodes[e.Node]);
                break;
            case Kind.Nemesis:
                OnNemesis();
                break;
            case Kind.Heal:
                Heal((int)e.Generation);
                break;
            case Kind.Restart:
                if (!_nodes[e.Node].IsUp) StartNode(_nodes[e.Node]);
                break;
            case Kind.FaultsEnd:
                EndFaults();
                break;
            case Kind.WorkloadStop:
                StopWorkload();
                break;
            case Kind.End:
                CheckEnd();
                break;
        }
    }

    private void StartNode(CpgSimNode node)
    {
        if (node.IsUp) return;
        if (node.Engine is not null || node.PersistedRingSequence > 0) node.Incarnation++;
        node.Totem = new TotemProcessor(node.Id, _nodeIds, Scenario.Totem, node, node.PersistedRingSequence, node.Incarnation);
        node.Engine = new CpgEngine(node.Id, node, Scenario.Cpg);
        Trace($"n{node.Id} starts (incarnation {node.Incarnation})");
        node.Totem.Start(NowMs);
    }

    /// <summary>The node's process dies: Totem, CPG and every client with it.</summary>
    private void CrashNode(CpgSimNode node)
    {
        Counters.Crashes++;
        Counters.Add(node.Engine!.Counters);
        foreach (var client in node.Clients) Checker.OnGone(client.Id);
        node.Clients.Clear();
        node.Totem = null;
        node.Engine = null;
        node.CancelAllTimers();
        Trace($"n{node.Id} crashes");
    }

    internal void OnConfiguration(CpgSimNode node, TotemConfiguration configuration)
    {
        if (configuration.Kind != ConfigurationKind.Regular)
        {
            if (Verbose is not null) Trace($"n{node.Id} transitional {configuration.RingId} [{string.Join(',', configuration.Members)}]");
            return;
        }
        Counters.RegularConfigurations++;
        Trace($"n{node.Id} ring {configuration.RingId} [{string.Join(',', configuration.Members)}]");
        ResetConvergence();
    }
}
