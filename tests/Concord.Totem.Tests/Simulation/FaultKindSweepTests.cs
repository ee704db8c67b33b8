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
    public void Sweep_OneFaultKind_NoInvariantViolated(FaultKinds faults)
    {
        var settings = new SimulationSettings { Faults = faults, FaultPhaseMs = 20_000 };

        var result = Sweep.Run(50_000 + ((ulong)faults * 1_000), 25, settings, 1);

        var unexpected = result.Failures.Where(f => !PinnedSeeds.IsKnownOpen(f.Seed, settings)).ToList();
        Assert.True(unexpected.Count == 0, SimulationSweepTests.Describe(unexpected));
    }
}
