using System.Diagnostics;
using System.Text;
using Concord.Services.Tests.Cpg.Simulation;
using Xunit.Abstractions;

namespace Concord.Services.Tests.Cpg;

/// <summary>
/// CPG on real Totem processors under a seeded nemesis (loss, duplication, reordering, long delays,
/// partitions, crashes and restarts), every client event checked. A failure prints the seed, the
/// violated guarantee, the last events and the replay command. More seeds:
/// <c>CPG_SIM_SEEDS=5000 CPG_SIM_START=1000 dotnet test tests/Concord.Services.Tests --filter "FullyQualifiedName~CpgTotemSimulationTests.Sweep"</c>;
/// one seed with every event printed:
/// <c>CPG_SIM_SEED=42 CPG_SIM_TRACE=1 dotnet test tests/Concord.Services.Tests --filter "FullyQualifiedName~CpgTotemSimulationTests.ReplaySeed" --logger "console;verbosity=detailed"</c>.
/// </summary>
[Trait("Category", "Sim")]
public sealed class CpgTotemSimulationTests(ITestOutputHelper output)
{
    private static ulong StartSeed => ulong.TryParse(Environment.GetEnvironmentVariable("CPG_SIM_START"), out ulong s) ? s : 1;

    private static int Seeds => int.TryParse(Environment.GetEnvironmentVariable("CPG_SIM_SEEDS"), out int n) ? n : 300;

    private static ulong ReplaySeedValue => ulong.TryParse(Environment.GetEnvironmentVariable("CPG_SIM_SEED"), out ulong s) ? s : 1;

    [Fact]
    public void Sweep_Seeds_EveryGuaranteeHolds()
    {
        var stopwatch = Stopwatch.StartNew();
        var results = new CpgSimResult[Seeds];
        Parallel.For(0, Seeds, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i => results[i] = CpgSimulation.Run(StartSeed + (ulong)i));
        var total = new CpgSimCounters();
        foreach (var r in results) total.Add(r.Counters);
        output.WriteLine($"seeds {StartSeed}-{StartSeed + (ulong)Seeds - 1} in {stopwatch.Elapsed.TotalSeconds:0.0} s; {total}");

        var failures = results.Where(r => !r.Passed).ToList();
        foreach (var f in failures) output.WriteLine($"FAIL seed {f.Scenario.Seed}: {f.Failure}");
        Assert.True(failures.Count == 0, Describe(failures));
        Assert.True(total.Cpg.SyncsInterrupted > 0 && total.Cpg.NodeDownLeaves > 0 && total.Cpg.NodeUpJoins > 0, "the sweep never interrupted a sync or saw nodes go and come");
        Assert.True(total.SendsTryAgain > 0 && total.Cpg.MessagesHeld > 0 && total.Cpg.BroadcastTryAgain > 0, "the sweep never hit back-pressure");
        Assert.True(total.ClientDeaths > 0 && total.Crashes > 0, "the sweep never killed a client or a node");
        Assert.True(total.Cpg.StaleSyncMessages > 0 && total.Cpg.OperationsBeforeSyncList > 0, "the sweep never had stale traffic across a configuration change");
        Assert.True(total.VirtualSynchronyComparisons > 10_000, $"only {total.VirtualSynchronyComparisons} virtual synchrony comparisons");
    }

    [Fact]
    public void ReplaySeed_Passes()
    {
        output.WriteLine($"seed {ReplaySeedValue}");
        var result = new CpgSimulation(CpgSimScenario.FromSeed(ReplaySeedValue, 15_000)) { Verbose = Environment.GetEnvironmentVariable("CPG_SIM_TRACE") is not null ? output.WriteLine : null }.Run();
        output.WriteLine(result.Scenario.Describe());
        output.WriteLine(result.Counters.ToString());
        Assert.True(result.Passed, Describe([result]));
    }

    [Fact]
    public void SameSeed_SameRun()
    {
        var first = CpgSimulation.Run(7);
        var second = CpgSimulation.Run(7);

        Assert.Equal(first.Counters.ToString(), second.Counters.ToString());
        Assert.Equal(first.SimulatedMs, second.SimulatedMs);
    }

    private static string Describe(IEnumerable<CpgSimResult> failures)
    {
        var sb = new StringBuilder();
        foreach (var f in failures.Take(5))
        {
            sb.AppendLine($"seed {f.Scenario.Seed}: {f.Failure}");
            sb.AppendLine($"  {f.Scenario.Describe()}");
            foreach (var line in f.TraceTail.TakeLast(20)) sb.AppendLine("    " + line);
            sb.AppendLine($"  replay: CPG_SIM_SEED={f.Scenario.Seed} CPG_SIM_TRACE=1 dotnet test tests/Concord.Services.Tests --filter \"FullyQualifiedName~CpgTotemSimulationTests.ReplaySeed\" --logger \"console;verbosity=detailed\"");
        }
        return sb.ToString();
    }
}
