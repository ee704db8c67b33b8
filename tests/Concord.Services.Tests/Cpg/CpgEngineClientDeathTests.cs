using Concord.Services.Cpg;
using Concord.Services.Tests.Cpg.Support;

namespace Concord.Services.Tests.Cpg;

[Trait("Category", "Unit")]
public sealed class CpgEngineClientDeathTests
{
    private static readonly ClientId A = CpgTestCluster.Client(1, 100);
    private static readonly ClientId B = CpgTestCluster.Client(2, 200);

    private static CpgTestCluster TwoMembers()
    {
        var cluster = CpgTestCluster.Formed(1, 2);
        cluster[1].Engine.Join(A, "g");
        cluster[1].Engine.Join(A, "h");
        cluster[2].Engine.Join(B, "g");
        cluster.DeliverAll();
        return cluster;
    }

    [Fact]
    public void ClientDied_Member_OthersSeeProcessDownInEveryGroup()
    {
        var cluster = TwoMembers();
        int eventsBefore = cluster[1].Host.EventsFor(A).Count();

        cluster[1].Engine.ClientDied(A);
        cluster.DeliverAll();

        Assert.Equal([new CpgMemberChange(A.Address, CpgReason.ProcessDown)], cluster[2].Host.MembershipEventsFor(B)[^1].Left);
        Assert.Equal(eventsBefore, cluster[1].Host.EventsFor(A).Count());
        Assert.Empty(cluster[1].Engine.Members("h"));
        Assert.All(cluster.Nodes, n => Assert.Equal([B.Address], n.Engine.Members("g")));
    }

    [Fact]
    public void ClientDied_NoMoreDeliveriesToIt()
    {
        var cluster = TwoMembers();

        cluster[2].Engine.Send(B, "g", new byte[1]);
        cluster[1].Engine.ClientDied(A);
        cluster.DeliverAll();

        Assert.Empty(cluster[1].Host.MessagesFor(A));
        Assert.Single(cluster[2].Host.MessagesFor(B));
    }

    [Fact]
    public void ClientDied_JoinStillHeld_NothingBroadcast()
    {
        var cluster = TwoMembers();
        cluster.Configure(1, 2);
        var late = A with { Pid = 101 };
        cluster[1].Engine.Join(late, "g");
        cluster[1].Engine.Send(late, "g", new byte[1]);

        cluster[1].Engine.ClientDied(late);
        cluster.DeliverAll();

        Assert.Equal(0, cluster[1].Engine.PendingBroadcasts);
        Assert.DoesNotContain(late.Address, cluster[2].Engine.Members("g"));
        Assert.DoesNotContain(cluster[2].Host.MembershipEventsFor(B), e => e.Joined.Any(j => j.Process == late.Address) || e.Left.Any(l => l.Process == late.Address));
    }

    [Fact]
    public void ClientDied_HeldMessagesAndLeave_ReplacedByProcessDown()
    {
        var cluster = TwoMembers();
        cluster.Configure(1, 2);
        cluster[1].Engine.Send(A, "g", new byte[1]);
        cluster[1].Engine.Leave(A, "g");

        cluster[1].Engine.ClientDied(A);
        cluster.DeliverAll();

        Assert.Empty(cluster[2].Host.MessagesFor(B));
        Assert.Equal([new CpgMemberChange(A.Address, CpgReason.ProcessDown)], cluster[2].Host.MembershipEventsFor(B)[^1].Left);
    }

    [Fact]
    public void ClientDied_LeaveAlreadyWithTotem_LeaveReasonKept()
    {
        var cluster = TwoMembers();
        cluster[1].Engine.Leave(A, "g");

        cluster[1].Engine.ClientDied(A);
        cluster.DeliverAll();

        var leaves = cluster[2].Host.MembershipEventsFor(B).SelectMany(e => e.Left).ToList();
        Assert.Equal([new CpgMemberChange(A.Address, CpgReason.Leave)], leaves);
    }

    [Fact]
    public void ClientDied_Unknown_NoEffect()
    {
        var cluster = TwoMembers();

        cluster[1].Engine.ClientDied(CpgTestCluster.Client(1, 999));

        Assert.Equal(0, cluster[1].Engine.Counters.ClientsDied);
        Assert.Equal(0, cluster[1].Engine.PendingBroadcasts);
    }

    [Fact]
    public void ClientDied_SamePidJoinsAgainAfterProcessDown_Ok()
    {
        var cluster = TwoMembers();
        cluster[1].Engine.ClientDied(A);

        Assert.Equal(CpgResult.TryAgain, cluster[1].Engine.Join(A with { Connection = 2 }, "g"));
        cluster.DeliverAll();
        Assert.Equal(CpgResult.Ok, cluster[1].Engine.Join(A with { Connection = 2 }, "g"));
    }
}
