using Concord.Core;

namespace Concord.Services.Quorum;

/// <summary>One entry of the corosync.conf <c>nodelist</c> as far as quorum cares.</summary>
/// <param name="NodeId">The node's <c>nodeid</c>.</param>
/// <param name="QuorumVotes">The node's <c>quorum_votes</c>; corosync's default is 1.</param>
public sealed record QuorumNodeOptions(NodeId NodeId, uint QuorumVotes = 1);

/// <summary>
/// The <c>quorum</c> section of corosync.conf plus the nodelist votes. Property names mirror the
/// corosync knobs (votequorum(5)); each default is corosync's.
/// </summary>
public sealed class QuorumOptions
{
    /// <summary><c>quorum.expected_votes</c>. 0 (the default) derives it from the nodelist votes.</summary>
    public uint ExpectedVotes { get; init; }

    /// <summary><c>quorum.votes</c>: this node's votes when there is no nodelist. Default 1.</summary>
    public uint Votes { get; init; } = 1;

    /// <summary>The nodelist with per-node <c>quorum_votes</c>. Empty means "no nodelist".</summary>
    public IReadOnlyList<QuorumNodeOptions> Nodes { get; init; } = [];

    /// <summary><c>quorum.two_node</c>: quorate with one of two nodes. Default false.</summary>
    public bool TwoNode { get; init; }

    /// <summary>
    /// <c>quorum.wait_for_all</c>. Null (the default, key absent) follows <see cref="TwoNode"/>,
    /// as corosync does; an explicit value wins.
    /// </summary>
    public bool? WaitForAll { get; init; }

    /// <summary><c>quorum.last_man_standing</c>. Default false.</summary>
    public bool LastManStanding { get; init; }

    /// <summary><c>quorum.last_man_standing_window</c> in milliseconds. Default 10000.</summary>
    public uint LastManStandingWindowMs { get; init; } = 10_000;

    /// <summary><c>quorum.auto_tie_breaker</c>. Default false.</summary>
    public bool AutoTieBreaker { get; init; }

    /// <summary>
    /// <c>quorum.auto_tie_breaker_node</c>: "lowest" (the default when null), "highest", or a
    /// space-separated list of node ids in order of preference.
    /// </summary>
    public string? AutoTieBreakerNode { get; init; }

    /// <summary><c>quorum.allow_downscale</c> (implies expected-votes tracking). Default false.</summary>
    public bool AllowDownscale { get; init; }

    /// <summary><c>quorum.expected_votes_tracking</c>. Default false.</summary>
    public bool ExpectedVotesTracking { get; init; }
}
