namespace Concord.Resources.Scheduling;

/// <summary>Resource roles in Pacemaker's order (comparisons rely on it).</summary>
internal enum Role
{
    Unknown = 0,
    Stopped = 1,
    Started = 2,
    Unpromoted = 3,
    Promoted = 4,
}

internal static class RoleText
{
    public static string Name(Role r) => r switch
    {
        Role.Stopped => "Stopped",
        Role.Started => "Started",
        Role.Unpromoted => "Unpromoted",
        Role.Promoted => "Promoted",
        _ => "Unknown",
    };

    public static Role Parse(string? text) => text?.ToLowerInvariant() switch
    {
        null => Role.Unknown,
        "stopped" => Role.Stopped,
        "started" => Role.Started,
        "slave" or "unpromoted" => Role.Unpromoted,
        "master" or "promoted" => Role.Promoted,
        _ => Role.Unknown,
    };
}

/// <summary>on-fail handling, numbered as Pacemaker's enum so that severity comparison matches.</summary>
internal enum OnFail
{
    Ignore = 0,
    Recover = 1,
    Migrate = 2,
    Block = 3,
    Stop = 4,
    Standby = 5,
    Fence = 6,
    RestartContainer = 7,
    ResetRemote = 8,
    Demote = 9,
}

internal static class OnFailOrder
{
    /// <summary>Negative if <paramref name="first"/> is less severe than <paramref name="second"/> (Pacemaker's cmp_on_fail).</summary>
    public static int Compare(OnFail first, OnFail second)
    {
        switch (first)
        {
            case OnFail.Demote:
                return second == OnFail.Ignore ? 1 : second == OnFail.Demote ? 0 : -1;
            case OnFail.ResetRemote:
                return second is OnFail.Ignore or OnFail.Demote or OnFail.Recover ? 1 : second == OnFail.ResetRemote ? 0 : -1;
            case OnFail.RestartContainer:
                return second is OnFail.Ignore or OnFail.Demote or OnFail.Recover or OnFail.ResetRemote ? 1 : second == OnFail.RestartContainer ? 0 : -1;
        }
        switch (second)
        {
            case OnFail.Demote:
                return first == OnFail.Ignore ? -1 : 1;
            case OnFail.ResetRemote:
                return first is OnFail.Ignore or OnFail.Demote or OnFail.Recover ? -1 : 1;
            case OnFail.RestartContainer:
                return first is OnFail.Ignore or OnFail.Demote or OnFail.Recover or OnFail.ResetRemote ? -1 : 1;
        }
        return (int)first - (int)second;
    }
}
