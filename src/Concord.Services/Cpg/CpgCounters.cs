namespace Concord.Services.Cpg;

/// <summary>
/// Event counters for operators (<c>concord cpg</c>) and for the simulator's coverage of rare paths.
/// Plain fields: the engine is single-threaded.
/// </summary>
public sealed class CpgCounters
{
    /// <summary>Messages that failed to decode (ignored).</summary>
    public long MalformedMessages;
    /// <summary>Messages from a process that is not a member of the group in our view (not delivered).</summary>
    public long MessagesFromNonMembers;
    /// <summary>A join of a process already in the group (ignored).</summary>
    public long DuplicateJoins;
    /// <summary>A leave of a process not in the group (ignored).</summary>
    public long UnknownLeaves;
    /// <summary>Operations of a node we have not synced with yet, before its sync list (its list covers them).</summary>
    public long OperationsBeforeSyncList;
    /// <summary>Sync join list chunks for another ring, or repeated after the final one (ignored).</summary>
    public long StaleSyncMessages;
    public long SyncsStarted;
    public long SyncsCompleted;
    /// <summary>A new configuration arrived before the sync of the previous one completed.</summary>
    public long SyncsInterrupted;
    /// <summary>A known node's sync list disagreed with our view of it (should stay 0; corrected by events).</summary>
    public long SyncCorrections;
    /// <summary>Times the host's broadcast answered TryAgain.</summary>
    public long BroadcastTryAgain;
    /// <summary>Client messages held in the outbox (during a sync or under back-pressure).</summary>
    public long MessagesHeld;
    /// <summary>Client sends refused with TryAgain.</summary>
    public long SendsRefused;
    /// <summary>Messages delivered to local clients (one per recipient).</summary>
    public long MessagesDelivered;
    /// <summary>Membership events delivered to local clients (one per recipient).</summary>
    public long MembershipEventsDelivered;
    /// <summary>Processes removed because their node left the configuration.</summary>
    public long NodeDownLeaves;
    /// <summary>Processes added from sync lists of nodes that came into the configuration.</summary>
    public long NodeUpJoins;
    /// <summary>Held messages Totem refused as too large (CpgOptions.MessageBytesMax above Totem's limit: a configuration error).</summary>
    public long RefusedByTotem;
    /// <summary>Clients reported dead by the host.</summary>
    public long ClientsDied;

    public CpgCounters Snapshot() => (CpgCounters)MemberwiseClone();
}
