namespace Concord.Client;

/// <summary>Request outcomes as the daemon reports them (mirrors the engine's results).</summary>
public enum CpgStatus : byte
{
    Ok = 0,
    TryAgain = 1,
    NotMember = 2,
    AlreadyMember = 3,
    TooLarge = 4,
    InvalidGroup = 5,
    InvalidClient = 6,
    LimitReached = 7,
    BadRequest = 8,
}

/// <summary>Why a process joined or left a group (corosync's cpg_reason_t values).</summary>
public enum CpgReason : byte
{
    Join = 1,
    Leave = 2,
    NodeDown = 3,
    NodeUp = 4,
    ProcessDown = 5,
}
