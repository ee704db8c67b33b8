namespace Concord.Services.Cpg;

/// <summary>Why a process joined or left a group; the values are corosync's <c>cpg_reason_t</c>.</summary>
public enum CpgReason : byte
{
    /// <summary>The process joined the group.</summary>
    Join = 1,
    /// <summary>The process left the group.</summary>
    Leave = 2,
    /// <summary>The process's node left the configuration (crash, shutdown or partition).</summary>
    NodeDown = 3,
    /// <summary>The process's node came into the configuration (start, restart or a healed partition).</summary>
    NodeUp = 4,
    /// <summary>The process died (its connection to the daemon closed) without leaving.</summary>
    ProcessDown = 5,
}

/// <summary>One entry of a joined or left list.</summary>
public readonly record struct CpgMemberChange(CpgAddress Process, CpgReason Reason)
{
    public override string ToString() => $"{Process}({Reason})";
}
