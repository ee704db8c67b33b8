namespace Concord.Simulation;

/// <summary>The faults the simulator may inject; a sweep can enable them one kind at a time.</summary>
[Flags]
public enum FaultKinds
{
    None = 0,
    /// <summary>Datagrams dropped at random.</summary>
    Loss = 1,
    /// <summary>Datagrams delivered twice.</summary>
    Duplication = 2,
    /// <summary>Random per-datagram delay (jitter), hence reordering.</summary>
    Reorder = 4,
    /// <summary>A few datagrams held back for hundreds of milliseconds (stale traffic).</summary>
    LongDelay = 8,
    /// <summary>Directed pairs blocked: isolations, one-way links, splits.</summary>
    Partition = 16,
    /// <summary>A node's process dies (state lost, ring sequence kept) and restarts later.</summary>
    Crash = 32,
    /// <summary>A node leaves gracefully (leave message) and restarts later.</summary>
    Leave = 64,
    /// <summary>A node's process stalls (VM pause, GC, swap): no timers, datagrams queue up, then it resumes.</summary>
    Pause = 128,
    All = Loss | Duplication | Reorder | LongDelay | Partition | Crash | Leave | Pause,
}

public static class FaultKindsParser
{
    /// <summary>Parses "all", "none" or a comma list such as "loss,partition,crash".</summary>
    public static bool TryParse(string text, out FaultKinds kinds)
    {
        kinds = FaultKinds.None;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Enum.TryParse<FaultKinds>(part, ignoreCase: true, out var one)) return false;
            kinds |= one;
        }
        return true;
    }
}
