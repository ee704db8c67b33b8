using Concord.Core;
using Concord.Services.Cpg;
using Concord.Services.Tests.Cpg.Support;
using Concord.Totem;

namespace Concord.Services.Tests.Cpg.Simulation;

/// <summary>A simulated client process: its id, the groups it asked to be in, and a message Totem pushed back.</summary>
internal sealed class SimClient(ClientId id)
{
    public ClientId Id { get; } = id;
    public HashSet<string> Intended { get; } = new(StringComparer.Ordinal);
    public ulong NextSeq { get; set; }
    public (string Group, TestMessageId Id, byte[] Payload)? Pending { get; set; }
}

/// <summary>
/// One simulated machine: a real <see cref="TotemProcessor"/> with a <see cref="CpgEngine"/> on top,
/// wired as the daemon wires them (CPG broadcasts go to Totem with agreed delivery; Totem deliveries
/// and configuration changes go to the engine). Survives crashes (id, persisted ring sequence,
/// incarnation); the processor, the engine and the clients are replaced at every restart.
/// </summary>
internal sealed class CpgSimNode : ITotemHost, ICpgHost
{
    private static readonly int TimerKinds = Enum.GetValues<TotemTimer>().Length;
    private readonly CpgSimulation _sim;
    private readonly long[] _due = [.. Enumerable.Repeat(-1L, TimerKinds)];
    private readonly long[] _scheduledAt = [.. Enumerable.Repeat(-1L, TimerKinds)];
    private readonly Queue<(TotemDelivery? Delivery, TotemConfiguration? Configuration)> _pendingTotem = new();
    private int _engineDepth;
    /// <summary>Set between a transitional configuration and the regular one: deliveries then are in the transitional configuration.</summary>
    private ulong _transitional;
    /// <summary>Totem's delivery position (ring, seq, index), which only grows within a ring.</summary>
    private (RingId Ring, ulong Seq, int Index)? _lastDelivered;

    public CpgSimNode(CpgSimulation sim, int index)
    {
        _sim = sim;
        Index = index;
        Id = new NodeId((uint)index + 1);
    }

    public int Index { get; }
    public NodeId Id { get; }
    public uint Incarnation { get; set; }
    public ulong PersistedRingSequence { get; private set; }
    public TotemProcessor? Totem { get; set; }
    public CpgEngine? Engine { get; set; }
    public List<SimClient> Clients { get; } = [];
    public bool IsUp => Totem is not null;

    /// <summary>Lazy timers (as the Totem simulator's): returns whether the timer fires now.</summary>
    public bool OnTimerEvent(TotemTimer timer, long eventTimeMs, uint incarnation)
    {
        int k = (int)timer;
        if (incarnation != Incarnation || !IsUp || _scheduledAt[k] != eventTimeMs) return false;
        _scheduledAt[k] = -1;
        long due = _due[k];
        if (due < 0) return false;
        if (due > eventTimeMs)
        {
            _scheduledAt[k] = due;
            _sim.ScheduleTimer(this, timer, due);
            return false;
        }
        _due[k] = -1;
        return true;
    }

    public void CancelAllTimers()
    {
        Array.Fill(_due, -1L);
        Array.Fill(_scheduledAt, -1L);
        _pendingTotem.Clear();
        _transitional = 0;
        _lastDelivered = null;
    }

    /// <summary>
    /// Runs an engine call. Totem may deliver inside our broadcast (a lone ring does): such
    /// callbacks wait until the engine call returns, so each event is attributed to its own cause.
    /// </summary>
    public T InEngine<T>(Func<CpgEngine, T> call)
    {
        _engineDepth++;
        T result;
        try
        {
            result = call(Engine!);
        }
        finally
        {
            _engineDepth--;
        }
        DrainTotem();
        return result;
    }

    private void DrainTotem()
    {
        while (_engineDepth == 0 && Engine is not null && _pendingTotem.TryDequeue(out var item))
        {
            if (item.Delivery is { } d) ToEngine(d);
            else ToEngine(item.Configuration!);
        }
    }

    private void ToEngine(TotemDelivery delivery)
    {
        _sim.Checker.Cause = new Cause(delivery.OriginRing, delivery.Seq, delivery.Index, _transitional);
        long corrections = Engine!.Counters.SyncCorrections;
        string before = _sim.Verbose is null ? "" : string.Join("; ", Engine.Groups().Select(g => $"{g.Name}=[{string.Join(' ', g.Members)}]"));
        InEngine(e =>
        {
            e.OnDelivery(delivery.Sender, delivery.Payload.Span);
            return 0;
        });
        if (Engine is not null && Engine.Counters.SyncCorrections != corrections && _sim.Verbose is not null)
        {
            _sim.Trace($"n{Id} CORRECTED its view on the sync list of n{delivery.Sender} ({_sim.Checker.Cause}); before: {before}; after: {string.Join("; ", Engine.Groups().Select(g => $"{g.Name}=[{string.Join(' ', g.Members)}]"))}");
        }
    }

    private void ToEngine(TotemConfiguration configuration)
    {
        _transitional = configuration.Kind == ConfigurationKind.Transitional
            ? configuration.Members.Aggregate(Fnv1a.Mix(Fnv1a.Offset, configuration.RingId.Sequence), (h, m) => Fnv1a.Mix(h, m.Value))
            : 0;
        _sim.Checker.Cause = new Cause(configuration.RingId, 0);
        _sim.OnConfiguration(this, configuration);
        InEngine(e =>
        {
            e.OnConfiguration(configuration);
            return 0;
        });
    }

    void ITotemHost.Send(NodeId destination, byte[] datagram) => _sim.SendDatagram(this, destination, datagram);

    void ITotemHost.ArmTimer(TotemTimer timer, long dueAtMs)
    {
        int k = (int)timer;
        dueAtMs = Math.Max(dueAtMs, _sim.NowMs);
        _due[k] = dueAtMs;
        if (_scheduledAt[k] >= 0 && _scheduledAt[k] <= dueAtMs) return;
        _scheduledAt[k] = dueAtMs;
        _sim.ScheduleTimer(this, timer, dueAtMs);
    }

    void ITotemHost.CancelTimer(TotemTimer timer) => _due[(int)timer] = -1;

    void ITotemHost.Deliver(TotemDelivery delivery)
    {
        _sim.Counters.TotemDeliveries++;
        if (_lastDelivered is { } last && last.Ring == delivery.OriginRing && (delivery.Seq, delivery.Index).CompareTo((last.Seq, last.Index)) <= 0)
            throw new CpgViolationException("totem order", $"n{Id} delivered {delivery.OriginRing}#{delivery.Seq}.{delivery.Index} after #{last.Seq}.{last.Index}");
        _lastDelivered = (delivery.OriginRing, delivery.Seq, delivery.Index);
        if (_sim.Verbose is not null) _sim.Trace($"n{Id} totem delivers {delivery.OriginRing}#{delivery.Seq}.{delivery.Index} from n{delivery.Sender} ({delivery.Payload.Length} bytes, type {(delivery.Payload.Length > 2 ? delivery.Payload.Span[2] : 0)}){(_engineDepth > 0 ? " inside an engine call" : "")}");
        if (_engineDepth > 0) _pendingTotem.Enqueue((delivery, null));
        else ToEngine(delivery);
    }

    void ITotemHost.ConfigurationChanged(TotemConfiguration configuration)
    {
        if (_engineDepth > 0) _pendingTotem.Enqueue((null, configuration));
        else ToEngine(configuration);
    }

    void ITotemHost.PersistRingSequence(ulong ringSequence) => PersistedRingSequence = ringSequence;

    SendResult ICpgHost.Broadcast(ReadOnlyMemory<byte> message) => Totem!.Send(message, DeliveryGuarantee.Agreed, _sim.NowMs);

    void ICpgHost.Deliver(ClientId to, CpgEvent ev)
    {
        if (_sim.Verbose is not null && ev is not CpgMessageEvent) _sim.Trace($"n{Id} -> {to}: {ev} ({_sim.Checker.Cause})");
        _sim.Checker.OnEvent(to, ev);
    }
}
