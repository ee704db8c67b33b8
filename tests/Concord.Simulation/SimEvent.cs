using Concord.Totem;

namespace Concord.Simulation;

internal enum SimEventKind : byte
{
    Start,
    Datagram,
    Timer,
    Workload,
    Nemesis,
    Heal,
    Restart,
    Scripted,
    Resume,
    FaultsEnd,
    WorkloadStop,
    End,
}

/// <summary>One scheduled happening. A struct with a few general fields instead of a class hierarchy: the queue holds millions.</summary>
internal readonly record struct SimEvent(
    SimEventKind Kind,
    int Node,
    int From = -1,
    uint Incarnation = 0,
    TotemTimer Timer = default,
    long Generation = 0,
    byte[]? Data = null,
    ulong DataHash = 0);

/// <summary>
/// The virtual clock and its agenda: events ordered by (time, insertion sequence), so equal times
/// keep their scheduling order and a run is a pure function of the seed.
/// </summary>
internal sealed class EventQueue
{
    private readonly PriorityQueue<SimEvent, (long TimeMs, long Sequence)> _queue = new();
    private long _sequence;

    public long NowMs { get; private set; }

    public int Count => _queue.Count;

    public void Schedule(long atMs, SimEvent e)
    {
        if (atMs < NowMs) atMs = NowMs;
        _queue.Enqueue(e, (atMs, _sequence++));
    }

    public bool TryNext(out SimEvent e)
    {
        if (!_queue.TryDequeue(out e, out var key)) return false;
        NowMs = key.TimeMs;
        return true;
    }
}
