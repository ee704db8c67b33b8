using Concord.Core;
using Concord.Totem;

namespace Concord.Simulation;

/// <summary>
/// One simulated machine: it survives crashes (its id, its persisted ring sequence, its incarnation
/// counter), while the <see cref="TotemProcessor"/> on it is replaced at every restart. It is the
/// processor's <see cref="ITotemHost"/>, forwarding everything to the simulation.
/// </summary>
internal sealed class SimNode(Simulation sim, int index) : ITotemHost
{
    private static readonly int TimerKinds = Enum.GetValues<TotemTimer>().Length;

    /// <summary>Per timer kind: the armed deadline, or -1 when not armed.</summary>
    private readonly long[] _due = [.. Enumerable.Repeat(-1L, TimerKinds)];

    /// <summary>Per timer kind: the time of the one queued event that stands for it, or -1.</summary>
    private readonly long[] _scheduledAt = [.. Enumerable.Repeat(-1L, TimerKinds)];

    public int Index { get; } = index;

    public NodeId Id { get; } = new((uint)index + 1);

    /// <summary>Incremented at every restart; 0 for the first process.</summary>
    public uint Incarnation { get; set; }

    public TotemProcessor? Processor { get; set; }

    /// <summary>The running process's checker state; null while the node is down.</summary>
    public ProcessView? Process { get; set; }

    /// <summary>The ring sequence the processor asked us to keep; survives crashes, as a file would.</summary>
    public ulong PersistedRingSequence { get; private set; }

    public bool IsUp => Processor is not null;

    /// <summary>The node is down or left, with a restart scheduled.</summary>
    public bool RestartScheduled { get; set; }

    /// <summary>While the process is stalled (0 when running): events for it wait.</summary>
    public long PausedUntilMs { get; set; }

    /// <summary>Datagrams that arrived during a stall, in order; bounded like a socket buffer.</summary>
    public Queue<SimEvent> Inbox { get; } = new();

    public const int InboxDatagramsMax = 512;

    /// <summary>Timer events that came due during a stall; they fire when it ends.</summary>
    public List<SimEvent> DeferredTimers { get; } = [];

    public bool IsPaused(long nowMs) => PausedUntilMs > nowMs;

    /// <summary>Next per-process message sequence of the workload.</summary>
    public ulong NextMessageSeq { get; set; }

    /// <summary>A message the processor refused with TryAgain, retried before any new one.</summary>
    public (byte[] Payload, DeliveryGuarantee Guarantee, MessageId Id)? Pending { get; set; }

    /// <summary>
    /// Timers are lazy: re-arming to a later deadline (the token-loss timer is re-armed on every
    /// token and message) only records the deadline; the queued event, when it comes, re-queues
    /// itself at the deadline. Arming earlier queues a new event and orphans the old one (skipped
    /// because its time no longer matches). Returns whether the timer fires now.
    /// </summary>
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
            sim.ScheduleTimer(this, timer, due);
            return false;
        }
        _due[k] = -1;
        return true;
    }

    /// <summary>Forgets every armed timer (crash or leave); queued events no longer match.</summary>
    public void CancelAllTimers()
    {
        Array.Fill(_due, -1L);
        Array.Fill(_scheduledAt, -1L);
    }

    void ITotemHost.Send(NodeId destination, byte[] datagram) => sim.SendDatagram(this, destination, datagram);

    void ITotemHost.ArmTimer(TotemTimer timer, long dueAtMs)
    {
        int k = (int)timer;
        dueAtMs = Math.Max(dueAtMs, sim.NowMs);
        _due[k] = dueAtMs;
        if (_scheduledAt[k] >= 0 && _scheduledAt[k] <= dueAtMs) return;
        _scheduledAt[k] = dueAtMs;
        sim.ScheduleTimer(this, timer, dueAtMs);
    }

    void ITotemHost.CancelTimer(TotemTimer timer) => _due[(int)timer] = -1;

    void ITotemHost.Deliver(TotemDelivery delivery) => sim.OnDelivery(this, delivery);

    void ITotemHost.ConfigurationChanged(TotemConfiguration configuration) => sim.OnConfiguration(this, configuration);

    void ITotemHost.PersistRingSequence(ulong ringSequence)
    {
        PersistedRingSequence = ringSequence;
        sim.Trace.Fold(sim.NowMs, Index, TraceKind.Persist, ringSequence, 0);
    }
}
