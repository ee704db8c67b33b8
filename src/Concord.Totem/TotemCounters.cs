namespace Concord.Totem;

/// <summary>
/// Event counters for operators (concord status) and for the simulator's coverage checks of rare
/// paths. Plain fields: the processor is single-threaded.
/// </summary>
public sealed class TotemCounters
{
    public long TokenLosses;
    public long TokenRetransmits;
    public long DuplicateTokens;
    public long MessagesRetransmitted;
    public long RetransmitRequests;
    public long ConsensusTimeouts;
    public long MergesDetected;
    public long RingsInstalled;
    public long RecoveriesWithGaps;
    public long MessagesRecovered;
    public long RecoveryMessagesSent;
    public long FailedToReceive;
    public long TokensHeld;
    public long LeavesReceived;
    public long MalformedDatagrams;
    public long ForeignDatagrams;
    public long FragmentedMessagesSent;
    public long MessagesDelivered;

    public TotemCounters Snapshot() => (TotemCounters)MemberwiseClone();
}
