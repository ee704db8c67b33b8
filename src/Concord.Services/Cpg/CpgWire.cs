using Concord.Core;

namespace Concord.Services.Cpg;

public enum CpgMessageType : byte
{
    /// <summary>A process joins a group.</summary>
    Join = 1,
    /// <summary>A process leaves a group.</summary>
    Leave = 2,
    /// <summary>A process died without leaving; the daemon of its node leaves for it.</summary>
    ProcessDown = 3,
    /// <summary>A message to a group.</summary>
    Message = 4,
    /// <summary>One chunk of a node's list of local members, sent after each regular configuration.</summary>
    SyncJoinList = 5,
}

public enum CpgDecodeStatus
{
    Ok,
    TooShort,
    BadMagic,
    UnsupportedVersion,
    UnknownType,
    /// <summary>The length fields disagree with the message length (truncated or trailing bytes).</summary>
    BadLength,
    /// <summary>A group name is empty, too long or not UTF-8.</summary>
    InvalidGroup,
    /// <summary>Reserved flag bits are set, or a sync chunk names ring 0.</summary>
    InvalidField,
}

/// <summary>One (group, pid) of a sync join list: a process of the sending node in that group.</summary>
public readonly record struct CpgSyncEntry(string Group, uint Pid);

/// <summary>A decoded CPG message. <see cref="Payload"/> points into the decoded buffer.</summary>
public readonly ref struct CpgDecoded
{
    public CpgDecoded(CpgMessageType type, uint pid, string group, ReadOnlySpan<byte> payload)
    {
        Type = type;
        Pid = pid;
        Group = group;
        Payload = payload;
        Entries = [];
    }

    public CpgDecoded(RingId syncRing, bool final, IReadOnlyList<CpgSyncEntry> entries)
    {
        Type = CpgMessageType.SyncJoinList;
        Group = "";
        SyncRing = syncRing;
        Final = final;
        Entries = entries;
    }

    public CpgMessageType Type { get; }

    /// <summary>Join, leave, process-down, message: the process.</summary>
    public uint Pid { get; }

    /// <summary>Join, leave, process-down, message: the group.</summary>
    public string Group { get; }

    /// <summary>Message: the application bytes.</summary>
    public ReadOnlySpan<byte> Payload { get; }

    /// <summary>Sync join list: the regular configuration this list is for.</summary>
    public RingId SyncRing { get; }

    /// <summary>Sync join list: the sender's last chunk for this ring.</summary>
    public bool Final { get; }

    public IReadOnlyList<CpgSyncEntry> Entries { get; }
}
