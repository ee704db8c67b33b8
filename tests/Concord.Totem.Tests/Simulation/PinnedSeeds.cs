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
    /// <param name="Nodes">Fixed cluster size, or 0 for <paramref name="MinNodes"/>–<paramref name="MaxNodes"/> (default 3–7).</param>
    public sealed record Pinned(
        ulong Seed, string Note, string? Open = null, FaultKinds Faults = FaultKinds.All, long FaultPhaseMs = 60_000,
        int Nodes = 0, int MinNodes = 3, int MaxNodes = 7)
    {
        public SimulationSettings Settings => new()
        {
            Faults = Faults,
            FaultPhaseMs = FaultPhaseMs,
            MinNodes = Nodes > 0 ? Nodes : MinNodes,
            MaxNodes = Nodes > 0 ? Nodes : MaxNodes,
        };

        public override string ToString() => $"{Seed} ({Note})";
    }

    public static IReadOnlyList<Pinned> All { get; } =
    [
        new(114, "F1 found it: fragment of one message spliced onto the next across a recovery gap (corrupt delivery); passes since the workload retune"),
        new(752, "simulator: a TryAgain-pending message at workload stop, and a fixed drain too short for an overloaded tight ring"),
        new(102041, "F2 (fixed 9f80fdd): stale pass-1 commit token lowers the persisted ring seq; a restarted node forms ring 4.80 twice"),
        new(102496, "F2 (fixed 9f80fdd): restarted node accepts a retransmitted commit token of its previous incarnation; ring seq goes 44 -> 40"),
        new(100974, "F2 (fixed 9f80fdd): node forms 7.1c then accepts a pass-1 commit token for 4.1c (same seq) in the same ms"),
        new(101009, "F2 (fixed 9f80fdd): ring sequence not increasing after accepting a stale commit token (1.148 after 4.148)"),
        new(101500, "F2 (fixed 9f80fdd): ring sequence not increasing after accepting a stale commit token (1.cc)"),
        new(639311656436446405, "F4 (fixed 09a5eeb): after a stall resumes with stale joins, nodes fail each other and form singleton rings ~170k times in 7 s"),
        new(901023, "F4 (fixed 09a5eeb): node 3 resumes from a 9 s stall with 130 stale joins; membership storm", MinNodes: 6, MaxNodes: 7),
        new(900728, "F4 (fixed 09a5eeb): three nodes resume from stalls with 140-270 datagrams each; membership storm", MinNodes: 6, MaxNodes: 7),
        new(300200, "F3 (fixed 09a5eeb): an idle ring of one never delivers a safe message (safe point needs a forwarded token)", Nodes: 1),
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
