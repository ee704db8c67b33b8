using Concord.Core;
using Concord.Services.Quorum;
using Concord.Services.Tests.Quorum.Sim;

namespace Concord.Services.Tests.Quorum;

/// <summary>One test per votequorum rule, on the in-memory ring (corosync's sync barrier).</summary>
[Trait("Category", "Unit")]
public sealed class QuorumEngineRulesTests
{
    private static QuorumOptions Cluster(uint[] votes, Func<QuorumOptions, QuorumOptions>? tweak = null)
    {
        var options = new QuorumOptions { Nodes = [.. votes.Select((v, i) => new QuorumNodeOptions(new NodeId((uint)i + 1), v))] };
        return tweak is null ? options : tweak(options);
    }

    private static QuorumRingSim Start(QuorumOptions options, params uint[] nodes)
    {
        var sim = new QuorumRingSim(options);
        sim.StartAll(nodes);
        return sim;
    }

    private static QuorumStatus Status(QuorumRingSim sim, uint node) => sim.Find(node)!.Engine.GetStatus();

    [Fact]
    public void Quorum_ThreeSingleVoteNodes_IsFloorHalfPlusOne()
    {
        QuorumRingSim sim = Start(Cluster([1, 1, 1]), 1, 2, 3);
        QuorumStatus status = Status(sim, 1);
        Assert.True(status.Quorate);
        Assert.Equal(3u, status.ExpectedVotes);
        Assert.Equal(3u, status.TotalVotes);
        Assert.Equal(2u, status.Quorum);
    }

    [Fact]
    public void Quorum_FourNodes_NeedsThree()
    {
        QuorumRingSim sim = Start(Cluster([1, 1, 1, 1]), 1, 2, 3, 4);
        Assert.Equal(3u, Status(sim, 4).Quorum);
    }

    [Fact]
    public void Partition_MinorityAndMajority_OnlyMajorityQuorate()
    {
        QuorumRingSim sim = Start(Cluster([1, 1, 1, 1, 1]), 1, 2, 3, 4, 5);
        sim.Move(1, [4, 5]);
        Assert.True(Status(sim, 1).Quorate);
        Assert.False(Status(sim, 4).Quorate);
        Assert.Equal(2u, Status(sim, 4).TotalVotes);
        Assert.Equal(5u, Status(sim, 4).ExpectedVotes);
    }

    [Fact]
    public void Votes_WeightedNode_OutvotesTwoOthers()
    {
        QuorumRingSim sim = Start(Cluster([3, 1, 1]), 1, 2, 3);
        Assert.Equal(5u, Status(sim, 1).ExpectedVotes);
        Assert.Equal(3u, Status(sim, 1).Quorum);
        sim.Move(1, [2, 3]);
        Assert.True(Status(sim, 1).Quorate);
        Assert.False(Status(sim, 2).Quorate);
    }

    [Fact]
    public void Quorum_NeverDecreasesWhenNodesFail()
    {
        QuorumRingSim sim = Start(Cluster([1, 1, 1, 1, 1]), 1, 2, 3, 4, 5);
        sim.Down(5);
        sim.Down(4);
        Assert.Equal(3u, Status(sim, 1).Quorum);
        Assert.True(Status(sim, 1).Quorate);
        sim.Down(3);
        Assert.False(Status(sim, 1).Quorate);
    }

    [Fact]
    public void ExpectedVotes_BelowVotesPresent_RaisedToTotal()
    {
        QuorumRingSim sim = Start(Cluster([1, 1, 1], o => new QuorumOptions { Nodes = o.Nodes, ExpectedVotes = 2 }), 1, 2, 3);
        Assert.Equal(3u, Status(sim, 1).ExpectedVotes);
    }

    [Fact]
    public void TwoNode_PeerFails_SurvivorKeepsQuorum()
    {
        QuorumRingSim sim = Start(Cluster([1, 1], o => new QuorumOptions { Nodes = o.Nodes, TwoNode = true }), 1, 2);
        Assert.Equal(1u, Status(sim, 1).Quorum);
        sim.Down(2);
        Assert.True(Status(sim, 1).Quorate);
        Assert.True(Status(sim, 1).Flags.HasFlag(QuorumFlags.TwoNode));
        Assert.True(Status(sim, 1).Flags.HasFlag(QuorumFlags.WaitForAll));
    }

    [Fact]
    public void TwoNode_ColdStartAlone_WaitsForThePeer()
    {
        QuorumRingSim sim = Start(Cluster([1, 1], o => new QuorumOptions { Nodes = o.Nodes, TwoNode = true }), 1);
        Assert.False(Status(sim, 1).Quorate);
        sim.Up(2, 0);
        Assert.True(Status(sim, 1).Quorate);
    }

    [Fact]
    public void TwoNode_WaitForAllDisabled_ColdStartAloneIsQuorate()
    {
        QuorumRingSim sim = Start(Cluster([1, 1], o => new QuorumOptions { Nodes = o.Nodes, TwoNode = true, WaitForAll = false }), 1);
        Assert.True(Status(sim, 1).Quorate);
    }

    [Fact]
    public void WaitForAll_MajorityAtFirstStart_NotQuorateUntilAllSeen()
    {
        QuorumRingSim sim = Start(Cluster([1, 1, 1], o => new QuorumOptions { Nodes = o.Nodes, WaitForAll = true }), 1, 2);
        Assert.False(Status(sim, 1).Quorate);
        Assert.Equal(2u, Status(sim, 1).TotalVotes);
        sim.Up(3, 0);
        Assert.True(Status(sim, 1).Quorate);
        sim.Down(3);
        Assert.True(Status(sim, 1).Quorate);
    }

    [Fact]
    public void WaitForAll_Disabled_MajorityAtFirstStartIsQuorate()
    {
        QuorumRingSim sim = Start(Cluster([1, 1, 1]), 1, 2);
        Assert.True(Status(sim, 1).Quorate);
    }

    [Fact]
    public void LastManStanding_AfterWindow_ExpectedVotesShrinkToSurvivors()
    {
        QuorumRingSim sim = Start(Cluster([1, 1, 1, 1, 1], o => new QuorumOptions { Nodes = o.Nodes, LastManStanding = true, LastManStandingWindowMs = 10_000 }), 1, 2, 3, 4, 5);
        sim.Down(5);
        sim.Down(4);
        sim.Advance(9_999);
        Assert.Equal(5u, Status(sim, 1).ExpectedVotes);
        sim.Advance(2);
        Assert.Equal(3u, Status(sim, 1).ExpectedVotes);
        Assert.Equal(2u, Status(sim, 1).Quorum);
        sim.Down(3);
        sim.Advance(10_001);
        Assert.True(Status(sim, 1).Quorate);
        Assert.Equal(2u, Status(sim, 1).ExpectedVotes);
    }

    [Fact]
    public void LastManStanding_NodeWithTwoVotes_DisablesTheFeature()
    {
        QuorumRingSim sim = Start(Cluster([2, 1, 1], o => new QuorumOptions { Nodes = o.Nodes, LastManStanding = true }), 1, 2, 3);
        Assert.False(Status(sim, 1).Flags.HasFlag(QuorumFlags.LastManStanding));
    }

    [Fact]
    public void AutoTieBreaker_EvenSplit_SideWithLowestNodeKeepsQuorum()
    {
        QuorumRingSim sim = Start(Cluster([1, 1, 1, 1], o => new QuorumOptions { Nodes = o.Nodes, AutoTieBreaker = true }), 1, 2, 3, 4);
        sim.Move(1, [3, 4]);
        Assert.True(Status(sim, 1).Quorate);
        Assert.False(Status(sim, 3).Quorate);
    }

    [Fact]
    public void AutoTieBreaker_Highest_SideWithHighestNodeKeepsQuorum()
    {
        QuorumRingSim sim = Start(Cluster([1, 1, 1, 1], o => new QuorumOptions { Nodes = o.Nodes, AutoTieBreaker = true, AutoTieBreakerNode = "highest" }), 1, 2, 3, 4);
        sim.Move(1, [3, 4]);
        Assert.False(Status(sim, 1).Quorate);
        Assert.True(Status(sim, 3).Quorate);
    }

    [Fact]
    public void AutoTieBreaker_List_FirstListedNodeSideWins()
    {
        QuorumRingSim sim = Start(Cluster([1, 1, 1, 1], o => new QuorumOptions { Nodes = o.Nodes, AutoTieBreaker = true, AutoTieBreakerNode = "3 1" }), 1, 2, 3, 4);
        sim.Move(1, [3, 4]);
        Assert.False(Status(sim, 1).Quorate);
        Assert.True(Status(sim, 4).Quorate);
    }

    [Fact]
    public void AutoTieBreaker_Disabled_EvenSplitLeavesNoSideQuorate()
    {
        QuorumRingSim sim = Start(Cluster([1, 1, 1, 1]), 1, 2, 3, 4);
        sim.Move(1, [3, 4]);
        Assert.False(Status(sim, 1).Quorate);
        Assert.False(Status(sim, 3).Quorate);
    }

    [Fact]
    public void AllowDownscale_CleanLeave_LowersExpectedVotes()
    {
        QuorumRingSim sim = Start(Cluster([1, 1, 1, 1], o => new QuorumOptions { Nodes = o.Nodes, AllowDownscale = true }), 1, 2, 3, 4);
        sim.Leave(4);
        Assert.Equal(3u, Status(sim, 1).ExpectedVotes);
        Assert.True(Status(sim, 1).Flags.HasFlag(QuorumFlags.AllowDownscale));
    }

    [Fact]
    public void AllowDownscale_Failure_KeepsExpectedVotes()
    {
        QuorumRingSim sim = Start(Cluster([1, 1, 1, 1], o => new QuorumOptions { Nodes = o.Nodes, AllowDownscale = true }), 1, 2, 3, 4);
        sim.Down(4);
        Assert.Equal(4u, Status(sim, 1).ExpectedVotes);
    }
}
