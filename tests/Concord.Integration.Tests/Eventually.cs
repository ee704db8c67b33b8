using Concord.ClusterHarness;
using Xunit.Abstractions;

namespace Concord.Integration.Tests;

/// <summary>Poll a cluster condition with a deadline; on timeout, fail with every node's log.</summary>
internal static class Eventually
{
    /// <summary>Generous for token 1000 ms: token + consensus + merge rounds, many times over.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    public static void Holds(ITestOutputHelper output, TestCluster cluster, Func<bool> condition, string what)
    {
        var took = TestCluster.WaitFor(condition, Deadline);
        if (took is null)
        {
            output.WriteLine(cluster.Logs());
            Assert.Fail($"timed out after {Deadline.TotalSeconds} s waiting for: {what}");
        }
        output.WriteLine($"{what}: {took.Value.TotalMilliseconds:0} ms");
    }
}
