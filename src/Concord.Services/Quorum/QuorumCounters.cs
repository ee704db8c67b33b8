namespace Concord.Services.Quorum;

/// <summary>
/// Event counters for operators and for the simulator's coverage checks of rare paths. Plain
/// fields: the engine is single-threaded.
/// </summary>
public sealed class QuorumCounters
{
    public long RingsActivated;
    public long StateMessagesReceived;
    public long ReconfigureMessagesReceived;
    public long MalformedMessages;
    /// <summary>Messages from a node that is not a member of the current ring (ignored).</summary>
    public long MessagesFromNonMembers;
    public long LastManStandingTimersArmed;
    public long LastManStandingShrinks;
    public long TieBreakerDecisions;
    public long AdminRequestsRejected;
    /// <summary>Rings where this node took the quorate verdict of another member (see docs/protocols/quorum.md).</summary>
    public long RingVerdictsAdopted;

    public QuorumCounters Snapshot() => (QuorumCounters)MemberwiseClone();
}
