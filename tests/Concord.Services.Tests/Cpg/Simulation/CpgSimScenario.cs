using Concord.Simulation;
using System.Globalization;
using Concord.Services.Cpg;
using Concord.Services.Tests.Cpg.Support;
using Concord.Totem;

namespace Concord.Services.Tests.Cpg.Simulation;

/// <summary>Everything one seed of the CPG-over-Totem simulation decides.</summary>
internal sealed record CpgSimScenario(
    ulong Seed,
    int NodeCount,
    string Profile,
    TotemOptions Totem,
    CpgOptions Cpg,
    double LossRate,
    double DuplicationRate,
    int JitterMs,
    double LongDelayRate,
    int LongDelayMaxMs,
    int NemesisMeanMs,
    int FaultDurationMaxMs,
    int CrashWeight,
    int PartitionWeight,
    int WorkloadMeanMs,
    long FaultPhaseMs)
{
    /// <summary>Once faults stop: stale datagrams drain, token loss, up to three gatherings, merges, recovery, then the CPG sync.</summary>
    public long LivenessBoundMs =>
        LongDelayMaxMs + 20 + Totem.EffectiveTokenMs(NodeCount) + (3L * Math.Max(Totem.EffectiveConsensusMs, Totem.EffectiveTokenMs(NodeCount)))
        + (4L * (Totem.MergeMs + Totem.JoinMs)) + 3_000;

    public const long StablePhaseMs = 3_000;
    public const long DrainMaxMs = 30_000;
    public const long SettleMs = 1_000;

    public long WorkloadStopMs => FaultPhaseMs + LivenessBoundMs + StablePhaseMs;

    public long EndMs => WorkloadStopMs + DrainMaxMs;

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"seed={Seed} nodes={NodeCount} totem={Profile} (token={Totem.TokenMs} window={Totem.WindowSize} send-queue={Totem.SendQueueFragmentsMax}) " +
        $"outbox={Cpg.OutboxMessagesMax} loss={LossRate:0.###} dup={DuplicationRate:0.###} jitter={JitterMs}ms nemesis-every={NemesisMeanMs}ms " +
        $"crash/partition={CrashWeight}/{PartitionWeight} workload-every={WorkloadMeanMs}ms fault-phase={FaultPhaseMs}ms");

    public static CpgSimScenario FromSeed(ulong seed, long faultPhaseMs)
    {
        var rng = new Prng(seed ^ 0xC0C0_A11C_E5EE_D000UL);
        int nodes = (int)rng.Range(3, 5);
        var (profile, totem) = rng.Next(3) switch
        {
            0 => ("churn", new TotemOptions
            {
                TokenMs = 300, TokenCoefficientMs = 50, JoinMs = 30, MergeMs = 100, HoldMs = 50,
                NetMtu = 800, WindowSize = 20, MaxMessages = 6, SendQueueFragmentsMax = 64,
            }),
            1 => ("fast", new TotemOptions { TokenMs = 1000, TokenCoefficientMs = 200, JoinMs = 50, MergeMs = 200, HoldMs = 180, SendQueueFragmentsMax = 128 }),
            _ => ("tight", new TotemOptions
            {
                TokenMs = 1000, TokenCoefficientMs = 200, JoinMs = 50, MergeMs = 200, HoldMs = 100,
                WindowSize = 12, MaxMessages = 4, NetMtu = 576, SendQueueFragmentsMax = 32, FailRecvConst = 30, SeqnoUnchangedConst = 5,
            }),
        };
        int band = rng.Next(10);
        double loss = band < 4 ? rng.NextDouble() * 0.02 : band < 8 ? 0.02 + (rng.NextDouble() * 0.08) : 0.1 + (rng.NextDouble() * 0.1);
        return new CpgSimScenario(
            seed, nodes, profile, totem,
            CpgOptions.ForTotem(totem) with { OutboxMessagesMax = (int)rng.Range(4, 64), SyncChunkBytesMax = (int)rng.Range(160, 600) },
            LossRate: loss,
            DuplicationRate: rng.NextDouble() * 0.04,
            JitterMs: (int)rng.Range(0, 10),
            LongDelayRate: rng.NextDouble() * 0.004,
            LongDelayMaxMs: (int)rng.Range(50, 500),
            NemesisMeanMs: (int)Math.Exp(Math.Log(400) + (rng.NextDouble() * (Math.Log(5_000) - Math.Log(400)))),
            FaultDurationMaxMs: (int)rng.Range(1_000, 8_000),
            CrashWeight: (int)rng.Range(1, 3),
            PartitionWeight: (int)rng.Range(1, 5),
            WorkloadMeanMs: (int)rng.Range(20, 300),
            FaultPhaseMs: faultPhaseMs);
    }
}
