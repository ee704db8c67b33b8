using Concord.Core;

namespace Concord.Services.Quorum;

/// <summary>A node's state in the quorum view (corosync's NODESTATE_* values).</summary>
public enum QuorumNodeState
{
    Member = 1,
    Dead = 2,
    Leaving = 3,
}

/// <summary>The flags corosync-quorumtool prints (VOTEQUORUM_INFO_* values).</summary>
[Flags]
public enum QuorumFlags
{
    None = 0,
    TwoNode = 1,
    Quorate = 2,
    WaitForAll = 4,
    LastManStanding = 8,
    AutoTieBreaker = 16,
    AllowDownscale = 32,
}

/// <param name="Known">False if no state message from this member has been seen yet.</param>
public sealed record QuorumMemberStatus(NodeId NodeId, uint Votes, uint ExpectedVotes, QuorumNodeState State, bool Known);

/// <summary>What <c>corosync-quorumtool -s</c> shows, as seen from <paramref name="LocalNode"/>.</summary>
/// <param name="Members">The members of the current ring, in ring order.</param>
/// <param name="Synchronizing">True between a configuration change and the moment every member's state message has been delivered.</param>
public sealed record QuorumStatus(
    NodeId LocalNode,
    RingId RingId,
    bool Quorate,
    uint ExpectedVotes,
    uint HighestExpected,
    uint TotalVotes,
    uint Quorum,
    QuorumFlags Flags,
    IReadOnlyList<QuorumMemberStatus> Members,
    bool Synchronizing);
