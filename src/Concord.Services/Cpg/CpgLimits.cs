namespace Concord.Services.Cpg;

/// <summary>Fixed limits of the protocol (the wire format depends on them).</summary>
public static class CpgLimits
{
    /// <summary>Longest group name in UTF-8 bytes (corosync's CPG_MAX_NAME_LENGTH).</summary>
    public const int GroupNameBytesMax = 128;

    /// <summary>Most (group, pid) entries one node's sync join list may carry in one sync round; beyond it the list is ignored as malformed.</summary>
    public const int SyncEntriesPerNodeMax = 65_536;

    /// <summary>Most entries in one sync join list chunk (the wire count is a u16).</summary>
    public const int SyncEntriesPerChunkMax = ushort.MaxValue;
}
