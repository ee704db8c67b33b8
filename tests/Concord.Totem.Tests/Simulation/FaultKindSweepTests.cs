using Concord.Simulation;

namespace Concord.Totem.Tests.Simulation;

/// <summary>Short sweeps with one fault kind at a time, so a failure points at the fault that causes it.</summary>
[Trait("Category", "Sim")]
public sealed class FaultKindSweepTests
{
    [Theory]
    [InlineData(FaultKinds.None)]
    [InlineData(FaultKinds.Loss)]
    [InlineData(FaultKinds.Duplication | FaultKinds.Reorder)]
    [InlineData(FaultKinds.LongDelay)]
    [InlineData(FaultKinds.Partition)]
    [InlineData(FaultKinds.Crash)]
    [InlineData(FaultKinds.Leave)]
    [InlineData(FaultKinds.Pause)]
    public void Sweep_OneFaultKind_NoInvariantViolated(FaultKinds faults)
    {
        var settings = new SimulationSettings { Faults = faults, FaultPhaseMs = 20_000 };

        var result = Sweep.Run(50_000 + ((ulong)faults * 1_000), 25, settings, 1);

        var unexpected = result.Failures.Where(f => !PinnedSeeds.IsKnownOpen(f.Seed, settings)).ToList();
        Assert.True(unexpected.Count == 0, SimulationSweepTests.Describe(unexpected));
    }

    [Fact]
    public void Sweep_TwoNodeClusters_NoInvariantViolated()
    {
        var settings = new SimulationSettings { MinNodes = 2, MaxNodes = 2, FaultPhaseMs = 30_000 };

        var result = Sweep.Run(60_000, 40, settings, 1);

        Assert.True(result.Failures.Count == 0, SimulationSweepTests.Describe(result.Failures));
    }

    [Fact]
    public void Sweep_OneNodeClusters_NoInvariantViolated()
    {
        var settings = new SimulationSettings { MinNodes = 1, MaxNodes = 1, FaultPhaseMs = 30_000 };

        var result = Sweep.Run(61_000, 40, settings, 1);

        Assert.True(result.Failures.Count == 0, SimulationSweepTests.Describe(result.Failures));
    }
}
