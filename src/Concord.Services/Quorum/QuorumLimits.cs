namespace Concord.Services.Quorum;

/// <summary>Bounds that keep vote arithmetic far from overflow whatever a peer sends.</summary>
public static class QuorumLimits
{
    /// <summary>Largest vote count one node may carry (config, runtime change or wire).</summary>
    public const uint VotesPerNodeMax = 1_000_000;

    /// <summary>Largest expected-votes value accepted (config, runtime change or wire).</summary>
    public const uint ExpectedVotesMax = 1_000_000_000;

    /// <summary>Largest ring membership the engine accepts (corosync's PROCESSOR_COUNT_MAX is 384).</summary>
    public const int MembersMax = 1024;
}
