using System.Globalization;
using Concord.Totem;

namespace Concord.Simulation;

/// <summary>Network behaviour during the fault phase (after it, the network is perfect apart from base latency).</summary>
public sealed record NetworkProfile(
    int BaseDelayMs,
    int JitterMs,
    double LossRate,
    double DuplicationRate,
    double LongDelayRate,
    int LongDelayMaxMs)
{
    /// <summary>The longest any datagram can stay in flight.</summary>
    public int MaxDelayMs => BaseDelayMs + Math.Max(JitterMs, LongDelayMaxMs);
}

/// <summary>How often and how hard the nemesis strikes.</summary>
public sealed record NemesisProfile(
    int MeanIntervalMs,
    int PartitionWeight,
    int CrashWeight,
    int LeaveWeight,
    int HealWeight,
    int FaultDurationMaxMs,
    int PauseWeight = 0);

/// <summary>The application load each node offers.</summary>
public sealed record WorkloadProfile(
    int MeanIntervalMs,
    double SafeRatio,
    double BurstChance,
    int BurstMax,
    int MessageBytesMax);

/// <summary>Everything one seed decides: cluster size, Totem options, faults, workload, phases.</summary>
public sealed record Scenario(
    ulong Seed,
    int NodeCount,
    string OptionsProfile,
    TotemOptions Options,
    FaultKinds Faults,
    NetworkProfile Network,
    NemesisProfile Nemesis,
    WorkloadProfile Workload,
    long FaultPhaseMs,
    long LivenessBoundMs,
    long StablePhaseMs,
    long DrainMaxMs)
{
    /// <summary>When the workload stops so that queues drain before the final checks.</summary>
    public long WorkloadStopMs => FaultPhaseMs + LivenessBoundMs + StablePhaseMs;

    /// <summary>The latest end: queues that have not drained by then are a liveness failure.</summary>
    public long EndMs => WorkloadStopMs + DrainMaxMs;

    /// <summary>Once every send queue is empty, the run goes on this long for the last deliveries, then ends.</summary>
    public const long SettleMs = 2_000;

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"seed={Seed} nodes={NodeCount} options={OptionsProfile} (token={Options.TokenMs} consensus={Options.EffectiveConsensusMs} " +
        $"window={Options.WindowSize} max_messages={Options.MaxMessages} netmtu={Options.NetMtu}) faults=[{Faults}] " +
        $"loss={Network.LossRate:0.###} dup={Network.DuplicationRate:0.###} delay={Network.BaseDelayMs}+{Network.JitterMs}ms " +
        $"long-delay={Network.LongDelayRate:0.####}/{Network.LongDelayMaxMs}ms nemesis-every={Nemesis.MeanIntervalMs}ms " +
        $"workload-every={Workload.MeanIntervalMs}ms safe={Workload.SafeRatio:0.##} fault-phase={FaultPhaseMs}ms " +
        $"liveness-bound={LivenessBoundMs}ms workload-stop={WorkloadStopMs}ms");

    /// <summary>
    /// The bound within which, once faults stop, every live node must be in one ring with all the
    /// others (docs/simulation.md derives it): stale datagrams drain, a stuck ring notices token loss,
    /// up to three gatherings each ending in a consensus timeout, merge probes and join rounds, and a
    /// commit plus recovery.
    /// </summary>
    public static long LivenessBound(TotemOptions options, int nodes, NetworkProfile network) =>
        network.MaxDelayMs
        + options.EffectiveTokenMs(nodes)
        + (3L * Math.Max(options.EffectiveConsensusMs, options.EffectiveTokenMs(nodes)))
        + (4L * (options.MergeMs + options.JoinMs))
        + RecoveryAllowanceMs;

    /// <summary>Commit token (two passes) and recovery rotations, generous for 64 KiB backlogs.</summary>
    public const long RecoveryAllowanceMs = 2_000;

    public static Scenario FromSeed(ulong seed, SimulationSettings settings)
    {
        var rng = new Prng(seed ^ 0x5CE7A210C0FFEE00UL);
        int nodes = (int)rng.Range(settings.MinNodes, settings.MaxNodes);
        var (profile, options) = PickOptions(rng);
        var faults = settings.Faults;
        var network = PickNetwork(rng, faults);
        var nemesis = PickNemesis(rng, faults);
        int bytesMax = Math.Min(64 * 1024, options.SendQueueFragmentsMax * options.FragmentPayloadBytes / 2);
        var workload = new WorkloadProfile(
            MeanIntervalMs: (int)rng.Range(100, 2_000),
            SafeRatio: rng.NextDouble() * 0.4,
            BurstChance: rng.NextDouble() * 0.05,
            BurstMax: (int)rng.Range(2, 40),
            MessageBytesMax: bytesMax);
        // Drawn last so that adding the pause fault left every earlier draw of a seed unchanged.
        nemesis = nemesis with { PauseWeight = faults.HasFlag(FaultKinds.Pause) ? (int)rng.Range(0, 2) : 0 };
        // One seed in sixteen runs a heavy load: queues back up, flow control and back-pressure bite, and
        // many messages are in flight when the membership changes.
        if (rng.Chance(0.0625)) workload = workload with { MeanIntervalMs = (int)rng.Range(20, 80) };
        return new Scenario(
            seed, nodes, profile, options, faults, network, nemesis, workload,
            FaultPhaseMs: settings.FaultPhaseMs,
            LivenessBoundMs: LivenessBound(options, nodes, network),
            StablePhaseMs: 4_000,
            DrainMaxMs: 60_000);
    }

    private static (string, TotemOptions) PickOptions(Prng rng)
    {
        int pick = rng.Next(10);
        if (pick < 2) return ("corosync-defaults", new TotemOptions());
        if (pick < 4)
        {
            // Short timeouts: many more membership changes per simulated second.
            return ("churn", new TotemOptions
            {
                TokenMs = 300,
                TokenCoefficientMs = 50,
                JoinMs = 30,
                MergeMs = 100,
                HoldMs = 50,
                NetMtu = 800,
                WindowSize = 20,
                MaxMessages = 6,
                SendQueueFragmentsMax = 512,
            });
        }
        if (pick < 7)
        {
            return ("fast", new TotemOptions
            {
                TokenMs = 1000,
                TokenCoefficientMs = 200,
                JoinMs = 50,
                MergeMs = 200,
                HoldMs = 180,
            });
        }
        return ("tight", new TotemOptions
        {
            TokenMs = 1000,
            TokenCoefficientMs = 200,
            JoinMs = 50,
            MergeMs = 200,
            HoldMs = 100,
            WindowSize = 12,
            MaxMessages = 4,
            NetMtu = 576,
            SendQueueFragmentsMax = 256,
            RetransmitListMax = 8,
            FailRecvConst = 30,
            SeqnoUnchangedConst = 5,
        });
    }

    private static NetworkProfile PickNetwork(Prng rng, FaultKinds faults)
    {
        int band = rng.Next(10);
        double loss = band < 4 ? rng.NextDouble() * 0.02 : band < 8 ? 0.02 + (rng.NextDouble() * 0.08) : 0.1 + (rng.NextDouble() * 0.15);
        double dup = rng.NextDouble() * 0.05;
        int baseDelay = (int)rng.Range(0, 2);
        int jitter = (int)rng.Range(0, 10);
        double longRate = rng.NextDouble() * 0.005;
        int longMax = (int)rng.Range(50, 600);
        return new NetworkProfile(
            baseDelay,
            faults.HasFlag(FaultKinds.Reorder) ? jitter : 0,
            faults.HasFlag(FaultKinds.Loss) ? loss : 0,
            faults.HasFlag(FaultKinds.Duplication) ? dup : 0,
            faults.HasFlag(FaultKinds.LongDelay) ? longRate : 0,
            faults.HasFlag(FaultKinds.LongDelay) ? longMax : 0);
    }

    private static NemesisProfile PickNemesis(Prng rng, FaultKinds faults)
    {
        // Log-uniform: from a storm (a fault every 300 ms) to a calm run (one every 8 s).
        int mean = (int)Math.Exp(Math.Log(300) + (rng.NextDouble() * (Math.Log(8_000) - Math.Log(300))));
        return new NemesisProfile(
            mean,
            PartitionWeight: faults.HasFlag(FaultKinds.Partition) ? (int)rng.Range(1, 6) : 0,
            CrashWeight: faults.HasFlag(FaultKinds.Crash) ? (int)rng.Range(1, 4) : 0,
            LeaveWeight: faults.HasFlag(FaultKinds.Leave) ? (int)rng.Range(0, 2) : 0,
            HealWeight: 2,
            FaultDurationMaxMs: (int)rng.Range(1_000, 15_000));
    }
}
