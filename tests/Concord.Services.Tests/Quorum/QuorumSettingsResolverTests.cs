using Concord.Core;
using Concord.Services.Quorum;

namespace Concord.Services.Tests.Quorum;

[Trait("Category", "Unit")]
public sealed class QuorumSettingsResolverTests
{
    private static QuorumOptions Nodes(params uint[] votes) => new()
    {
        Nodes = [.. votes.Select((v, i) => new QuorumNodeOptions(new NodeId((uint)i + 1), v))],
    };

    private static QuorumSettings Resolve(QuorumOptions options, uint local = 1)
    {
        (QuorumSettings? settings, IReadOnlyList<QuorumConfigIssue> issues) = QuorumSettingsResolver.Resolve(options, new NodeId(local));
        Assert.True(settings is not null, string.Join("; ", issues));
        return settings;
    }

    [Fact]
    public void Resolve_Nodelist_ExpectedVotesIsSumOfQuorumVotes()
    {
        QuorumSettings settings = Resolve(Nodes(1, 2, 3), local: 2);
        Assert.Equal(6u, settings.ExpectedVotes);
        Assert.Equal(2u, settings.Votes);
    }

    [Fact]
    public void Resolve_ExpectedVotesConfigured_OverridesNodelist()
    {
        QuorumSettings settings = Resolve(new QuorumOptions { Nodes = Nodes(1, 1, 1).Nodes, ExpectedVotes = 5 });
        Assert.Equal(5u, settings.ExpectedVotes);
    }

    [Fact]
    public void Resolve_TwoNodeWithoutWaitForAllKey_ImpliesWaitForAll()
    {
        QuorumSettings settings = Resolve(new QuorumOptions { Nodes = Nodes(1, 1).Nodes, TwoNode = true });
        Assert.True(settings.TwoNode);
        Assert.True(settings.WaitForAll);
        Assert.True(settings.WaitForAllFollowsTwoNode);
    }

    [Fact]
    public void Resolve_TwoNodeWithWaitForAllDisabled_DoesNotWait()
    {
        QuorumSettings settings = Resolve(new QuorumOptions { Nodes = Nodes(1, 1).Nodes, TwoNode = true, WaitForAll = false });
        Assert.False(settings.WaitForAll);
    }

    [Fact]
    public void Resolve_TwoNodeAndAutoTieBreaker_DisablesTwoNodeWithWarning()
    {
        (QuorumSettings? settings, IReadOnlyList<QuorumConfigIssue> issues) = QuorumSettingsResolver.Resolve(
            new QuorumOptions { Nodes = Nodes(1, 1).Nodes, TwoNode = true, AutoTieBreaker = true }, new NodeId(1));
        Assert.NotNull(settings);
        Assert.False(settings.TwoNode);
        Assert.Equal(TieBreakerMode.Lowest, settings.TieBreaker);
        Assert.Contains(issues, i => i.Severity == QuorumConfigSeverity.Warning && i.Key == "quorum.two_node");
    }

    [Fact]
    public void Resolve_TieBreakerWithOddVotesAndNoWaitForAll_DisablesTieBreaker()
    {
        (QuorumSettings? settings, IReadOnlyList<QuorumConfigIssue> issues) = QuorumSettingsResolver.Resolve(
            new QuorumOptions { Nodes = Nodes(1, 1, 1).Nodes, AutoTieBreaker = true }, new NodeId(1));
        Assert.Equal(TieBreakerMode.None, settings!.TieBreaker);
        Assert.Contains(issues, i => i.Key == "quorum.auto_tie_breaker");
    }

    [Fact]
    public void Resolve_TieBreakerWithOddVotesAndLastManStanding_IsAnError()
    {
        (QuorumSettings? settings, IReadOnlyList<QuorumConfigIssue> issues) = QuorumSettingsResolver.Resolve(
            new QuorumOptions { Nodes = Nodes(1, 1, 1).Nodes, AutoTieBreaker = true, LastManStanding = true }, new NodeId(1));
        Assert.Null(settings);
        Assert.Contains(issues, i => i.Severity == QuorumConfigSeverity.Error);
    }

    [Fact]
    public void Resolve_TieBreakerList_ParsesNodeIdsInOrder()
    {
        QuorumSettings settings = Resolve(new QuorumOptions { Nodes = Nodes(1, 1, 1, 1).Nodes, AutoTieBreaker = true, AutoTieBreakerNode = "3 1" });
        Assert.Equal(TieBreakerMode.List, settings.TieBreaker);
        Assert.Equal([new NodeId(3), new NodeId(1)], settings.TieBreakerNodes);
    }

    [Theory]
    [InlineData("first")]
    [InlineData("2 x")]
    [InlineData("0")]
    public void Resolve_TieBreakerNodeInvalid_DisablesTieBreakerWithWarning(string value)
    {
        (QuorumSettings? settings, IReadOnlyList<QuorumConfigIssue> issues) = QuorumSettingsResolver.Resolve(
            new QuorumOptions { Nodes = Nodes(1, 1).Nodes, AutoTieBreaker = true, AutoTieBreakerNode = value }, new NodeId(1));
        Assert.Equal(TieBreakerMode.None, settings!.TieBreaker);
        Assert.Contains(issues, i => i.Key == "quorum.auto_tie_breaker_node");
    }

    [Fact]
    public void Resolve_NoNodelistAndNoExpectedVotes_IsAnError()
    {
        (QuorumSettings? settings, IReadOnlyList<QuorumConfigIssue> issues) = QuorumSettingsResolver.Resolve(new QuorumOptions(), new NodeId(1));
        Assert.Null(settings);
        Assert.Contains(issues, i => i.Key == "quorum.expected_votes");
    }

    [Fact]
    public void Resolve_LocalNodeNotInNodelist_IsAnError()
    {
        (QuorumSettings? settings, IReadOnlyList<QuorumConfigIssue> issues) = QuorumSettingsResolver.Resolve(Nodes(1, 1), new NodeId(9));
        Assert.Null(settings);
        Assert.Contains(issues, i => i.Message.Contains("not in the nodelist", StringComparison.Ordinal));
    }

    [Fact]
    public void Resolve_DuplicateNodeId_IsAnError()
    {
        var options = new QuorumOptions { Nodes = [new(new NodeId(1)), new(new NodeId(1))] };
        Assert.Null(QuorumSettingsResolver.Resolve(options, new NodeId(1)).Settings);
    }

    [Fact]
    public void Resolve_AllowDownscale_ImpliesExpectedVotesTracking()
    {
        Assert.True(Resolve(new QuorumOptions { Nodes = Nodes(1, 1, 1).Nodes, AllowDownscale = true }).ExpectedVotesTracking);
    }

    [Fact]
    public void Safety_TwoNodeAndLastManStanding_AreFlaggedUnsafe()
    {
        Assert.Single(QuorumSafety.UnsafeReasons(Resolve(new QuorumOptions { Nodes = Nodes(1, 1).Nodes, TwoNode = true })));
        Assert.Single(QuorumSafety.UnsafeReasons(Resolve(new QuorumOptions { Nodes = Nodes(1, 1, 1).Nodes, LastManStanding = true })));
        Assert.Empty(QuorumSafety.UnsafeReasons(Resolve(Nodes(1, 1, 1))));
    }
}
