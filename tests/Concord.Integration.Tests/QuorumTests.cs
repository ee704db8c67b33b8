using Concord.Client;
using Concord.ClusterHarness;
using Xunit.Abstractions;

namespace Concord.Integration.Tests;

/// <summary>Votequorum on real daemons: losing and regaining quorum; two_node with wait_for_all.</summary>
[Trait("Category", "Integration")]
public sealed class QuorumTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ThreeNodes_TwoKilled_LosesQuorum_OneReturns_RegainsIt()
    {
        using var cluster = new TestCluster(3, new LoopbackNetwork(), tokenMs: 1000);
        cluster.StartAll();
        Eventually.Holds(output, cluster, () => cluster.HaveMembership(1, 2, 3) && Quorate(cluster, 1) == true, "3 nodes quorate");
        // A local client is told of every verdict, in order.
        await using var client = await CpgClient.ConnectAsync(cluster.RunDir(1));
        var verdicts = new List<bool>();
        using var stop = new CancellationTokenSource();
        var listening = Task.Run(async () =>
        {
            try
            {
                await foreach (var ev in client.ReadEventsAsync(stop.Token))
                {
                    if (ev is QuorumChange q) lock (verdicts) verdicts.Add(q.Quorate);
                }
            }
            catch (OperationCanceledException) { }
        });
        var quorum = cluster.Request(1, "quorum");
        Assert.True(quorum.Ok);
        Assert.Equal(2, quorum.Result!["quorum"]!.GetValue<int>());
        Assert.Equal(3, quorum.Result["totalVotes"]!.GetValue<int>());

        cluster.Kill(2);
        cluster.Kill(3);
        Eventually.Holds(output, cluster, () => cluster.HaveMembership(1) && Quorate(cluster, 1) == false, "node 1 alone is not quorate");
        Assert.Contains("NOT quorate", cluster.Logs(), StringComparison.Ordinal);

        cluster.Start(3);
        Eventually.Holds(output, cluster, () => cluster.HaveMembership(1, 3) && Quorate(cluster, 1) == true && Quorate(cluster, 3) == true,
            "nodes 1 and 3 regain quorum");
        Eventually.Holds(output, cluster, () => { lock (verdicts) return verdicts.Count > 0 && verdicts[^1]; }, "the client hears quorum regained");
        stop.Cancel();
        await listening;
        lock (verdicts)
        {
            Assert.True(verdicts[0]);          // the verdict when it connected
            Assert.Contains(false, verdicts);  // lost
            Assert.True(verdicts[^1]);         // regained
        }
    }

    [Fact]
    public void TwoNode_OneDies_StaysQuorate_ButAloneAtStartIsNot()
    {
        using var cluster = new TestCluster(2, new LoopbackNetwork(), tokenMs: 1000);
        cluster.Start(1);
        Eventually.Holds(output, cluster, () => cluster.HaveMembership(1), "node 1 forms a ring alone");
        // wait_for_all (implied by two_node): alone at first start it must not become quorate.
        Assert.Null(TestCluster.WaitFor(() => Quorate(cluster, 1) == true, TimeSpan.FromSeconds(3)));
        var alone = cluster.Request(1, "quorum");
        Assert.Contains("WaitForAll", alone.Result!["flags"]!.AsArray().Select(f => f!.GetValue<string>()));

        cluster.Start(2);
        Eventually.Holds(output, cluster, () => cluster.HaveMembership(1, 2) && Quorate(cluster, 1) == true, "both nodes: quorate");
        cluster.Kill(2);
        Eventually.Holds(output, cluster, () => cluster.HaveMembership(1), "node 2 gone");
        Assert.True(Quorate(cluster, 1));
    }

    private static bool? Quorate(TestCluster cluster, int node) => cluster.Status(node)?["quorate"]?.GetValue<bool>();
}
