using System.Globalization;
using Concord.Core;

namespace Concord.Services.Quorum;

/// <summary>
/// Applies corosync's start-up configuration rules (votequorum_readconfig, corosync 3.1) to the
/// quorum options, reporting every refusal as an error and every silent correction as a warning.
/// </summary>
public static class QuorumSettingsResolver
{
    /// <param name="expectedVotesBarrier">
    /// The persisted expected-votes tracking barrier (corosync's ev_tracking file); 0 if none.
    /// </param>
    public static (QuorumSettings? Settings, IReadOnlyList<QuorumConfigIssue> Issues) Resolve(
        QuorumOptions options, NodeId localNode, uint expectedVotesBarrier = 0)
    {
        var issues = new List<QuorumConfigIssue>();
        CheckBasics(options, localNode, issues);
        if (issues.Count > 0) return (null, issues);

        bool haveNodelist = options.Nodes.Count > 0;
        uint nodelistVotes = 0;
        uint localVotes = options.Votes;
        foreach (QuorumNodeOptions node in options.Nodes)
        {
            nodelistVotes += node.QuorumVotes;
            if (node.NodeId == localNode) localVotes = node.QuorumVotes;
        }

        bool twoNode = options.TwoNode;
        bool waitForAll = options.WaitForAll ?? twoNode;
        bool tracking = options.ExpectedVotesTracking || options.AllowDownscale;
        (TieBreakerMode tieBreaker, IReadOnlyList<NodeId> tieBreakerNodes) = ParseTieBreaker(options, issues);

        if (twoNode && tieBreaker != TieBreakerMode.None)
        {
            issues.Add(new(QuorumConfigSeverity.Warning, "quorum.two_node",
                "two_node and auto_tie_breaker are not compatible (two_node relies on a fence race); two_node is disabled."));
            twoNode = false;
        }

        if (tieBreaker != TieBreakerMode.None && nodelistVotes % 2 == 1 && !waitForAll)
        {
            if (options.LastManStanding)
            {
                issues.Add(new(QuorumConfigSeverity.Error, "quorum.auto_tie_breaker",
                    $"auto_tie_breaker and last_man_standing cannot be combined in a cluster with an odd number of votes ({nodelistVotes}) " +
                    "unless wait_for_all is set; disable last_man_standing and set wait_for_all: 1."));
                return (null, issues);
            }
            issues.Add(new(QuorumConfigSeverity.Warning, "quorum.auto_tie_breaker",
                $"the cluster has an odd number of votes ({nodelistVotes}) and wait_for_all is not set; auto_tie_breaker is disabled. Set wait_for_all: 1 to use it."));
            tieBreaker = TieBreakerMode.None;
            tieBreakerNodes = [];
        }

        uint configuredExpected = tracking ? expectedVotesBarrier : options.ExpectedVotes;
        uint expected = haveNodelist ? nodelistVotes : 0;
        if (configuredExpected != 0) expected = configuredExpected;

        var settings = new QuorumSettings
        {
            LocalNode = localNode,
            Votes = localVotes,
            ExpectedVotes = expected,
            NodelistVotes = nodelistVotes,
            TwoNode = twoNode,
            WaitForAll = waitForAll,
            WaitForAllFollowsTwoNode = options.WaitForAll is null,
            LastManStanding = options.LastManStanding,
            LastManStandingWindowMs = options.LastManStandingWindowMs,
            TieBreaker = tieBreaker,
            TieBreakerNodes = tieBreakerNodes,
            AllowDownscale = options.AllowDownscale,
            ExpectedVotesTracking = tracking,
        };
        return (settings, issues);
    }

    private static void CheckBasics(QuorumOptions options, NodeId localNode, List<QuorumConfigIssue> issues)
    {
        if (localNode.IsNone)
            issues.Add(new(QuorumConfigSeverity.Error, "nodelist.node.nodeid", "the local node id must not be 0."));
        if (options.Nodes.Count == 0 && options.ExpectedVotes == 0)
            issues.Add(new(QuorumConfigSeverity.Error, "quorum.expected_votes",
                "either a nodelist or quorum.expected_votes must be configured."));
        if (options.ExpectedVotes > QuorumLimits.ExpectedVotesMax)
            issues.Add(new(QuorumConfigSeverity.Error, "quorum.expected_votes",
                $"{options.ExpectedVotes} is above the maximum of {QuorumLimits.ExpectedVotesMax}."));
        if (options.Votes > QuorumLimits.VotesPerNodeMax)
            issues.Add(new(QuorumConfigSeverity.Error, "quorum.votes",
                $"{options.Votes} is above the maximum of {QuorumLimits.VotesPerNodeMax}."));
        if (options.Nodes.Count > QuorumLimits.MembersMax)
            issues.Add(new(QuorumConfigSeverity.Error, "nodelist",
                $"{options.Nodes.Count} nodes is above the maximum of {QuorumLimits.MembersMax}."));

        var seen = new HashSet<NodeId>();
        foreach (QuorumNodeOptions node in options.Nodes)
        {
            if (node.NodeId.IsNone)
                issues.Add(new(QuorumConfigSeverity.Error, "nodelist.node.nodeid", "node ids must be between 1 and 4294967295."));
            else if (!seen.Add(node.NodeId))
                issues.Add(new(QuorumConfigSeverity.Error, "nodelist.node.nodeid", $"node id {node.NodeId} appears more than once."));
            if (node.QuorumVotes > QuorumLimits.VotesPerNodeMax)
                issues.Add(new(QuorumConfigSeverity.Error, "nodelist.node.quorum_votes",
                    $"node {node.NodeId} has {node.QuorumVotes} votes, above the maximum of {QuorumLimits.VotesPerNodeMax}."));
        }
        if (options.Nodes.Count > 0 && !localNode.IsNone && !seen.Contains(localNode))
            issues.Add(new(QuorumConfigSeverity.Error, "nodelist",
                $"the local node {localNode} is not in the nodelist; add it or fix nodeid."));
    }

    private static (TieBreakerMode, IReadOnlyList<NodeId>) ParseTieBreaker(QuorumOptions options, List<QuorumConfigIssue> issues)
    {
        if (!options.AutoTieBreaker)
        {
            if (options.AutoTieBreakerNode is not null)
                issues.Add(new(QuorumConfigSeverity.Warning, "quorum.auto_tie_breaker_node",
                    "auto_tie_breaker_node is meaningless while auto_tie_breaker is 0."));
            return (TieBreakerMode.None, []);
        }
        string? text = options.AutoTieBreakerNode?.Trim();
        if (text is null || text == "lowest") return (TieBreakerMode.Lowest, []);
        if (text == "highest") return (TieBreakerMode.Highest, []);

        var nodes = new List<NodeId>();
        foreach (string token in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            if (!uint.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out uint id) || id == 0)
            {
                nodes.Clear();
                break;
            }
            nodes.Add(new NodeId(id));
        }
        if (nodes.Count == 0)
        {
            issues.Add(new(QuorumConfigSeverity.Warning, "quorum.auto_tie_breaker_node",
                $"'{text}' is not valid: it must be 'lowest', 'highest' or a space-separated list of node ids; auto_tie_breaker is disabled."));
            return (TieBreakerMode.None, []);
        }
        return (TieBreakerMode.List, nodes);
    }
}
