namespace Concord.Services.Quorum;

[Flags]
public enum QuorumChange
{
    None = 0,
    /// <summary>
    /// The state exchange after a configuration change (or after a runtime expected-votes/votes
    /// change) is complete: this is the ring's verdict, the same on every member.
    /// </summary>
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
