using System.Text;
using Xunit.Abstractions;
using Concord.Simulation;

namespace Concord.Totem.Tests.Simulation;

/// <summary>Runs the default sweep once for the whole class: 1,000 seeds, 3–7 nodes, 60 s of faults each, then liveness.</summary>
public sealed class SweepFixture
{
    public const ulong StartSeed = 1;
    public const int Seeds = 1_000;

    private readonly Lazy<SweepResult> _result = new(() =>
        Sweep.Run(StartSeed, Seeds, Settings, Math.Max(2, Environment.ProcessorCount)));

    public static SimulationSettings Settings { get; } = new();

    public SweepResult Result => _result.Value;
}

[Trait("Category", "Sim")]
public sealed class SimulationSweepTests(SweepFixture fixture, ITestOutputHelper output) : IClassFixture<SweepFixture>
{
    [Fact]
    public void Sweep_DefaultSeeds_NoInvariantViolated()
    {
        var result = fixture.Result;
        output.WriteLine($"{result.Seeds} seeds in {result.Elapsed.TotalSeconds:0.0} s ({result.SeedsPerSecond:0.0} seeds/s), {result.Events:N0} events, " +
                         $"slowest convergence {result.ConvergenceMsMax} ms ({result.ConvergenceBoundFractionMax:P0} of its bound)");
        output.WriteLine(result.Coverage.ToString());
        var unexpected = result.Failures.Where(f => !PinnedSeeds.IsKnownOpen(f.Seed, SweepFixture.Settings)).ToList();

        Assert.Equal(SweepFixture.Seeds, result.Seeds);
        Assert.True(unexpected.Count == 0, Describe(unexpected));
    }

    [Fact]
    public void Sweep_DefaultSeeds_HitsEveryRarePath()
    {
        var missing = fixture.Result.Coverage.Missing().ToList();

        Assert.True(missing.Count == 0, $"the sweep never took these rare paths: {string.Join(", ", missing)}");
    }

    internal static string Describe(IEnumerable<SimulationResult> failures)
    {
        var sb = new StringBuilder();
        foreach (var f in failures)
        {
            sb.AppendLine($"seed {f.Seed}: {f.Invariant}: {f.Failure}");
            foreach (var line in f.TraceTail.TakeLast(15)) sb.AppendLine("    " + line);
            sb.AppendLine($"  replay: {f.ReplayCommand(SweepFixture.Settings)}");
        }
        return sb.ToString();
    }
}
