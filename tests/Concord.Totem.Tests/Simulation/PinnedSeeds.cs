using Concord.Simulation;

namespace Concord.Totem.Tests.Simulation;

/// <summary>
/// Every seed that ever failed, with a one-line note, replayed on every test run. A seed whose
/// finding is still open in the protocol is listed with the finding id and skipped here (the
/// sweeps tolerate exactly these seeds); remove the <c>Open</c> mark when the fix lands.
/// Findings are described in .sim-findings.md and docs/invariants.md.
/// </summary>
[Trait("Category", "Sim")]
public sealed class PinnedSeeds
{
    public sealed record Pinned(ulong Seed, string Note, string? Open = null, FaultKinds Faults = FaultKinds.All, long FaultPhaseMs = 60_000)
    {
        public SimulationSettings Settings => new() { Faults = Faults, FaultPhaseMs = FaultPhaseMs };

        public override string ToString() => $"{Seed} ({Note})";
    }

    public static IReadOnlyList<Pinned> All { get; } =
    [
        new(114, "F1: fragment of one message spliced onto the next across a recovery gap (corrupt delivery)", Open: "F1"),
    ];

    public static TheoryData<Pinned> Seeds()
    {
        var data = new TheoryData<Pinned>();
        foreach (var pinned in All) data.Add(pinned);
        return data;
    }

    /// <summary>A seed that fails because of a finding not yet fixed (it must be pinned, with these settings).</summary>
    public static bool IsKnownOpen(ulong seed, SimulationSettings settings) =>
        All.Any(p => p.Seed == seed && p.Open is not null && p.Settings == settings);

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Replay_PinnedSeed_Passes(Pinned pinned)
    {
        if (pinned.Open is not null) return; // open finding: see .sim-findings.md

        var result = global::Concord.Simulation.Simulation.Run(pinned.Seed, pinned.Settings);

        Assert.True(result.Passed, SimulationSweepTests.Describe([result]));
    }
}
