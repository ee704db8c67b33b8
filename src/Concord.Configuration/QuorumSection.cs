namespace Concord.Configuration;

/// <summary>The <c>quorum { }</c> section: votequorum(5) options. Defaults are votequorum's.</summary>
public sealed record QuorumSection
{
    public const string VotequorumProvider = "corosync_votequorum";

    /// <summary><c>provider</c>: corosync_votequorum, or null when the section or key is absent (no quorum).</summary>
    public string? Provider { get; init; }

    /// <summary><c>expected_votes</c>: overrides the sum of nodelist votes; null when not given.</summary>
    public int? ExpectedVotes { get; init; }

    /// <summary><c>two_node</c>: a 2-node cluster stays quorate with one node. Default off.</summary>
    public bool TwoNode { get; init; }

    /// <summary><c>wait_for_all</c>: null when not given; two_node turns it on by default.</summary>
    public bool? WaitForAll { get; init; }

    /// <summary><c>last_man_standing</c>. Default off.</summary>
    public bool LastManStanding { get; init; }

    /// <summary><c>last_man_standing_window</c>, ms. Default 10000.</summary>
    public int LastManStandingWindowMs { get; init; } = 10_000;

    /// <summary><c>auto_tie_breaker</c>. Default off.</summary>
    public bool AutoTieBreaker { get; init; }

    /// <summary><c>auto_tie_breaker_node</c>: lowest (default), highest or a list of node ids.</summary>
    public TieBreakerMode AutoTieBreakerMode { get; init; } = TieBreakerMode.Lowest;

    /// <summary>The node ids of <c>auto_tie_breaker_node</c> when it is a list, in priority order.</summary>
    public EquatableList<uint> AutoTieBreakerNodes { get; init; }

    /// <summary><c>allow_downscale</c>. Default off.</summary>
    public bool AllowDownscale { get; init; }

    /// <summary><c>expected_votes_tracking</c>. Default off (forced on by allow_downscale).</summary>
    public bool ExpectedVotesTracking { get; init; }

    /// <summary>Accepted keys and subsections Concord does not act on (e.g. <c>device</c>), kept for round trips.</summary>
    public EquatableList<RawSetting> OtherSettings { get; init; }

    /// <summary>Subsections such as <c>device { }</c> (qdevice), kept verbatim but not used.</summary>
    public EquatableList<RawSection> OtherSections { get; init; }

    public bool Enabled => Provider == VotequorumProvider;

    /// <summary>wait_for_all as votequorum applies it: explicit value, else on exactly when two_node is on.</summary>
    public bool EffectiveWaitForAll => WaitForAll ?? TwoNode;
}
