using Concord.Core;
using Concord.Simulation.Checkers;
using Concord.Totem;

namespace Concord.Simulation;

/// <summary>
/// One seeded run of a Totem cluster: a single thread, a virtual clock that jumps from event to
/// event, an in-memory network, a nemesis, a workload and the invariant checkers. The concerns live
/// in partial files: .Network, .Nemesis, .Workload, .Checks.
/// </summary>
public sealed partial class Simulation
{
    private readonly Scenario _scenario;
    private readonly SimulationSettings _settings;
    private readonly ISimulationObserver? _observer;
    private readonly EventQueue _queue = new();
    private readonly SimNode[] _nodes;
    private readonly NodeId[] _nodeIds;
    private readonly Prng _networkRng;
    private readonly Prng _nemesisRng;
    private readonly Prng _workloadRng;
    private readonly Coverage _coverage = new();
    private long _events;
    private bool _faultsActive = true;
    private bool _workloadActive = true;
    private long? _faultsEndedAtMs;
    private long? _convergedAtMs;

    /// <param name="script">Faults at fixed times instead of the random nemesis (the demo).</param>
    public Simulation(Scenario scenario, SimulationSettings settings, ISimulationObserver? observer = null, IReadOnlyList<ScriptedFault>? script = null)
    {
        _script = script;
        _scenario = scenario;
        _settings = settings;
        _observer = observer;
        var root = new Prng(scenario.Seed);
        _networkRng = root.Fork();
        _nemesisRng = root.Fork();
        _workloadRng = root.Fork();
        _startRng = root.Fork();
        _nodes = [.. Enumerable.Range(0, scenario.NodeCount).Select(i => new SimNode(this, i))];
        _nodeIds = [.. _nodes.Select(n => n.Id)];
        _blocked = new int[scenario.NodeCount, scenario.NodeCount];
        _ringsAfterFaults = new int[scenario.NodeCount];
        Trace = new TraceRecorder(settings.TraceTailEvents, observer?.WantsTrace == true ? observer.OnTrace : null);
        _integrity = new IntegrityChecker(_sent);
        _configurations = new ConfigurationChecker();
        _safe = new SafeDeliveryChecker(_nodes, _firstInstallMs);
        _virtualSynchrony = new VirtualSynchronyChecker();
        _checkers = [_integrity, new AgreedOrderChecker(), _configurations, _virtualSynchrony, _safe];
    }

    private readonly Prng _startRng;
    private readonly IReadOnlyList<ScriptedFault>? _script;

    private static readonly string[] EventCounterNames = [.. Enum.GetNames<SimEventKind>().Select(n => "sim.Events." + n)];
    private readonly long[] _eventCounts = new long[EventCounterNames.Length];

    internal TraceRecorder Trace { get; }

    internal long NowMs => _queue.NowMs;

    public static SimulationResult Run(ulong seed, SimulationSettings settings, ISimulationObserver? observer = null) =>
        new Simulation(Scenario.FromSeed(seed, settings), settings, observer).Run();

    public SimulationResult Run()
    {
        string? invariant = null;
        string? failure = null;
        try
        {
            ScheduleInitialEvents();
            while (_queue.TryNext(out var e))
            {
                if (++_events > _settings.EventsMax)
                    throw new InvariantViolationException("livelock guard", $"more than {_settings.EventsMax:N0} events by t={NowMs} ms");
                _eventCounts[(int)e.Kind]++;
                Dispatch(e);
                if (e.Kind == SimEventKind.End) break;
                CheckConvergence();
                CheckDrained();
            }
        }
        catch (InvariantViolationException violation)
        {
            invariant = violation.Invariant;
            failure = violation.Message;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            invariant = "processor or simulator threw";
            failure = $"{ex.GetType().Name} at t={NowMs} ms: {ex.Message}{Environment.NewLine}{ex.StackTrace}";
        }
        foreach (var node in _nodes)
        {
            if (node.Processor is { } p) _coverage.AddTotem(p.Counters);
        }
        _coverage.Add("sim.Events", _events);
        for (int i = 0; i < _eventCounts.Length; i++) _coverage.Add(EventCounterNames[i], _eventCounts[i]);
        _coverage.Add("sim.Seeds");
        if (failure is not null) _coverage.Add("sim.FailedSeeds");
        _coverage.Add("sim.RingsInstalled", _configurations.RingsInstalled);
        _coverage.Add("sim.SafeMembersChecked", _safe.MembersChecked);
        _coverage.Add("sim.VirtualSynchronyComparisons", _virtualSynchrony.Comparisons);
        _coverage.Add("sim.SafeMembersSkipped", _safe.MembersSkipped);
        return new SimulationResult(
            _scenario, invariant, failure, failure is null ? [] : Trace.Tail(), Trace.Hash, _events, NowMs,
            _convergedAtMs - _faultsEndedAtMs, _queued, _deliveries, _coverage);
    }

    private void ScheduleInitialEvents()
    {
        foreach (var node in _nodes)
        {
            _queue.Schedule(_startRng.Range(0, 1_000), new SimEvent(SimEventKind.Start, node.Index));
            _queue.Schedule(_startRng.Range(0, 1_000), new SimEvent(SimEventKind.Workload, node.Index));
        }
        for (int i = 0; i < (_script?.Count ?? 0); i++)
            _queue.Schedule(_script![i].AtMs, new SimEvent(SimEventKind.Scripted, -1, Generation: i));
        if (_scenario.FaultPhaseMs > 0 && HasNemesis && _script is null)
            _queue.Schedule(_nemesisRng.Exponential(_scenario.Nemesis.MeanIntervalMs), new SimEvent(SimEventKind.Nemesis, -1));
        _queue.Schedule(_scenario.FaultPhaseMs, new SimEvent(SimEventKind.FaultsEnd, -1));
        _queue.Schedule(_scenario.WorkloadStopMs, new SimEvent(SimEventKind.WorkloadStop, -1));
        _queue.Schedule(_scenario.EndMs, new SimEvent(SimEventKind.End, -1));
    }

    private void Dispatch(in SimEvent e)
    {
        switch (e.Kind)
        {
            case SimEventKind.Start:
                StartProcess(_nodes[e.Node]);
                break;
            case SimEventKind.Datagram:
                DeliverDatagram(e);
                break;
            case SimEventKind.Timer:
                FireTimer(e);
                break;
            case SimEventKind.Workload:
                OnWorkloadTick(_nodes[e.Node]);
                break;
            case SimEventKind.Nemesis:
                OnNemesis();
                break;
            case SimEventKind.Heal:
                Heal((int)e.Generation);
                break;
            case SimEventKind.Restart:
                if (!_nodes[e.Node].IsUp) StartProcess(_nodes[e.Node]);
                break;
            case SimEventKind.Resume:
                if (_nodes[e.Node].Incarnation == e.Incarnation && _nodes[e.Node].PausedUntilMs > 0) Resume(_nodes[e.Node]);
                break;
            case SimEventKind.Scripted:
                ApplyScripted(_script![(int)e.Generation]);
                break;
            case SimEventKind.FaultsEnd:
                EndFaults();
                break;
            case SimEventKind.WorkloadStop:
                // Messages refused with TryAgain were never queued: nothing is owed for them.
                _workloadActive = false;
                foreach (var node in _nodes) node.Pending = null;
                break;
            case SimEventKind.End:
                CheckEndOfRun();
                break;
        }
    }

    internal void ScheduleTimer(SimNode node, TotemTimer timer, long dueAtMs) =>
        _queue.Schedule(dueAtMs, new SimEvent(SimEventKind.Timer, node.Index, Incarnation: node.Incarnation, Timer: timer, Generation: dueAtMs));

    private void FireTimer(in SimEvent e)
    {
        var node = _nodes[e.Node];
        if (node.IsPaused(NowMs) && node.Incarnation == e.Incarnation)
        {
            node.DeferredTimers.Add(e); // overdue: fires right after the resume
            return;
        }
        if (!node.OnTimerEvent(e.Timer, e.Generation, e.Incarnation)) return;
        Trace.Fold(NowMs, node.Index, TraceKind.Timer, (ulong)e.Timer, 0);
        node.Processor!.OnTimer(e.Timer, NowMs);
    }

    /// <summary>Starts the node's first process, or a new incarnation after a crash or a leave.</summary>
    private void StartProcess(SimNode node)
    {
        if (node.IsUp) return;
        bool restart = node.Process is not null || node.NextMessageSeq > 0 || node.RestartScheduled;
        if (restart) node.Incarnation++;
        node.RestartScheduled = false;
        node.NextMessageSeq = 0;
        node.Pending = null;
        var processor = new TotemProcessor(node.Id, _nodeIds, _scenario.Options, node, node.PersistedRingSequence, node.Incarnation);
        node.Processor = processor;
        node.Process = new ProcessView(node, node.Incarnation, NowMs);
        Trace.Fold(NowMs, node.Index, restart ? TraceKind.Restart : TraceKind.Start, node.Incarnation, node.PersistedRingSequence,
            $"incarnation {node.Incarnation}, persisted ring seq {node.PersistedRingSequence:x}");
        if (restart)
        {
            _coverage.Add("sim.Restarts");
            _observer?.OnFault(NowMs, $"node {node.Id} restarted");
        }
        processor.Start(NowMs);
    }

    /// <summary>Ends the node's process: crash (state lost, timers and undelivered datagrams gone) or graceful leave.</summary>
    private void StopProcess(SimNode node, bool graceful)
    {
        var processor = node.Processor!;
        var process = node.Process!;
        if (graceful) processor.Leave(NowMs);
        _coverage.AddTotem(processor.Counters);
        process.Alive = false;
        process.LeftGracefully = graceful;
        node.Processor = null;
        node.CancelAllTimers();
        node.Pending = null;
        node.PausedUntilMs = 0;
        node.Inbox.Clear();
        node.DeferredTimers.Clear();
        Trace.Fold(NowMs, node.Index, graceful ? TraceKind.Leave : TraceKind.Crash, node.Incarnation, 0,
            $"incarnation {node.Incarnation} {(graceful ? "left" : "crashed")} in state {processor.State} ring {processor.RingId}");
    }
}
