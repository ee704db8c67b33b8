using Concord.ClusterHarness;
using Xunit.Abstractions;

namespace Concord.Integration.Tests;

/// <summary>
/// One network namespace per node, veth into a bridge; partitions and link failures are iptables
/// rules inside a node's namespace. Needs root, iproute2 and iptables (CI has them).
/// </summary>
[Trait("Category", "Integration")]
public sealed class NamespaceClusterTests(ITestOutputHelper output)
{
    [SkippableFact]
    public void IsolatedNode_DropsOutThenRejoinsAfterHeal()
    {
        string? missing = Shell.NamespaceSupportMissing();
        Skip.If(missing is not null, missing);
        using var cluster = new TestCluster(3, new NamespaceNetwork(3, links: 1), tokenMs: 1000);
        cluster.StartAll();
        Eventually.Holds(output, cluster, () => cluster.HaveMembership(1, 2, 3), "3 nodes in namespaces form one membership");

        cluster.Namespaces!.Isolate(3);
        Eventually.Holds(output, cluster, () => cluster.HaveMembership(1, 2) && cluster.HaveMembership(3), "isolated node 3 drops out; it is alone");

        cluster.Namespaces.Heal(3);
        Eventually.Holds(output, cluster, () => cluster.HaveMembership(1, 2, 3), "node 3 rejoins after heal");
    }

    [SkippableFact]
    public void TwoLinks_OneLinkFails_MembershipUnchanged()
    {
        string? missing = Shell.NamespaceSupportMissing();
        Skip.If(missing is not null, missing);
        using var cluster = new TestCluster(3, new NamespaceNetwork(3, links: 2), tokenMs: 1000, links: 2);
        cluster.StartAll();
        Eventually.Holds(output, cluster, () => cluster.HaveMembership(1, 2, 3), "3 nodes with 2 links form one membership");
        Eventually.Holds(output, cluster, () => LinkUp(cluster, 1, peer: 3, link: 1), "link 1 to node 3 comes up");
        string ring = cluster.RingId(1)!;

        cluster.Namespaces!.FailLink(3, link: 0);
        Eventually.Holds(output, cluster, () => !LinkUp(cluster, 1, peer: 3, link: 0), "node 1 sees link 0 to node 3 down");
        // Several token timeouts pass with traffic on link 1 only: the ring must not change.
        var changed = TestCluster.WaitFor(() => cluster.RingId(1) != ring || cluster.RingId(3) != ring, TimeSpan.FromSeconds(5));
        Assert.Null(changed);
        Assert.True(cluster.HaveMembership(1, 2, 3));

        cluster.Namespaces.RestoreLink(3, link: 0);
        Eventually.Holds(output, cluster, () => LinkUp(cluster, 1, peer: 3, link: 0), "link 0 to node 3 comes back");
        Assert.Equal(ring, cluster.RingId(1));
    }

    private static bool LinkUp(TestCluster cluster, int node, int peer, int link)
    {
        var reply = cluster.Request(node, "links");
        if (!reply.Ok) return false;
        return reply.Result!["links"]!.AsArray().Any(l =>
            l!["nodeId"]!.GetValue<int>() == peer && l["link"]!.GetValue<int>() == link && l["up"]!.GetValue<bool>());
    }
}
