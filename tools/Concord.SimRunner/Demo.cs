using System.Globalization;
using Concord.Core;
using Concord.Simulation;
using Concord.Totem;

namespace Concord.SimRunner;

/// <summary>
/// `--demo`: a simulated five-node cluster through a crash, a network split, a graceful leave and
/// an isolated node, narrated for a sysadmin. It runs with every invariant checker on.
/// </summary>
internal static class Demo
{
    private static readonly IReadOnlyList<ScriptedFault> Script =
    [
        new(10_000, ScriptedFaultKind.Crash, 3),
        new(20_000, ScriptedFaultKind.Restart, 3),
        new(30_000, ScriptedFaultKind.Split, 1, 2),
        new(42_000, ScriptedFaultKind.HealAll),
        new(50_000, ScriptedFaultKind.Leave, 5),
        new(56_000, ScriptedFaultKind.Restart, 5),
        new(62_000, ScriptedFaultKind.Isolate, 4),
        new(66_000, ScriptedFaultKind.HealAll),
    ];

    public static int Run(ulong seed, bool trace)
    {
        var settings = new SimulationSettings { MinNodes = 5, MaxNodes = 5, FaultPhaseMs = 70_000 };
        var options = new TotemOptions { TokenMs = 1000, TokenCoefficientMs = 200, JoinMs = 50, MergeMs = 200 };
        var network = new NetworkProfile(BaseDelayMs: 1, JitterMs: 3, LossRate: 0.01, DuplicationRate: 0, LongDelayRate: 0, LongDelayMaxMs: 0);
        var scenario = new Scenario(
            seed, 5, "demo", options, FaultKinds.Loss | FaultKinds.Reorder, network,
            new NemesisProfile(int.MaxValue, 0, 0, 0, 0, 1),
            new WorkloadProfile(MeanIntervalMs: 150, SafeRatio: 0.2, BurstChance: 0.02, BurstMax: 10, MessageBytesMax: 16 * 1024),
            settings.FaultPhaseMs, Scenario.LivenessBound(options, 5, network), StablePhaseMs: 4_000, DrainMaxMs: 60_000);

        Console.WriteLine($"Simulated Concord cluster: 5 nodes (1-5), token timeout {options.EffectiveTokenMs(5)} ms, 1% packet loss, " +
                          $"each node sending a message every ~{scenario.Workload.MeanIntervalMs} ms (seed {seed}).");
        var narrator = new Narrator(trace);
        var result = new Simulation.Simulation(scenario, settings, narrator, Script).Run();
        narrator.Finish(result);
        return result.Passed ? 0 : 1;
    }

    private sealed class Narrator(bool trace) : ISimulationObserver
    {
        private readonly Dictionary<NodeId, string> _why = [];
        private readonly HashSet<RingId> _announced = [];
        private readonly long[] _delivered = new long[6];
        private bool _formed;

        public bool WantsTrace => trace;

        public void OnTrace(string line) => Console.WriteLine("    " + line);

        private static string At(long ms) => string.Create(CultureInfo.InvariantCulture, $"t={ms / 1000.0,5:0.0}s");

        public void OnFault(long timeMs, string description)
        {
            Console.WriteLine($"{At(timeMs)} {description}");
            if (description.StartsWith("node ", StringComparison.Ordinal))
            {
                var node = new NodeId(uint.Parse(description.Split(' ')[1], CultureInfo.InvariantCulture));
                _why[node] = description.Contains("crashed", StringComparison.Ordinal) ? "crashed, token lost"
                    : description.Contains("leave", StringComparison.Ordinal) ? "shut down (sent a leave message)"
                    : description.Contains("cut off", StringComparison.Ordinal) ? "unreachable (cut off)"
                    : "restarted";
                if (description.Contains("restarted", StringComparison.Ordinal)) _delivered[node.Value] = 0;
            }
            else if (description.StartsWith("network split", StringComparison.Ordinal))
            {
                for (uint n = 1; n <= 5; n++) _why[new NodeId(n)] = "unreachable (network split)";
            }
        }

        public void OnConfiguration(long timeMs, NodeId node, uint incarnation, TotemConfiguration c)
        {
            if (c.Kind != ConfigurationKind.Regular || !_announced.Add(c.RingId)) return;
            string members = string.Join(",", c.Members);
            if (!_formed)
            {
                // Every node starts alone and the rings merge within a second: announce only the whole.
                if (c.Members.Count < 5) return;
                _formed = true;
                Console.WriteLine($"{At(timeMs)} all 5 nodes formed ring {c.RingId} ({members})");
                return;
            }
            if (c.Members.Count == 1)
            {
                // A restarted node is alone for a moment before it merges; a cut-off node stays alone.
                if (_why.GetValueOrDefault(node) is { } why && why.StartsWith("unreachable", StringComparison.Ordinal))
                    Console.WriteLine($"{At(timeMs)} node {node} is on its own ({why}): membership {c.RingId} of 1 node ({node})");
                return;
            }
            var parts = new List<string>();
            foreach (var group in c.Left.GroupBy(gone => _why.GetValueOrDefault(gone, "unreachable")))
                parts.Add($"{(group.Count() == 1 ? "node" : "nodes")} {string.Join(",", group)} left: {group.Key}");
            if (c.Joined.Count > 0 && c.Joined.Count < c.Members.Count) parts.Add($"{(c.Joined.Count == 1 ? "node" : "nodes")} {string.Join(",", c.Joined)} joined");
            string prefix = parts.Count > 0 ? string.Join("; ", parts) + "; " : "";
            Console.WriteLine($"{At(timeMs)} {prefix}new membership {c.RingId} of {c.Members.Count} node{(c.Members.Count == 1 ? "" : "s")} ({members})");
        }

        public void OnDelivery(long timeMs, NodeId node) => _delivered[node.Value]++;

        public void OnConverged(long timeMs, RingId ring) =>
            Console.WriteLine($"{At(timeMs)} all 5 nodes are members of ring {ring}");

        public void Finish(SimulationResult result)
        {
            var counts = Enumerable.Range(1, 5).Select(n => _delivered[n]).ToArray();
            Console.WriteLine($"{At(result.SimulatedMs)} done: {result.MessagesQueued:N0} messages sent; " +
                              $"delivered {string.Join(", ", counts.Select((c, i) => $"{c:N0} on node {i + 1}"))} (a restarted node counts from its restart)");
            if (result.Passed)
            {
                Console.WriteLine($"delivered {counts.Min():N0} messages on every node (everything sent since the last restart), in the same order; " +
                                  $"every invariant held after each of {result.Events:N0} events");
            }
            else
            {
                Console.WriteLine($"INVARIANT BROKEN: {result.Invariant}: {result.Failure}");
                foreach (var line in result.TraceTail.TakeLast(20)) Console.WriteLine("    " + line);
            }
        }
    }
}
