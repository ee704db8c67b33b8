namespace Concord.Services.Quorum;

/// <summary>
/// Option sets under which two partitions of one cluster may both be quorate at the same time.
/// These are votequorum features that trade that guarantee for availability and rely on fencing
/// (or on failures really being node deaths); the split-brain checker expects them to be flagged.
/// </summary>
public static class QuorumSafety
{
    /// <returns>One sentence per reason; empty when the options keep "at most one quorate partition".</returns>
    public static IReadOnlyList<string> UnsafeReasons(QuorumSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var reasons = new List<string>();
        if (settings.TwoNode)
            reasons.Add("two_node: after a split each of the two nodes keeps quorum (quorum is 1); only fencing decides which survives, and wait_for_all protects only the first start.");
        if (settings.TieBreaker != TieBreakerMode.None && (settings.ExpectedVotes % 2 == 1 || settings.NodelistVotes % 2 == 1))
            reasons.Add("auto_tie_breaker with an odd number of expected votes: corosync also breaks the 'half minus one' split in favour of the tie-breaker side, while the other side holds a majority.");
        if (settings.TieBreaker == TieBreakerMode.List)
            reasons.Add("auto_tie_breaker_node with a list: a later-listed node may win when the earlier ones were not in its previous configuration, which a restart or a second split can arrange on both sides.");
        if (settings.LastManStanding)
            reasons.Add("last_man_standing: expected votes shrink to the nodes still present, so a partition that is only cut off (not dead) can later form a second quorate majority with others cut off the same way.");
        return reasons;
    }

    /// <summary>The runtime changes that void the guarantee until the cluster is whole again.</summary>
    public const string ExpectedVotesLowered =
        "expected votes set by the administrator (concord quorum expected): a partition may be told it is a majority.";

    public const string VotesChanged =
        "node votes changed by the administrator (concord quorum votes) in one partition only: the partitions count votes differently.";
}
