namespace Concord.Services.Quorum;

[Flags]
public enum QuorumChange
{
    None = 0,
    /// <summary>Every member's state for a new ring has been delivered: this is the verdict for that ring.</summary>
    RingActivated = 1,
    QuorateChanged = 2,
    ExpectedVotesChanged = 4,
    /// <summary>Total votes, highest expected or quorum changed.</summary>
    VotesChanged = 8,
}

/// <summary>
/// Published to the other services and local clients, at the point of the totally ordered stream
/// (or the timer) that caused it, so every member of a ring reaches the same verdict for the same
/// ring id.
/// </summary>
public sealed record QuorumEvent(QuorumChange Change, QuorumStatus Status);
