using Concord.Services.Tests.Cpg.Support;
using Xunit.Abstractions;

namespace Concord.Services.Tests.Cpg;

/// <summary>
/// Random histories on the in-memory ring (N engines fed the same total order, with partial
/// deliveries, partitions, merges, crashes and back-pressure), every event checked.
/// Replay one seed: <c>CPG_HARNESS_SEED=42 dotnet test tests/Concord.Services.Tests --filter "FullyQualifiedName~CpgClusterHarnessTests.OneSeed"</c>.
/// </summary>
[Trait("Category", "Sim")]
public sealed class CpgClusterHarnessTests(ITestOutputHelper output)
{
    private static ulong ReplaySeed => ulong.TryParse(Environment.GetEnvironmentVariable("CPG_HARNESS_SEED"), out ulong s) ? s : 1;

    [Fact]
    public void RandomHistories_500Seeds_EveryGuaranteeHolds()
    {
        var failures = new List<string>();
        long comparisons = 0, events = 0;
        for (ulong seed = 1; seed <= 500; seed++)
        {
            var run = new HarnessRun(seed);
            try
            {
                run.Run(400);
            }
            catch (CpgViolationException ex)
            {
                failures.Add($"seed {seed}: {ex.Message} (replay: CPG_HARNESS_SEED={seed} dotnet test tests/Concord.Services.Tests --filter \"FullyQualifiedName~CpgClusterHarnessTests.OneSeed\")");
            }
            comparisons += run.Checker.EpochComparisons + run.Checker.TransitionComparisons;
            events += run.Checker.MembershipEvents + run.Checker.Messages;
        }
        output.WriteLine($"500 seeds (1-500), {events:N0} client events checked, {comparisons:N0} virtual synchrony comparisons");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures.Take(10)));
        Assert.True(comparisons > 1_000);
    }

    [Fact]
    public void OneSeed_Replay_Passes()
    {
        output.WriteLine($"seed {ReplaySeed}");
        new HarnessRun(ReplaySeed).Run(400);
    }
}
