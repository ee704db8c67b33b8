using Concord.ClusterHarness;
using Concord.Cli.Lab;
using Xunit.Abstractions;

namespace Concord.Integration.Tests;

/// <summary>`concord reload` applies nodelist additions and removals without restarting anyone.</summary>
[Trait("Category", "Integration")]
public sealed class ReloadTests(ITestOutputHelper output)
{
    [Fact]
    public void Reload_AddThenRemoveNode_MembershipFollowsWithoutRestart()
    {
        using var cluster = new TestCluster(4, new LoopbackNetwork(), tokenMs: 1000);
        string fourNodes = File.ReadAllText(cluster.ConfigFile);
        string keyFile = Path.Combine(cluster.Directory, "authkey");
        string threeNodes = LabLayout.RenderConfig(keyFile, 3, 1, 1000, cluster.Network.Address, cluster.Port);
        File.WriteAllText(cluster.ConfigFile, threeNodes);
        for (int i = 1; i <= 3; i++) cluster.Start(i);
        Eventually.Holds(output, cluster, () => cluster.HaveMembership(1, 2, 3), "3 listed nodes form");
        int[] pids = [cluster.Pid(1), cluster.Pid(2), cluster.Pid(3)];

        File.WriteAllText(cluster.ConfigFile, fourNodes);
        for (int i = 1; i <= 3; i++)
        {
            var reply = cluster.Request(i, "reload");
            Assert.True(reply.Ok, reply.Error);
            Assert.Contains("1 node(s) added", reply.Result!["summary"]!.GetValue<string>(), StringComparison.Ordinal);
        }
        cluster.Start(4);
        Eventually.Holds(output, cluster, () => cluster.HaveMembership(1, 2, 3, 4), "node 4 joins after reload");

        File.WriteAllText(cluster.ConfigFile, threeNodes);
        for (int i = 1; i <= 3; i++) Assert.True(cluster.Request(i, "reload").Ok);
        Eventually.Holds(output, cluster, () => cluster.HaveMembership(1, 2, 3), "node 4 dropped after its removal");
        int[] pidsAfter = [cluster.Pid(1), cluster.Pid(2), cluster.Pid(3)];
        Assert.Equal(pids, pidsAfter);
    }

    [Fact]
    public void Reload_InvalidConfig_RefusedAndClusterUntouched()
    {
        using var cluster = new TestCluster(2, new LoopbackNetwork(), tokenMs: 1000);
        cluster.StartAll();
        Eventually.Holds(output, cluster, () => cluster.HaveMembership(1, 2), "2 nodes form");
        string ring = cluster.RingId(1)!;
        File.WriteAllText(cluster.ConfigFile, "totem {\n  token: fast\n");
        var reply = cluster.Request(1, "reload");
        Assert.False(reply.Ok);
        Assert.Equal(65, reply.ExitCode);
        Assert.Contains("not reloaded", reply.Error, StringComparison.Ordinal);
        Assert.True(cluster.HaveMembership(1, 2));
        Assert.Equal(ring, cluster.RingId(1));
    }
}
