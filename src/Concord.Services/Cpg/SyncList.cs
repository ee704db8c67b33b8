namespace Concord.Services.Cpg;

/// <summary>One node's sync join list for the current ring, as its chunks arrive, then kept up to date by its operations.</summary>
internal sealed class SyncList
{
    public SortedDictionary<string, SortedSet<uint>> Groups { get; } = new(StringComparer.Ordinal);

    public int Count { get; private set; }

    /// <summary>The final chunk arrived.</summary>
    public bool Final { get; set; }

    /// <summary>The node sent more entries than <see cref="CpgLimits.SyncEntriesPerNodeMax"/>: ignored.</summary>
    public bool Invalid { get; set; }

    public bool Add(string group, uint pid)
    {
        if (!Groups.TryGetValue(group, out var pids)) Groups[group] = pids = [];
        if (!pids.Add(pid)) return false;
        Count++;
        return true;
    }

    public void Remove(string group, uint pid)
    {
        if (!Groups.TryGetValue(group, out var pids) || !pids.Remove(pid)) return;
        Count--;
        if (pids.Count == 0) Groups.Remove(group);
    }
}
