using Concord.Core;
using Concord.Services.Cpg;
using Concord.Services.Tests.Cpg.Support;

namespace Concord.Services.Tests.Cpg;

[Trait("Category", "Unit")]
public sealed class CpgEngineMembershipTests
{
    private static readonly ClientId A = CpgTestCluster.Client(1, 100);
    private static readonly ClientId B = CpgTestCluster.Client(2, 200);

    [Fact]
    public void Join_Delivered_JoinerGetsEventWithItselfJoined()
    {
        var cluster = CpgTestCluster.Formed(1, 2);

        Assert.Equal(CpgResult.Ok, cluster[1].Engine.Join(A, "g"));
        cluster.DeliverAll();

        var ev = Assert.Single(cluster[1].Host.MembershipEventsFor(A));
        Assert.Equal("g", ev.Group);
        Assert.Equal([A.Address], ev.Members);
        Assert.Equal([new CpgMemberChange(A.Address, CpgReason.Join)], ev.Joined);
        Assert.Empty(ev.Left);
    }

    [Fact]
    public void Join_SecondMember_BothSeeSameEvent()
    {
        var cluster = CpgTestCluster.Formed(1, 2);
        cluster[1].Engine.Join(A, "g");
        cluster.DeliverAll();

        cluster[2].Engine.Join(B, "g");
        cluster.DeliverAll();

        var atA = cluster[1].Host.MembershipEventsFor(A)[^1];
        var atB = Assert.Single(cluster[2].Host.MembershipEventsFor(B));
        Assert.Equal([A.Address, B.Address], atA.Members);
        Assert.Equal(atA.Members, atB.Members);
        Assert.Equal([new CpgMemberChange(B.Address, CpgReason.Join)], atB.Joined);
        Assert.Equal(atA.Joined, atB.Joined);
    }

    [Fact]
    public void Join_BeforeFirstConfiguration_HeldUntilSyncCompletes()
    {
        var cluster = new CpgTestCluster(1);

        Assert.Equal(CpgResult.Ok, cluster[1].Engine.Join(A, "g"));

        Assert.Empty(cluster[1].Host.SendQueue);
        Assert.True(cluster[1].Engine.IsSyncing);
        cluster.Configure(1);
        cluster.DeliverAll();
        Assert.False(cluster[1].Engine.IsSyncing);
        Assert.Equal([A.Address], cluster[1].Engine.Members("g"));
    }

    [Fact]
    public void Join_SamePidTwice_AlreadyMember()
    {
        var cluster = CpgTestCluster.Formed(1);
        cluster[1].Engine.Join(A, "g");

        Assert.Equal(CpgResult.AlreadyMember, cluster[1].Engine.Join(A, "g"));
        Assert.Equal(CpgResult.AlreadyMember, cluster[1].Engine.Join(A with { Connection = 2 }, "g"));
        Assert.Equal(CpgResult.Ok, cluster[1].Engine.Join(A, "other"));
    }

    [Fact]
    public void Join_ClientOfAnotherNode_InvalidClient()
    {
        var cluster = CpgTestCluster.Formed(1, 2);

        Assert.Equal(CpgResult.InvalidClient, cluster[1].Engine.Join(B, "g"));
        Assert.Equal(CpgResult.InvalidClient, cluster[1].Engine.Send(B, "g", new byte[1]));
        Assert.Equal(CpgResult.InvalidClient, cluster[1].Engine.Leave(B, "g"));
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    public void Join_InvalidGroupName_InvalidGroup(string? group)
    {
        var cluster = CpgTestCluster.Formed(1);

        Assert.Equal(CpgResult.InvalidGroup, cluster[1].Engine.Join(A, group!));
        Assert.Equal(CpgResult.InvalidGroup, cluster[1].Engine.Join(A, new string('x', 129)));
        Assert.Equal(CpgResult.InvalidGroup, cluster[1].Engine.Send(A, new string('x', 129), new byte[1]));
        Assert.Equal(CpgResult.InvalidGroup, cluster[1].Engine.Leave(A, ""));
    }

    [Fact]
    public void Join_MoreGroupsThanClientLimit_LimitReached()
    {
        var cluster = new CpgTestCluster([1], new CpgOptions { GroupsPerClientMax = 2 });

        Assert.Equal(CpgResult.Ok, cluster[1].Engine.Join(A, "g1"));
        Assert.Equal(CpgResult.Ok, cluster[1].Engine.Join(A, "g2"));
        Assert.Equal(CpgResult.LimitReached, cluster[1].Engine.Join(A, "g3"));
        Assert.Equal(CpgResult.Ok, cluster[1].Engine.Join(A with { Pid = 101 }, "g3"));
    }

    [Fact]
    public void Join_MoreMembershipsThanNodeLimit_LimitReached()
    {
        var cluster = new CpgTestCluster([1], new CpgOptions { LocalMembershipsMax = 2 });

        Assert.Equal(CpgResult.Ok, cluster[1].Engine.Join(A, "g"));
        Assert.Equal(CpgResult.Ok, cluster[1].Engine.Join(A with { Pid = 101 }, "g"));
        Assert.Equal(CpgResult.LimitReached, cluster[1].Engine.Join(A with { Pid = 102 }, "g"));
    }

    [Fact]
    public void Leave_Delivered_LeaverAndOthersSeeLeaveEvent()
    {
        var cluster = CpgTestCluster.Formed(1, 2);
        cluster[1].Engine.Join(A, "g");
        cluster[2].Engine.Join(B, "g");
        cluster.DeliverAll();

        Assert.Equal(CpgResult.Ok, cluster[1].Engine.Leave(A, "g"));
        cluster.DeliverAll();

        var expected = new CpgMemberChange(A.Address, CpgReason.Leave);
        var atA = cluster[1].Host.MembershipEventsFor(A)[^1];
        var atB = cluster[2].Host.MembershipEventsFor(B)[^1];
        Assert.Equal([expected], atA.Left);
        Assert.Equal([expected], atB.Left);
        Assert.Equal([B.Address], atB.Members);
        Assert.Equal([B.Address], cluster[1].Engine.Members("g"));
        Assert.Empty(cluster[1].Engine.GroupsOf(A));
    }

    [Fact]
    public void Leave_LastMember_GroupDisappears()
    {
        var cluster = CpgTestCluster.Formed(1);
        cluster[1].Engine.Join(A, "g");
        cluster.DeliverAll();

        cluster[1].Engine.Leave(A, "g");
        cluster.DeliverAll();

        Assert.Empty(cluster[1].Engine.Groups());
    }

    [Fact]
    public void Leave_NotJoined_NotMember()
    {
        var cluster = CpgTestCluster.Formed(1);

        Assert.Equal(CpgResult.NotMember, cluster[1].Engine.Leave(A, "g"));
    }

    [Fact]
    public void Leave_Twice_SecondIsNotMember()
    {
        var cluster = CpgTestCluster.Formed(1);
        cluster[1].Engine.Join(A, "g");

        Assert.Equal(CpgResult.Ok, cluster[1].Engine.Leave(A, "g"));
        Assert.Equal(CpgResult.NotMember, cluster[1].Engine.Leave(A, "g"));
    }

    [Fact]
    public void Leave_ByAnotherConnectionOfSamePid_NotMember()
    {
        var cluster = CpgTestCluster.Formed(1);
        cluster[1].Engine.Join(A, "g");

        Assert.Equal(CpgResult.NotMember, cluster[1].Engine.Leave(A with { Connection = 9 }, "g"));
    }

    [Fact]
    public void Join_WhileLeaveInFlight_TryAgainThenOkOnceDelivered()
    {
        var cluster = CpgTestCluster.Formed(1);
        cluster[1].Engine.Join(A, "g");
        cluster[1].Engine.Leave(A, "g");

        Assert.Equal(CpgResult.TryAgain, cluster[1].Engine.Join(A, "g"));
        cluster.DeliverAll();
        Assert.Equal(CpgResult.Ok, cluster[1].Engine.Join(A, "g"));
    }

    [Fact]
    public void JoinThenLeave_BeforeDelivery_EventsArriveInOrder()
    {
        var cluster = CpgTestCluster.Formed(1);

        cluster[1].Engine.Join(A, "g");
        cluster[1].Engine.Leave(A, "g");
        cluster.DeliverAll();

        var events = cluster[1].Host.MembershipEventsFor(A);
        Assert.Equal(2, events.Count);
        Assert.Equal(CpgReason.Join, Assert.Single(events[0].Joined).Reason);
        Assert.Equal(CpgReason.Leave, Assert.Single(events[1].Left).Reason);
    }

    [Fact]
    public void Groups_SeveralGroups_ListedByNameWithSortedMembers()
    {
        var cluster = CpgTestCluster.Formed(1, 2);
        cluster[2].Engine.Join(B, "zeta");
        cluster[1].Engine.Join(A with { Pid = 300 }, "alpha");
        cluster[1].Engine.Join(A, "alpha");
        cluster[2].Engine.Join(B, "alpha");
        cluster.DeliverAll();

        foreach (var node in cluster.Nodes)
        {
            var groups = node.Engine.Groups();
            Assert.Equal(["alpha", "zeta"], groups.Select(g => g.Name));
            Assert.Equal([A.Address, new CpgAddress(new NodeId(1), 300), B.Address], groups[0].Members);
            Assert.Equal([B.Address], groups[1].Members);
        }
    }

    [Fact]
    public void TotemEvent_RegularConfiguration_EachJoinedClientOnce()
    {
        var cluster = CpgTestCluster.Formed(1, 2);
        cluster[1].Engine.Join(A, "g1");
        cluster[1].Engine.Join(A, "g2");
        var idle = CpgTestCluster.Client(1, 555);
        cluster.DeliverAll();

        cluster.Configure(1);

        var totem = Assert.Single(cluster[1].Host.EventsFor(A).OfType<CpgTotemEvent>());
        Assert.Equal([new NodeId(1)], totem.Members);
        Assert.Equal(cluster[1].Ring, totem.RingId);
        Assert.Empty(cluster[1].Host.EventsFor(idle));
    }

    [Fact]
    public void Constructor_InvalidOptions_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => new CpgEngine(new NodeId(1), new RecordingCpgHost(), new CpgOptions { OutboxMessagesMax = 0 }));
        Assert.Contains("OutboxMessagesMax", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new CpgEngine(NodeId.None, new RecordingCpgHost()));
    }
}
