namespace Concord.Configuration.Tests;

[Trait("Category", "Unit")]
public sealed class QuorumTests
{
    private static string Nodes(int count) =>
        "nodelist {\n" + string.Concat(Enumerable.Range(1, count).Select(i =>
            $"    node {{\n        ring0_addr: 192.0.2.{i}\n        nodeid: {i}\n    }}\n")) + "}\n";

    /// <summary>Totem (1-6), nodelist, then "quorum {" and the given lines.</summary>
    private static string With(int nodes, string quorumLines) =>
        Conf.EncryptedTotem + "\n" + Nodes(nodes) + "quorum {\n    provider: corosync_votequorum\n" + quorumLines + "}\n";

    /// <summary>Line number of the first quorum body line after provider.</summary>
    private static int FirstLine(int nodes) => 6 + 2 + (nodes * 4) + 2 + 1;

    [Fact]
    public void Parse_TwoNodeWithThreeNodes_IsError()
    {
        ConfigLoadResult result = Conf.Parse(With(3, "    two_node: 1\n"));

        Conf.SingleError(result, FirstLine(3), 15, "two_node: 1 needs exactly 2 nodes in the nodelist, but it lists 3");
    }

    [Fact]
    public void Parse_TwoNodeWithTwoNodes_ImpliesWaitForAll()
    {
        ClusterConfig config = Conf.ParseValid(With(2, "    two_node: 1\n"));

        Assert.True(config.Quorum.TwoNode);
        Assert.Null(config.Quorum.WaitForAll);
        Assert.True(config.Quorum.EffectiveWaitForAll);
    }

    [Fact]
    public void Parse_TwoNodeWithWaitForAllOff_HonoursExplicitValue()
    {
        ClusterConfig config = Conf.ParseValid(With(2, "    two_node: 1\n    wait_for_all: 0\n"));

        Assert.False(config.Quorum.EffectiveWaitForAll);
    }

    [Fact]
    public void Parse_WrongProvider_IsError()
    {
        ConfigLoadResult result = Conf.Parse(With(2, string.Empty).Replace("corosync_votequorum", "corosync_quorum", StringComparison.Ordinal));

        Conf.SingleError(result, FirstLine(2) - 1, 15, "quorum.provider: expected 'corosync_votequorum'", "got 'corosync_quorum'");
    }

    [Fact]
    public void Parse_NoQuorumSection_WarnsAboutSplitBrain()
    {
        ConfigLoadResult result = Conf.Parse(Conf.EncryptedTotem + "\n" + Nodes(2));

        Assert.NotNull(result.Config);
        Conf.HasWarning(result, 1, 1, "no 'quorum' section", "split brain");
        Assert.False(result.Config!.Quorum.Enabled);
    }

    [Fact]
    public void Parse_NonBooleanTwoNode_IsError()
    {
        ConfigLoadResult result = Conf.Parse(With(2, "    two_node: maybe\n"));

        Conf.SingleError(result, FirstLine(2), 15, "quorum.two_node: expected yes or no", "got 'maybe'");
    }

    [Fact]
    public void Parse_AllVotequorumOptions_AreBound()
    {
        ClusterConfig config = Conf.ParseValid(With(4, """
                expected_votes: 4
                wait_for_all: 1
                last_man_standing: 1
                last_man_standing_window: 20000
                auto_tie_breaker: 1
                auto_tie_breaker_node: 3 1
                allow_downscale: 1
                expected_votes_tracking: 1

            """));

        QuorumSection q = config.Quorum;
        Assert.Equal(4, q.ExpectedVotes);
        Assert.True(q.WaitForAll);
        Assert.True(q.LastManStanding);
        Assert.Equal(20_000, q.LastManStandingWindowMs);
        Assert.True(q.AutoTieBreaker);
        Assert.Equal(TieBreakerMode.List, q.AutoTieBreakerMode);
        Assert.Equal([3u, 1u], q.AutoTieBreakerNodes);
        Assert.True(q.AllowDownscale);
        Assert.True(q.ExpectedVotesTracking);
    }

    [Fact]
    public void Parse_TieBreakerHighest_IsBound()
    {
        ClusterConfig config = Conf.ParseValid(With(4, "    auto_tie_breaker: 1\n    auto_tie_breaker_node: highest\n"));

        Assert.Equal(TieBreakerMode.Highest, config.Quorum.AutoTieBreakerMode);
    }

    [Fact]
    public void Parse_TieBreakerListWithUnknownNode_IsError()
    {
        ConfigLoadResult result = Conf.Parse(With(4, "    auto_tie_breaker: 1\n    auto_tie_breaker_node: 1 9\n"));

        Conf.SingleError(result, FirstLine(4) + 1, 28, "node id 9 is not in the nodelist");
    }

    [Fact]
    public void Parse_TieBreakerGarbage_IsError()
    {
        ConfigLoadResult result = Conf.Parse(With(4, "    auto_tie_breaker: 1\n    auto_tie_breaker_node: middle\n"));

        Conf.SingleError(result, FirstLine(4) + 1, 28, "expected 'lowest', 'highest' or a space-separated list of node ids", "got 'middle'");
    }

    [Fact]
    public void Parse_TieBreakerOddClusterWithLastManStanding_IsError()
    {
        ConfigLoadResult result = Conf.Parse(With(3, "    auto_tie_breaker: 1\n    last_man_standing: 1\n"));

        Conf.SingleError(result, FirstLine(3), 23, "needs wait_for_all: 1");
    }

    [Fact]
    public void Parse_TieBreakerOddClusterWithoutWaitForAll_Warns()
    {
        ConfigLoadResult result = Conf.Parse(With(3, "    auto_tie_breaker: 1\n"));

        Assert.NotNull(result.Config);
        Conf.HasWarning(result, FirstLine(3), 23, "odd-sized cluster needs wait_for_all: 1");
    }

    [Fact]
    public void Parse_TwoNodeWithTieBreaker_WarnsTwoNodeDisabled()
    {
        ConfigLoadResult result = Conf.Parse(With(2, "    two_node: 1\n    auto_tie_breaker: 1\n"));

        Conf.HasWarning(result, FirstLine(2) + 1, 23, "not compatible", "two_node is disabled");
    }

    [Fact]
    public void Parse_TieBreakerNodeWithoutTieBreaker_Warns()
    {
        ConfigLoadResult result = Conf.Parse(With(2, "    auto_tie_breaker_node: highest\n"));

        Conf.HasWarning(result, FirstLine(2), 5, "has no effect unless auto_tie_breaker: 1");
    }

    [Fact]
    public void Parse_QuorumDevice_WarnsUnsupportedAndKeepsIt()
    {
        ConfigLoadResult result = Conf.Parse(With(2, "    device {\n        model: net\n        net {\n            host: qnetd\n        }\n    }\n"));

        Conf.HasWarning(result, FirstLine(2), 5, "quorum devices (corosync-qdevice) are not supported");
        RawSection device = Assert.Single(result.Config!.Quorum.OtherSections);
        Assert.Equal("net", device.Get("model"));
        Assert.Equal("qnetd", Assert.Single(device.Sections).Get("host"));
    }

    [Fact]
    public void Parse_QuorumVotesKey_WarnsToUseNodeVotes()
    {
        ConfigLoadResult result = Conf.Parse(With(2, "    votes: 2\n"));

        Conf.HasWarning(result, FirstLine(2), 5, "quorum_votes");
    }

    [Fact]
    public void Parse_ExpectedVotesBelowMajority_Warns()
    {
        ConfigLoadResult result = Conf.Parse(With(4, "    expected_votes: 2\n"));

        Conf.HasWarning(result, FirstLine(4), 21, "less than a majority");
    }
}
