using Concord.Core;
using Concord.Services.Cpg;
using Concord.Services.Tests.Cpg.Support;
using Concord.Totem;

namespace Concord.Services.Tests.Cpg;

[Trait("Category", "Unit")]
public sealed class CpgEngineFlowControlTests
{
    private static readonly ClientId A = CpgTestCluster.Client(1, 100);
    private static readonly ClientId B = CpgTestCluster.Client(2, 200);

    private static CpgTestCluster TwoMembers(CpgOptions? options = null)
    {
        var cluster = new CpgTestCluster([1, 2], options);
        cluster.Configure(1, 2);
        cluster.DeliverAll();
        cluster[1].Engine.Join(A, "g");
        cluster[2].Engine.Join(B, "g");
        cluster.DeliverAll();
        return cluster;
    }

    [Fact]
    public void Send_TotemQueueFull_TryAgainAndNothingQueued()
    {
        var cluster = TwoMembers();
        cluster[1].Host.Capacity = 0;

        Assert.Equal(CpgResult.TryAgain, cluster[1].Engine.Send(A, "g", new byte[1]));

        Assert.Empty(cluster[1].Host.SendQueue);
        Assert.Equal(0, cluster[1].Engine.PendingBroadcasts);
        Assert.Equal(1, cluster[1].Engine.Counters.SendsRefused);
        cluster[1].Host.Capacity = int.MaxValue;
        Assert.Equal(CpgResult.Ok, cluster[1].Engine.Send(A, "g", new byte[1]));
    }

    [Fact]
    public void Join_TotemQueueFull_TryAgainAndNoMembershipKept()
    {
        var cluster = TwoMembers();
        cluster[1].Host.Capacity = 0;
        var other = A with { Pid = 5 };

        Assert.Equal(CpgResult.TryAgain, cluster[1].Engine.Join(other, "g"));
        Assert.Empty(cluster[1].Engine.GroupsOf(other));
        Assert.Equal(CpgResult.TryAgain, cluster[1].Engine.Leave(A, "g"));
        Assert.Equal(["g"], cluster[1].Engine.GroupsOf(A));
    }

    [Fact]
    public void Send_DuringSyncBeyondOutboxMessages_TryAgain()
    {
        var cluster = TwoMembers(new CpgOptions { OutboxMessagesMax = 2 });
        cluster.Configure(1, 2);

        Assert.Equal(CpgResult.Ok, cluster[1].Engine.Send(A, "g", new byte[] { 1 }));
        Assert.Equal(CpgResult.Ok, cluster[1].Engine.Send(A, "g", new byte[] { 2 }));
        Assert.Equal(CpgResult.TryAgain, cluster[1].Engine.Send(A, "g", new byte[] { 3 }));
        cluster.DeliverAll();

        Assert.Equal([1, 2], cluster[2].Host.MessagesFor(B).Select(m => (int)m.Payload.Span[0]));
    }

    [Fact]
    public void Send_DuringSyncBeyondOutboxBytes_TryAgain()
    {
        var options = new CpgOptions { MessageBytesMax = 4096, OutboxBytesMax = 4096, SyncChunkBytesMax = 4096 };
        var cluster = TwoMembers(options);
        cluster.Configure(1, 2);

        Assert.Equal(CpgResult.Ok, cluster[1].Engine.Send(A, "g", new byte[3000]));
        Assert.Equal(CpgResult.TryAgain, cluster[1].Engine.Send(A, "g", new byte[1500]));
        Assert.Equal(CpgResult.Ok, cluster[1].Engine.Send(A, "g", new byte[1000]));
    }

    [Fact]
    public void HeldMessages_TotemPushesBackWhileReleasing_KeptInOrderAndRetried()
    {
        var cluster = TwoMembers();
        cluster.Configure(1, 2);
        for (byte i = 0; i < 5; i++) Assert.Equal(CpgResult.Ok, cluster[1].Engine.Send(A, "g", new[] { i }));
        cluster[1].Host.Capacity = 0; // Totem is full when the sync completes

        cluster.DeliverAll();
        Assert.False(cluster[1].Engine.IsSyncing);
        Assert.Equal(5, cluster[1].Engine.PendingBroadcasts);
        Assert.Equal(CpgResult.Ok, cluster[1].Engine.Send(A, "g", new byte[] { 5 })); // behind the held ones
        cluster[1].Host.Capacity = 2;
        cluster[1].Engine.Flush();
        Assert.Equal(4, cluster[1].Engine.PendingBroadcasts);
        cluster.DeliverAll(); // each delivery makes room and the engine retries

        Assert.Equal(Enumerable.Range(0, 6), cluster[2].Host.MessagesFor(B).Select(m => (int)m.Payload.Span[0]));
        Assert.Equal(0, cluster[1].Engine.PendingBroadcasts);
        Assert.True(cluster[1].Engine.Counters.BroadcastTryAgain > 0);
    }

    [Fact]
    public void SyncList_TotemPushesBack_RetriedOnFlushAndSyncCompletes()
    {
        var cluster = TwoMembers();
        cluster[1].Host.Capacity = 0;

        cluster.Configure(1, 2);
        cluster.DeliverAll();
        Assert.True(cluster[2].Engine.IsSyncing);
        cluster[1].Host.Capacity = int.MaxValue;
        cluster[1].Engine.Flush();
        cluster.DeliverAll();

        Assert.False(cluster[1].Engine.IsSyncing);
        Assert.False(cluster[2].Engine.IsSyncing);
    }

    [Fact]
    public void ClientDied_TotemPushesBack_ProcessDownRetriedNeverDropped()
    {
        var cluster = TwoMembers();
        cluster[1].Host.Capacity = 0;

        cluster[1].Engine.ClientDied(A);
        Assert.Equal(1, cluster[1].Engine.PendingBroadcasts);
        cluster[1].Host.Capacity = int.MaxValue;
        cluster[2].Engine.Send(B, "g", new byte[1]);
        cluster.DeliverAll(); // node 1 retries on the delivery

        Assert.Equal([new CpgMemberChange(A.Address, CpgReason.ProcessDown)], cluster[2].Host.MembershipEventsFor(B)[^1].Left);
    }

    [Fact]
    public void Host_DeliveringInsideBroadcast_EventsStillInOrder()
    {
        var host = new LoopbackHost();
        var engine = new CpgEngine(new NodeId(1), host);
        host.Engine = engine;
        engine.OnConfiguration(new TotemConfiguration(ConfigurationKind.Transitional, new RingId(new NodeId(1), 4), [new NodeId(1)], [], []));
        engine.OnConfiguration(new TotemConfiguration(ConfigurationKind.Regular, new RingId(new NodeId(1), 4), [new NodeId(1)], [new NodeId(1)], []));

        Assert.False(engine.IsSyncing);
        Assert.Equal(CpgResult.Ok, engine.Join(A, "g"));
        Assert.Equal(CpgResult.Ok, engine.Send(A, "g", new byte[] { 1 }));
        Assert.Equal(CpgResult.Ok, engine.Leave(A, "g"));

        Assert.Collection(host.Events,
            e => Assert.Equal(CpgReason.Join, Assert.Single(Assert.IsType<CpgMembershipEvent>(e).Joined).Reason),
            e => Assert.IsType<CpgMessageEvent>(e),
            e => Assert.Equal(CpgReason.Leave, Assert.Single(Assert.IsType<CpgMembershipEvent>(e).Left).Reason));
    }

    /// <summary>A ring of one whose Totem delivers inside Send, as a lone TotemProcessor may.</summary>
    private sealed class LoopbackHost : ICpgHost
    {
        public CpgEngine? Engine { get; set; }

        public List<CpgEvent> Events { get; } = [];

        public SendResult Broadcast(ReadOnlyMemory<byte> message)
        {
            Engine!.OnDelivery(new NodeId(1), message.Span);
            return SendResult.Queued;
        }

        public void Deliver(ClientId to, CpgEvent ev) => Events.Add(ev);
    }
}
