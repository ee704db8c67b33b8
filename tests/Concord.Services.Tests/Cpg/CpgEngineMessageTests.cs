using Concord.Core;
using Concord.Services.Cpg;
using Concord.Services.Tests.Cpg.Support;

namespace Concord.Services.Tests.Cpg;

[Trait("Category", "Unit")]
public sealed class CpgEngineMessageTests
{
    private static readonly ClientId A = CpgTestCluster.Client(1, 100);
    private static readonly ClientId B = CpgTestCluster.Client(2, 200);
    private static readonly ClientId C = CpgTestCluster.Client(3, 300);

    private static CpgTestCluster ThreeMembers()
    {
        var cluster = CpgTestCluster.Formed(1, 2, 3);
        cluster[1].Engine.Join(A, "g");
        cluster[2].Engine.Join(B, "g");
        cluster[3].Engine.Join(C, "g");
        cluster.DeliverAll();
        return cluster;
    }

    [Fact]
    public void Send_Member_EveryMemberIncludingSenderGetsIt()
    {
        var cluster = ThreeMembers();

        Assert.Equal(CpgResult.Ok, cluster[1].Engine.Send(A, "g", new byte[] { 7 }));
        cluster.DeliverAll();

        foreach (var (node, client) in new[] { (1u, A), (2u, B), (3u, C) })
        {
            var message = Assert.Single(cluster[node].Host.MessagesFor(client));
            Assert.Equal(A.Address, message.Sender);
            Assert.Equal("g", message.Group);
            Assert.Equal(new byte[] { 7 }, message.Payload.ToArray());
        }
    }

    [Fact]
    public void Send_SeveralSenders_EveryMemberSeesOneOrder()
    {
        var cluster = ThreeMembers();

        for (byte i = 0; i < 10; i++)
        {
            cluster[1].Engine.Send(A, "g", new[] { i });
            cluster[2].Engine.Send(B, "g", new[] { (byte)(100 + i) });
            cluster[3].Engine.Send(C, "g", new[] { (byte)(200 + i) });
        }
        cluster.DeliverAll();

        var orderAtA = cluster[1].Host.MessagesFor(A).Select(m => m.Payload.Span[0]).ToArray();
        Assert.Equal(30, orderAtA.Length);
        Assert.Equal(orderAtA, cluster[2].Host.MessagesFor(B).Select(m => m.Payload.Span[0]));
        Assert.Equal(orderAtA, cluster[3].Host.MessagesFor(C).Select(m => m.Payload.Span[0]));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (byte)i), orderAtA.Where(b => b < 100));
    }

    [Fact]
    public void Send_BeforeJoinDelivered_OrderedAfterTheJoin()
    {
        var cluster = CpgTestCluster.Formed(1, 2);
        cluster[2].Engine.Join(B, "g");
        cluster.DeliverAll();

        cluster[1].Engine.Join(A, "g");
        Assert.Equal(CpgResult.Ok, cluster[1].Engine.Send(A, "g", new byte[] { 1 }));
        cluster.DeliverAll();

        var atB = cluster[2].Host.EventsFor(B).ToList();
        Assert.IsType<CpgMembershipEvent>(atB[^2]);
        Assert.IsType<CpgMessageEvent>(atB[^1]);
        Assert.Single(cluster[1].Host.MessagesFor(A));
    }

    [Fact]
    public void Send_NotJoined_NotMember()
    {
        var cluster = ThreeMembers();

        Assert.Equal(CpgResult.NotMember, cluster[1].Engine.Send(A, "other", new byte[1]));
        Assert.Equal(CpgResult.NotMember, cluster[1].Engine.Send(A with { Pid = 9 }, "g", new byte[1]));
        Assert.Equal(CpgResult.NotMember, cluster[1].Engine.Send(A with { Connection = 9 }, "g", new byte[1]));
    }

    [Fact]
    public void Send_AfterLeaveRequest_NotMember()
    {
        var cluster = ThreeMembers();

        cluster[1].Engine.Leave(A, "g");

        Assert.Equal(CpgResult.NotMember, cluster[1].Engine.Send(A, "g", new byte[1]));
    }

    [Fact]
    public void Send_BeforeLeave_DeliveredBeforeTheLeaveEverywhere()
    {
        var cluster = ThreeMembers();

        cluster[1].Engine.Send(A, "g", new byte[] { 5 });
        cluster[1].Engine.Leave(A, "g");
        cluster.DeliverAll();

        var atB = cluster[2].Host.EventsFor(B).ToList();
        Assert.IsType<CpgMessageEvent>(atB[^2]);
        Assert.Equal(CpgReason.Leave, Assert.Single(Assert.IsType<CpgMembershipEvent>(atB[^1]).Left).Reason);
        Assert.Single(cluster[1].Host.MessagesFor(A));
    }

    [Fact]
    public void Send_LargerThanLimit_TooLarge()
    {
        var cluster = new CpgTestCluster([1], new CpgOptions { MessageBytesMax = 1000, OutboxBytesMax = 1000, SyncChunkBytesMax = 1000 });
        cluster.Configure(1);
        cluster.DeliverAll();
        cluster[1].Engine.Join(A, "g");

        Assert.Equal(CpgResult.TooLarge, cluster[1].Engine.Send(A, "g", new byte[1000 - CpgCodec.MessageOverheadBytes]));
        Assert.Equal(CpgResult.Ok, cluster[1].Engine.Send(A, "g", new byte[1000 - CpgCodec.MessageOverheadBytes - 1]));
    }

    [Fact]
    public void Send_EmptyPayload_Delivered()
    {
        var cluster = ThreeMembers();

        Assert.Equal(CpgResult.Ok, cluster[2].Engine.Send(B, "g", ReadOnlyMemory<byte>.Empty));
        cluster.DeliverAll();

        Assert.True(Assert.Single(cluster[1].Host.MessagesFor(A)).Payload.IsEmpty);
    }

    [Fact]
    public void Message_GroupWithoutLocalMembers_NothingDelivered()
    {
        var cluster = CpgTestCluster.Formed(1, 2);
        cluster[1].Engine.Join(A, "g");
        cluster[2].Engine.Join(B, "h");
        cluster.DeliverAll();

        cluster[1].Engine.Send(A, "g", new byte[1]);
        cluster.DeliverAll();

        Assert.Empty(cluster[2].Host.MessagesFor(B));
    }

    [Fact]
    public void Message_FromProcessNotInGroup_DroppedAndCounted()
    {
        var cluster = ThreeMembers();

        cluster[1].Engine.OnDelivery(new NodeId(2), CpgCodec.EncodeMessage(999, "g", [1]));

        Assert.Empty(cluster[1].Host.MessagesFor(A));
        Assert.Equal(1, cluster[1].Engine.Counters.MessagesFromNonMembers);
    }

    [Fact]
    public void OnDelivery_Malformed_CountedAndIgnored()
    {
        var cluster = ThreeMembers();
        int before = cluster[1].Host.Events.Count;

        cluster[1].Engine.OnDelivery(new NodeId(2), [0x43, 1, 4]);
        cluster[1].Engine.OnDelivery(new NodeId(2), [0x51, 1, 1, 0]);

        Assert.Equal(2, cluster[1].Engine.Counters.MalformedMessages);
        Assert.Equal(before, cluster[1].Host.Events.Count);
    }

    [Fact]
    public void Message_PayloadBuffer_IsACopyNotTheDeliveredSpan()
    {
        var cluster = ThreeMembers();
        byte[] wire = CpgCodec.EncodeMessage(200, "g", [1, 2, 3]);

        cluster[1].Engine.OnDelivery(new NodeId(2), wire);
        wire[^1] = 99;

        Assert.Equal(new byte[] { 1, 2, 3 }, Assert.Single(cluster[1].Host.MessagesFor(A)).Payload.ToArray());
    }
}
