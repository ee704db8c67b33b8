using Concord.ClusterHarness;
using Xunit.Abstractions;

namespace Concord.Integration.Tests;

/// <summary>Real concordd processes on 127.0.0.x: forming, crashing, leaving, rejoining.</summary>
[Trait("Category", "Integration")]
public sealed class LoopbackClusterTests(ITestOutputHelper output)
{
    [Fact]
    public void ThreeNodes_KillAndRestart_SurvivorsReformAndNodeRejoins()
    {
        using var cluster = new TestCluster(3, new LoopbackNetwork(), tokenMs: 1000);
        cluster.StartAll();
        Eventually.Holds(output, cluster, () => cluster.HaveMembership(1, 2, 3), "3 nodes form one membership");

        cluster.Kill(3);
        Eventually.Holds(output, cluster, () => cluster.HaveMembership(1, 2), "survivors of kill -9 reform as {1,2}");

        cluster.Start(3);
        Eventually.Holds(output, cluster, () => cluster.HaveMembership(1, 2, 3), "restarted node 3 rejoins");
    }

    [Fact]
    public void FiveNodes_GracefulStopThenRestart_LeaveIsCleanAndNodeRejoins()
    {
        using var cluster = new TestCluster(5, new LoopbackNetwork(), tokenMs: 1000);
        cluster.StartAll();
        Eventually.Holds(output, cluster, () => cluster.HaveMembership(1, 2, 3, 4, 5), "5 nodes form one membership");
        string ringBefore = cluster.RingId(1)!;

        Assert.Equal(0, cluster.Stop(5));
        Eventually.Holds(output, cluster, () => cluster.HaveMembership(1, 2, 3, 4), "graceful stop of node 5 leaves {1..4}");
        Assert.NotEqual(ringBefore, cluster.RingId(1));
        Assert.Contains("node5 (id 5) left: it shut down cleanly", cluster.Logs(), StringComparison.Ordinal);

        cluster.Kill(2);
        Eventually.Holds(output, cluster, () => cluster.HaveMembership(1, 3, 4), "kill -9 of node 2 leaves {1,3,4}");

        cluster.Start(5);
        cluster.Start(2);
        Eventually.Holds(output, cluster, () => cluster.HaveMembership(1, 2, 3, 4, 5), "both nodes rejoin");
    }
}
