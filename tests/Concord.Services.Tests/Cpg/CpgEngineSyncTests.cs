using Concord.Core;
using Concord.Services.Cpg;
using Concord.Services.Tests.Cpg.Support;
using Concord.Totem;

namespace Concord.Services.Tests.Cpg;

[Trait("Category", "Unit")]
public sealed class CpgEngineSyncTests
{
    private static readonly ClientId A = CpgTestCluster.Client(1, 100);
    private static readonly ClientId B = CpgTestCluster.Client(2, 200);
    private static readonly ClientId C = CpgTestCluster.Client(3, 300);
    private static readonly ClientId D = CpgTestCluster.Client(3, 301);

    private static CpgTestCluster ThreeMembers(CpgHistoryChecker? checker = null)
    {
        var cluster = new CpgTestCluster([1, 2, 3], null, checker);
        cluster.Configure(1, 2, 3);
        cluster.DeliverAll();
        cluster[1].Engine.Join(A, "g");
        cluster[2].Engine.Join(B, "g");
        cluster[3].Engine.Join(C, "g");
        cluster.DeliverAll();
        return cluster;
    }

    private static void AssertAllAgree(CpgTestCluster cluster)
    {
        var expected = cluster.Nodes.First().Engine.Groups();
        foreach (var node in cluster.Nodes)
        {
            Assert.False(node.Engine.IsSyncing);
            Assert.Equal(expected.Select(g => g.Name), node.Engine.Groups().Select(g => g.Name));
            Assert.Equal(expected.SelectMany(g => g.Members), node.Engine.Groups().SelectMany(g => g.Members));
        }
    }

    [Fact]
    public void NodeLeavesConfiguration_ItsProcessesLeaveWithNodeDown()
    {
        var cluster = ThreeMembers();

        cluster.Configure([1, 2], [3]);

        foreach (var (node, client) in new[] { (1u, A), (2u, B) })
        {
            var ev = cluster[node].Host.MembershipEventsFor(client)[^1];
            Assert.Equal([new CpgMemberChange(C.Address, CpgReason.NodeDown)], ev.Left);
            Assert.Equal([A.Address, B.Address], ev.Members);
        }
        var atC = cluster[3].Host.MembershipEventsFor(C)[^1];
        Assert.Equal([new CpgMemberChange(A.Address, CpgReason.NodeDown), new CpgMemberChange(B.Address, CpgReason.NodeDown)], atC.Left);
        Assert.Equal([C.Address], atC.Members);
    }

    [Fact]
    public void PartitionHeals_EachSideSeesTheOtherWithNodeUpAndViewsAgree()
    {
        var cluster = ThreeMembers();
        cluster.Configure([1, 2], [3]);
        cluster.DeliverAll();
        cluster[3].Engine.Join(D, "g");
        cluster[3].Engine.Join(D, "h");
        cluster.DeliverAll();

        cluster.Configure(1, 2, 3);
        cluster.DeliverAll();

        var atA = cluster[1].Host.MembershipEventsFor(A, "g")[^1];
        Assert.Equal([new CpgMemberChange(C.Address, CpgReason.NodeUp), new CpgMemberChange(D.Address, CpgReason.NodeUp)], atA.Joined);
        var atC = cluster[3].Host.MembershipEventsFor(C, "g")[^1];
        Assert.Equal([new CpgMemberChange(A.Address, CpgReason.NodeUp), new CpgMemberChange(B.Address, CpgReason.NodeUp)], atC.Joined);
        Assert.Equal([A.Address, B.Address, C.Address, D.Address], atA.Members);
        Assert.Equal(atA.Members, atC.Members);
        AssertAllAgree(cluster);
        Assert.Equal([D.Address], cluster[1].Engine.Members("h"));
    }

    [Fact]
    public void NodeRestarts_OldProcessesNodeDownNewJoinsAfterSync()
    {
        var cluster = CpgTestCluster.Formed(1, 2);
        cluster[1].Engine.Join(A, "g");
        cluster[2].Engine.Join(B, "g");
        cluster.DeliverAll();

        cluster.Crash(2);
        cluster.Start(2);
        var b2 = B with { Pid = 201 };
        Assert.Equal(CpgResult.Ok, cluster[2].Engine.Join(b2, "g"));
        cluster.Configure(1, 2);
        cluster.DeliverAll();

        var events = cluster[1].Host.MembershipEventsFor(A);
        Assert.Equal([new CpgMemberChange(B.Address, CpgReason.NodeDown)], events[^2].Left);
        Assert.Equal([new CpgMemberChange(b2.Address, CpgReason.Join)], events[^1].Joined);
        Assert.Equal([A.Address, b2.Address], events[^1].Members);
        AssertAllAgree(cluster);
    }

    [Fact]
    public void Send_DuringSync_HeldUntilEveryListIsIn()
    {
        var cluster = ThreeMembers();
        cluster.Configure(1, 2, 3);

        Assert.True(cluster[1].Engine.IsSyncing);
        Assert.Equal(CpgResult.Ok, cluster[1].Engine.Send(A, "g", new byte[] { 1 }));
        Assert.Equal(1, cluster[1].Engine.OutboxMessages);
        Assert.Single(cluster[1].Host.SendQueue); // only the sync list
        cluster.DeliverNext(1);
        cluster.DeliverNext(2);
        Assert.True(cluster[1].Engine.IsSyncing);
        Assert.Empty(cluster[1].Host.SendQueue);
        cluster.DeliverNext(3);

        Assert.False(cluster[1].Engine.IsSyncing);
        Assert.Equal(0, cluster[1].Engine.OutboxMessages);
        cluster.DeliverAll();
        Assert.Single(cluster[2].Host.MessagesFor(B));
    }

    [Fact]
    public void SameMembersNewRing_SyncProducesNoMembershipEvents()
    {
        var cluster = ThreeMembers();
        int before = cluster[1].Host.MembershipEventsFor(A).Count;

        cluster.Configure(1, 2, 3);
        cluster.DeliverAll();

        Assert.Equal(before, cluster[1].Host.MembershipEventsFor(A).Count);
        Assert.All(cluster.Nodes, n => Assert.Equal(0, n.Engine.Counters.SyncCorrections));
    }

    [Fact]
    public void SyncInterrupted_NextConfigurationSyncConverges()
    {
        var checker = new CpgHistoryChecker();
        var cluster = ThreeMembers(checker);
        cluster.Configure([1, 2], [3]);
        cluster.DeliverAll();
        cluster[3].Engine.Join(D, "g");
        cluster.DeliverAll();

        cluster.Configure(1, 2, 3);
        cluster.DeliverNext(3); // node 3's list only
        var id = new TestMessageId(A.Address, 1);
        Assert.Equal(CpgResult.Ok, cluster[1].Engine.Send(A, "g", TestPayload.Create(id, "g", 8)));
        checker.OnSent(A, "g", id);
        cluster.Configure([1, 3], [2]);
        cluster.DeliverNext(1);
        cluster.Configure(1, 2, 3);
        cluster.DeliverAll();

        Assert.True(cluster[1].Engine.Counters.SyncsInterrupted >= 2);
        AssertAllAgree(cluster);
        Assert.Equal([A.Address, B.Address, C.Address, D.Address], cluster[2].Engine.Members("g"));
        checker.CheckSelfDelivery(A);
        Assert.True(checker.EpochComparisons > 0);
    }

    [Fact]
    public void SyncList_ForAnEarlierRing_IgnoredAsStale()
    {
        var cluster = ThreeMembers();
        var oldRing = cluster[1].Ring!.Value;
        cluster.Configure(1, 2, 3);

        cluster[1].Engine.OnDelivery(new NodeId(2), CpgCodec.EncodeSyncJoinList(oldRing, final: true, []));

        Assert.Equal(1, cluster[1].Engine.Counters.StaleSyncMessages);
        cluster.DeliverAll();
        AssertAllAgree(cluster);
    }

    [Fact]
    public void JoinQueuedInOldRing_DeliveredBeforeListOnMerge_EveryoneAgrees()
    {
        var cluster = new CpgTestCluster(1, 2);
        cluster.Configure([1], [2]);
        cluster.DeliverAll();
        cluster[1].Engine.Join(A, "g");
        cluster.DeliverAll();
        cluster[2].Engine.Join(B, "g"); // handed to Totem, not delivered before the merge

        cluster.Configure(1, 2);
        cluster.DeliverAll();

        Assert.True(cluster[1].Engine.Counters.OperationsBeforeSyncList > 0);
        AssertAllAgree(cluster);
        Assert.Equal([A.Address, B.Address], cluster[1].Engine.Members("g"));
        Assert.Equal([A.Address, B.Address], cluster[2].Host.MembershipEventsFor(B)[^1].Members);
        Assert.Equal([new CpgMemberChange(B.Address, CpgReason.NodeUp)], cluster[1].Host.MembershipEventsFor(A)[^1].Joined);
    }

    [Fact]
    public void LeaveQueuedInOldRing_DeliveredAfterMerge_EveryoneAgrees()
    {
        var cluster = new CpgTestCluster(1, 2);
        cluster.Configure([1], [2]);
        cluster.DeliverAll();
        cluster[1].Engine.Join(A, "g");
        cluster[2].Engine.Join(B, "g");
        cluster.DeliverAll();
        cluster[2].Engine.Leave(B, "g");

        cluster.Configure(1, 2);
        cluster.DeliverAll();

        AssertAllAgree(cluster);
        Assert.Equal([A.Address], cluster[1].Engine.Members("g"));
    }

    [Fact]
    public void ManyMemberships_SyncListInChunks_Completes()
    {
        var options = new CpgOptions { SyncChunkBytesMax = 200 };
        var cluster = new CpgTestCluster([1, 2], options);
        cluster.Configure([1], [2]);
        cluster.DeliverAll();
        for (uint pid = 1; pid <= 40; pid++) cluster[1].Engine.Join(CpgTestCluster.Client(1, pid), $"group-{pid % 7}");
        cluster.DeliverAll();

        cluster.Configure(1, 2);
        Assert.True(cluster[1].Host.SendQueue.Count >= 3);
        cluster.DeliverAll();

        AssertAllAgree(cluster);
        Assert.Equal(40, cluster[2].Engine.Groups().Sum(g => g.Members.Count));
    }

    [Fact]
    public void MessageFromNodeThatLeaves_DeliveredBeforeItsNodeDown()
    {
        var cluster = ThreeMembers();
        cluster[3].Engine.Send(C, "g", new byte[] { 3 });
        cluster.DeliverAll();

        cluster.Configure([1, 2], [3]);

        var atA = cluster[1].Host.EventsFor(A).ToList();
        Assert.IsType<CpgMessageEvent>(atA[^3]);
        Assert.IsType<CpgTotemEvent>(atA[^2]);
        Assert.Equal(CpgReason.NodeDown, Assert.Single(Assert.IsType<CpgMembershipEvent>(atA[^1]).Left).Reason);
    }

    [Fact]
    public void MessageReachingOneSideBeforeSplit_OtherSideNeverSeesIt()
    {
        var checker = new CpgHistoryChecker();
        var cluster = ThreeMembers(checker);
        cluster[1].Engine.Send(A, "g", TestPayload.Create(new TestMessageId(A.Address, 1), "g", 4));
        checker.OnSent(A, "g", new TestMessageId(A.Address, 1));

        cluster.DeliverNextTo(1, [1, 2]);
        cluster.Configure([1, 2], [3]);
        cluster.DeliverAll();

        Assert.Single(cluster[2].Host.MessagesFor(B));
        Assert.Empty(cluster[3].Host.MessagesFor(C));
        checker.CheckSelfDelivery(A);
    }

    [Fact]
    public void SyncList_FromKnownNodeDisagreeing_CorrectedWithEvents()
    {
        var cluster = ThreeMembers();
        cluster.Configure(1, 2, 3);
        var ring = cluster[1].Ring!.Value;

        // Node 3 claims a process the others never saw join: the list wins, reported as node-up.
        cluster[1].Engine.OnDelivery(new NodeId(3), CpgCodec.EncodeSyncJoinList(ring, final: true, [new CpgSyncEntry("g", 300), new CpgSyncEntry("g", 399)]));

        Assert.Equal(1, cluster[1].Engine.Counters.SyncCorrections);
        Assert.Contains(new CpgAddress(new NodeId(3), 399), cluster[1].Engine.Members("g"));
    }

    [Fact]
    public void SyncList_FromNodeOutsideTransitionalConfiguration_IgnoredThenNodeDown()
    {
        var cluster = ThreeMembers();
        cluster.Configure(1, 2, 3);
        var ring = cluster[1].Ring!.Value;
        var engine = cluster[1].Engine;
        var next = new RingId(new NodeId(1), 1_000);
        NodeId[] survivors = [new(1), new(2)];

        engine.OnConfiguration(new TotemConfiguration(ConfigurationKind.Transitional, next, survivors, [], []));
        // After a gap node 3's list may disagree with what we saw of it (its join of 399 was lost).
        engine.OnDelivery(new NodeId(3), CpgCodec.EncodeSyncJoinList(ring, final: true, [new CpgSyncEntry("g", 300), new CpgSyncEntry("g", 399)]));
        engine.OnConfiguration(new TotemConfiguration(ConfigurationKind.Regular, next, survivors, [], [new NodeId(3)]));

        Assert.Equal(0, engine.Counters.SyncCorrections);
        Assert.Equal(1, engine.Counters.StaleSyncMessages);
        Assert.Equal([A.Address, B.Address], engine.Members("g"));
        Assert.Equal([new CpgMemberChange(C.Address, CpgReason.NodeDown)], cluster[1].Host.MembershipEventsFor(A)[^1].Left);
    }
}
