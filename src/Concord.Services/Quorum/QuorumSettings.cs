using Concord.Core;

namespace Concord.Services.Quorum;

/// <summary>
/// The effective settings after corosync's start-up rules (votequorum_readconfig) have been
/// applied to <see cref="QuorumOptions"/>: derived expected votes, wait_for_all following
/// two_node, two_node disabled by auto_tie_breaker, and so on.
/// </summary>
public sealed record QuorumSettings
{
    public required NodeId LocalNode { get; init; }
    public required uint Votes { get; init; }
    public required uint ExpectedVotes { get; init; }
    /// <summary>The sum of the nodelist's quorum_votes (0 without a nodelist).</summary>
    public required uint NodelistVotes { get; init; }
    public required bool TwoNode { get; init; }
    public required bool WaitForAll { get; init; }
    public required bool WaitForAllFollowsTwoNode { get; init; }
    public required bool LastManStanding { get; init; }
    public required uint LastManStandingWindowMs { get; init; }
    public required TieBreakerMode TieBreaker { get; init; }
    public required IReadOnlyList<NodeId> TieBreakerNodes { get; init; }
    public required bool AllowDownscale { get; init; }
    public required bool ExpectedVotesTracking { get; init; }
}
