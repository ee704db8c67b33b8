using System.Globalization;
using Concord.Configuration.Syntax;

namespace Concord.Configuration.Binding;

/// <summary>Reads <c>quorum { }</c> (votequorum(5)) and checks its options against the nodelist.</summary>
internal static class QuorumBinder
{
    public static QuorumSection Bind(SectionReader? reader, IReadOnlyList<BoundNode> nodes, DiagnosticSink sink)
    {
        if (reader is null)
        {
            sink.Warning(1, 1,
                "no 'quorum' section: without a quorum provider every partition believes it is quorate, which risks " +
                "split brain; add 'quorum { provider: corosync_votequorum }'");
            return new QuorumSection();
        }

        var quorum = new QuorumSection
        {
            Provider = BindProvider(reader, sink),
            ExpectedVotes = reader.Int("expected_votes", 1, 1_000_000, "votes"),
            TwoNode = reader.Bool("two_node") ?? false,
            WaitForAll = reader.Bool("wait_for_all"),
            LastManStanding = reader.Bool("last_man_standing") ?? false,
            LastManStandingWindowMs = reader.Int("last_man_standing_window", 1, int.MaxValue, "milliseconds") ?? 10_000,
            AutoTieBreaker = reader.Bool("auto_tie_breaker") ?? false,
            AllowDownscale = reader.Bool("allow_downscale") ?? false,
            ExpectedVotesTracking = reader.Bool("expected_votes_tracking") ?? false,
            OtherSettings = reader.Kept,
            OtherSections = reader.RawChildren(),
        };
        quorum = BindTieBreakerNode(reader, quorum, sink);
        Check(reader, quorum, nodes, sink);
        return quorum;
    }

    private static string? BindProvider(SectionReader reader, DiagnosticSink sink)
    {
        if (reader.Entry("provider") is not SyntaxEntry entry)
        {
            sink.WarningAt(reader.Syntax,
                "quorum.provider is missing: quorum is disabled and every partition believes it is quorate; add 'provider: corosync_votequorum'");
            return null;
        }

        if (entry.Value != QuorumSection.VotequorumProvider)
        {
            sink.ErrorAtValue(entry, $"quorum.provider: expected 'corosync_votequorum' (the only provider), got '{entry.Value}'");
            return null;
        }

        return entry.Value;
    }

    private static QuorumSection BindTieBreakerNode(SectionReader reader, QuorumSection quorum, DiagnosticSink sink)
    {
        if (reader.Entry("auto_tie_breaker_node") is not SyntaxEntry entry) return quorum;
        string value = entry.Value.Trim();
        if (value.Equals("lowest", StringComparison.OrdinalIgnoreCase)) return quorum with { AutoTieBreakerMode = TieBreakerMode.Lowest };
        if (value.Equals("highest", StringComparison.OrdinalIgnoreCase)) return quorum with { AutoTieBreakerMode = TieBreakerMode.Highest };

        var ids = new List<uint>();
        foreach (string part in value.Split([' ', '\t', ','], StringSplitOptions.RemoveEmptyEntries))
        {
            if (!uint.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out uint id) || id == 0)
            {
                sink.ErrorAtValue(entry,
                    $"quorum.auto_tie_breaker_node: expected 'lowest', 'highest' or a space-separated list of node ids, got '{entry.Value}'");
                return quorum;
            }

            ids.Add(id);
        }

        if (ids.Count == 0)
        {
            sink.ErrorAtValue(entry, "quorum.auto_tie_breaker_node: expected 'lowest', 'highest' or a space-separated list of node ids, got nothing");
            return quorum;
        }

        return quorum with { AutoTieBreakerMode = TieBreakerMode.List, AutoTieBreakerNodes = ids };
    }

    private static void Check(SectionReader reader, QuorumSection quorum, IReadOnlyList<BoundNode> nodes, DiagnosticSink sink)
    {
        int nodeCount = nodes.Count;
        if (quorum.TwoNode && nodeCount != 2 && reader.Entry("two_node") is SyntaxEntry twoNode)
        {
            sink.ErrorAtValue(twoNode,
                $"quorum.two_node: 1 needs exactly 2 nodes in the nodelist, but it lists {nodeCount}; remove two_node " +
                "(or use auto_tie_breaker/last_man_standing for larger clusters)");
        }

        if (quorum.TwoNode && quorum.AutoTieBreaker && reader.Entry("auto_tie_breaker") is SyntaxEntry atbWithTwoNode)
        {
            sink.WarningAtValue(atbWithTwoNode,
                "quorum.auto_tie_breaker and two_node are not compatible: as votequorum does, two_node is disabled");
        }

        if (quorum.AutoTieBreaker && nodeCount % 2 == 1 && !quorum.EffectiveWaitForAll && reader.Entry("auto_tie_breaker") is SyntaxEntry atb)
        {
            if (quorum.LastManStanding)
            {
                sink.ErrorAtValue(atb,
                    "quorum.auto_tie_breaker with last_man_standing in an odd-sized cluster needs wait_for_all: 1 " +
                    "(votequorum refuses to start); set wait_for_all: 1 or drop last_man_standing");
            }
            else
            {
                sink.WarningAtValue(atb,
                    "quorum.auto_tie_breaker in an odd-sized cluster needs wait_for_all: 1; as votequorum does, it is disabled until you set it");
            }
        }

        if (!quorum.AutoTieBreaker && reader.Entry("auto_tie_breaker_node") is SyntaxEntry meaningless)
        {
            sink.WarningAtKey(meaningless, "quorum.auto_tie_breaker_node has no effect unless auto_tie_breaker: 1");
        }

        if (quorum.AutoTieBreakerMode == TieBreakerMode.List && reader.Entry("auto_tie_breaker_node") is SyntaxEntry list)
        {
            var known = nodes.Select(n => n.Node.NodeId).ToHashSet();
            foreach (uint id in quorum.AutoTieBreakerNodes.Where(id => !known.Contains(id)))
            {
                sink.ErrorAtValue(list, $"quorum.auto_tie_breaker_node: node id {id} is not in the nodelist");
            }
        }

        int votes = nodes.Sum(n => n.Node.QuorumVotes);
        if (quorum.ExpectedVotes is int expected && reader.Entry("expected_votes") is SyntaxEntry expectedEntry && nodeCount > 0 && expected < (votes / 2) + 1)
        {
            sink.WarningAtValue(expectedEntry,
                $"quorum.expected_votes ({expected}) is less than a majority of the nodelist's {votes} votes: two partitions could both be quorate");
        }
    }
}
