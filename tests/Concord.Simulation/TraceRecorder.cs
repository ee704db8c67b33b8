using System.Globalization;
using Concord.Core;

namespace Concord.Simulation;

internal enum TraceKind : byte
{
    Start,
    Send,
    Drop,
    Duplicate,
    Receive,
    ReceiveDown,
    Timer,
    Deliver,
    Configuration,
    Persist,
    Queue,
    TryAgain,
    Crash,
    Leave,
    Restart,
    Partition,
    Heal,
    FaultsEnd,
    Converged,
    Pause,
    Resume,
}

/// <summary>
/// Folds every event (time, node, kind, two values such as a datagram hash) into a 64-bit FNV-1a
/// trace hash — the same seed must give the same hash — and keeps the last events for failure
/// reports. Text is only formatted for the tail or when a verbose sink is attached.
/// </summary>
internal sealed class TraceRecorder(int tailCapacity, Action<string>? verbose)
{
    private readonly Entry[] _tail = new Entry[Math.Max(1, tailCapacity)];
    private long _count;

    private readonly record struct Entry(long TimeMs, int Node, TraceKind Kind, ulong A, ulong B, object? Detail);

    public ulong Hash { get; private set; } = Fnv1a.Offset;

    public bool IsVerbose => verbose is not null;

    /// <param name="detail">A string, datagram bytes, delivery or configuration, formatted only if needed.</param>
    public void Fold(long timeMs, int node, TraceKind kind, ulong a, ulong b, object? detail = null)
    {
        ulong h = Fnv1a.Mix(Hash, (ulong)timeMs);
        h = Fnv1a.Mix(h, ((ulong)(uint)node << 8) | (byte)kind);
        h = Fnv1a.Mix(h, a);
        Hash = Fnv1a.Mix(h, b);
        _tail[_count++ % _tail.Length] = new Entry(timeMs, node, kind, a, b, detail);
        if (verbose is not null) verbose(Format(_tail[(_count - 1) % _tail.Length]));
    }

    /// <summary>The last events, oldest first.</summary>
    public IReadOnlyList<string> Tail()
    {
        var lines = new List<string>();
        long first = Math.Max(0, _count - _tail.Length);
        for (long i = first; i < _count; i++) lines.Add(Format(_tail[i % _tail.Length]));
        return lines;
    }

    private static string Format(Entry e)
    {
        string who = e.Node >= 0 ? $"n{e.Node + 1}" : "--";
        string detail = e.Kind switch
        {
            TraceKind.Timer => ((Concord.Totem.TotemTimer)e.A).ToString(),
            TraceKind.Send or TraceKind.Drop or TraceKind.Duplicate => $"-> n{e.A + 1} {Describe(e.Detail)}",
            TraceKind.Receive or TraceKind.ReceiveDown => $"<- n{e.A + 1} {Describe(e.Detail)}",
            _ => Describe(e.Detail) ?? $"{e.A:x} {e.B:x}",
        };
        return string.Create(CultureInfo.InvariantCulture, $"t={e.TimeMs,7} {who,-3} {e.Kind,-13} {detail}");
    }

    private static string? Describe(object? detail) => detail switch
    {
        null => null,
        string text => text,
        byte[] datagram => DatagramText.Describe(datagram),
        Concord.Totem.TotemDelivery d => DescribeDelivery(d),
        Concord.Totem.TotemConfiguration c =>
            $"{c.Kind} {c.RingId} members=({string.Join(",", c.Members)}) joined=({string.Join(",", c.Joined)}) left=({string.Join(",", c.Left)})",
        _ => detail.ToString(),
    };

    private static string DescribeDelivery(Concord.Totem.TotemDelivery d)
    {
        var parsed = Payload.TryRead(d.Payload.Span, out _);
        string id = parsed is { } p ? p.Id.ToString() : "?";
        string index = d.Index > 0 ? $".{d.Index}" : "";
        return $"{id} from {d.Sender} ring={d.OriginRing} seq={d.Seq}{index} {d.Guarantee} {d.Payload.Length}b";
    }
}
