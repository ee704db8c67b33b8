using Concord.Core;
using Concord.Services.Quorum;
using Concord.Services.Tests.Quorum.Sim;

namespace Concord.Services.Tests.Quorum;

/// <summary>The engine's inputs, outputs and admin requests.</summary>
[Trait("Category", "Unit")]
public sealed class QuorumEngineApiTests
{
    private static readonly QuorumOptions ThreeNodes = new()
    {
        Nodes = [new(new NodeId(1)), new(new NodeId(2)), new(new NodeId(3))],
    };

    private static QuorumRingSim Started(QuorumOptions? options = null)
    {
        var sim = new QuorumRingSim(options ?? ThreeNodes);
        sim.StartAll([1, 2, 3]);
        return sim;
    }

    [Fact]
    public void OnConfigurationChange_BeforeStart_Throws()
    {
        var engine = new QuorumEngine(ThreeNodes, new NodeId(1), new SimQuorumHost());
        Assert.Throws<InvalidOperationException>(() =>
            engine.OnConfigurationChange(new QuorumMembership(new RingId(new NodeId(1), 4), [new NodeId(1)]), 0));
    }

    [Fact]
    public void OnConfigurationChange_WithoutLocalNode_Throws()
    {
        var engine = new QuorumEngine(ThreeNodes, new NodeId(1), new SimQuorumHost());
        engine.Start(0);
        Assert.Throws<ArgumentException>(() =>
            engine.OnConfigurationChange(new QuorumMembership(new RingId(new NodeId(2), 4), [new NodeId(2)]), 0));
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsWithIssues()
    {
        var error = Assert.Throws<QuorumConfigurationException>(() => new QuorumEngine(new QuorumOptions(), new NodeId(1), new SimQuorumHost()));
        Assert.NotEmpty(error.Issues);
    }

    [Fact]
    public void OnConfigurationChange_BroadcastsOwnStateForTheNewRing()
    {
        var host = new SimQuorumHost();
        var engine = new QuorumEngine(ThreeNodes, new NodeId(2), host);
        engine.Start(0);
        host.Outbox.Clear();
        var ring = new RingId(new NodeId(1), 8);
        engine.OnConfigurationChange(new QuorumMembership(ring, [new NodeId(1), new NodeId(2)]), 0);
        var state = Assert.IsType<NodeStateMessage>(Assert.Single(host.Outbox));
        Assert.Equal(ring, state.Ring);
        Assert.Equal(new NodeId(2), state.Node);
        Assert.Equal(3u, state.ExpectedVotes);
        Assert.True(engine.GetStatus().Synchronizing);
    }

    [Fact]
    public void RingActivation_EveryMemberPublishesTheSameVerdictForTheRing()
    {
        QuorumRingSim sim = Started();
        foreach (SimQuorumNode node in sim.Nodes) node.Host.Events.Clear();
        sim.Move(1, [3]);
        foreach (uint id in new uint[] { 1, 2 })
        {
            QuorumEvent change = Assert.Single(sim.Find(id)!.Host.Events);
            Assert.True(change.Change.HasFlag(QuorumChange.RingActivated));
            Assert.Equal(sim.PartitionRing(0), change.Status.RingId);
            Assert.True(change.Status.Quorate);
        }
        QuorumEvent lonely = Assert.Single(sim.Find(3)!.Host.Events);
        Assert.True(lonely.Change.HasFlag(QuorumChange.QuorateChanged));
        Assert.False(lonely.Status.Quorate);
    }

    [Fact]
    public void OnMessage_FromNonMember_IsIgnored()
    {
        QuorumRingSim sim = Started();
        QuorumEngine engine = sim.Find(1)!.Engine;
        engine.OnMessage(new NodeId(9), new NodeStateMessage(new NodeId(9), engine.GetStatus().RingId, 50, 50, NodeStateFlags.Quorate), 0);
        Assert.Equal(1, engine.Counters.MessagesFromNonMembers);
        Assert.Equal(3u, engine.GetStatus().TotalVotes);
    }

    [Fact]
    public void OnDelivery_Malformed_IsCountedAndDropped()
    {
        QuorumRingSim sim = Started();
        QuorumEngine engine = sim.Find(1)!.Engine;
        Assert.Equal(QuorumDecodeStatus.TooShort, engine.OnDelivery(new NodeId(2), [0x51], 0));
        Assert.Equal(1, engine.Counters.MalformedMessages);
    }

    [Fact]
    public void OnDelivery_Encoded_IsHandledLikeOnMessage()
    {
        QuorumRingSim sim = Started();
        QuorumEngine engine = sim.Find(1)!.Engine;
        byte[] payload = QuorumCodec.Encode(new ReconfigureMessage(new NodeId(2), ReconfigureKind.NodeVotes, 3));
        Assert.Equal(QuorumDecodeStatus.Ok, engine.OnDelivery(new NodeId(2), payload, 0));
        Assert.Equal(5u, engine.GetStatus().TotalVotes);
    }

    [Fact]
    public void SetExpectedVotes_Raised_EveryMemberAppliesIt()
    {
        QuorumRingSim sim = Started();
        sim.Apply(new SetExpectedStep(2, 4));
        foreach (SimQuorumNode node in sim.Nodes)
        {
            Assert.Equal(4u, node.Engine.GetStatus().ExpectedVotes);
            Assert.Equal(3u, node.Engine.GetStatus().Quorum);
            Assert.True(node.Engine.GetStatus().Quorate);
        }
    }

    [Fact]
    public void SetExpectedVotes_BelowVotesPresent_IsRejected()
    {
        QuorumRingSim sim = Started();
        QuorumAdminResult result = sim.Find(1)!.Engine.SetExpectedVotes(2, 0);
        Assert.Equal(QuorumAdminStatus.InvalidValue, result.Status);
        Assert.Contains("below", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SetExpectedVotes_WouldLoseQuorum_IsRejected()
    {
        QuorumRingSim sim = Started();
        Assert.Equal(QuorumAdminStatus.InvalidValue, sim.Find(1)!.Engine.SetExpectedVotes(7, 0).Status);
    }

    [Fact]
    public void SetExpectedVotes_InMinority_LetsTheAdministratorRestoreQuorum()
    {
        QuorumRingSim sim = Started();
        sim.Move(1, [2, 3]);
        Assert.False(sim.Find(1)!.Engine.IsQuorate);
        sim.Apply(new SetExpectedStep(1, 1));
        Assert.True(sim.Find(1)!.Engine.IsQuorate);
        Assert.Equal(1u, sim.Find(1)!.Engine.GetStatus().Quorum);
    }

    [Fact]
    public void SetVotes_Valid_EveryMemberCountsThem()
    {
        QuorumRingSim sim = Started();
        sim.Apply(new SetVotesStep(1, 3, 2));
        foreach (SimQuorumNode node in sim.Nodes)
        {
            Assert.Equal(4u, node.Engine.GetStatus().TotalVotes);
            Assert.Equal(2u, node.Engine.GetStatus().Members.Single(m => m.NodeId == new NodeId(3)).Votes);
        }
    }

    [Fact]
    public void SetVotes_UnknownNode_IsNotFound()
    {
        QuorumRingSim sim = Started();
        Assert.Equal(QuorumAdminStatus.NodeNotFound, sim.Find(1)!.Engine.SetVotes(new NodeId(9), 1, 0).Status);
    }

    [Fact]
    public void CancelWaitForAll_PartialFirstStart_BecomesQuorate()
    {
        var options = new QuorumOptions { Nodes = ThreeNodes.Nodes, WaitForAll = true };
        var sim = new QuorumRingSim(options);
        sim.StartAll([1, 2]);
        Assert.False(sim.Find(1)!.Engine.IsQuorate);
        sim.Find(1)!.Engine.CancelWaitForAll(0);
        sim.Apply(new SetVotesStep(1, 1, 1)); // any ordered traffic flushes the broadcast
        Assert.True(sim.Find(1)!.Engine.IsQuorate);
        Assert.True(sim.Find(2)!.Engine.IsQuorate);
    }

    [Fact]
    public void LastManStanding_TimerArmedAfterNodesLeave_StaleFiringIgnored()
    {
        var options = new QuorumOptions { Nodes = [.. Enumerable.Range(1, 4).Select(i => new QuorumNodeOptions(new NodeId((uint)i)))], LastManStanding = true, LastManStandingWindowMs = 100 };
        var sim = new QuorumRingSim(options);
        sim.StartAll([1, 2, 3, 4]);
        sim.Down(4);
        SimQuorumNode node = sim.Find(1)!;
        long due = node.Host.Timers[QuorumTimer.LastManStanding];
        node.Engine.OnTimer(QuorumTimer.LastManStanding, due - 1);
        Assert.Equal(4u, node.Engine.GetStatus().ExpectedVotes);
        node.Engine.OnTimer(QuorumTimer.LastManStanding, due);
        Assert.Equal(3u, node.Engine.GetStatus().ExpectedVotes);
        Assert.True(node.Host.Events[^1].Change.HasFlag(QuorumChange.ExpectedVotesChanged));
    }
}
