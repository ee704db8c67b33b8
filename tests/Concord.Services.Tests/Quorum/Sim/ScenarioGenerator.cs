using Concord.Core;
using Concord.Services.Quorum;

namespace Concord.Services.Tests.Quorum.Sim;

/// <summary>
/// Seeded random scenarios: 2–8 nodes, random votes and option combinations, then a sequence of
/// node failures and restarts, partitions and merges (and, for engine-only runs, runtime
/// expected-votes and votes changes and clean leaves). The same seed always gives the same scenario.
/// </summary>
internal static class ScenarioGenerator
{
    /// <param name="vqsimCompatible">Only steps and options corosync-vqsim 3.1.7 can express.</param>
    /// <param name="adminChanges">Include runtime expected-votes and votes changes (engine-only).</param>
    public static Scenario Generate(ulong seed, bool vqsimCompatible, bool adminChanges = true)
    {
        var random = new Random(unchecked((int)(seed ^ (seed >> 32))));
        while (true)
        {
            Scenario? scenario = TryGenerate(seed, random, vqsimCompatible, adminChanges);
            if (scenario is not null) return scenario;
        }
    }

    private static Scenario? TryGenerate(ulong seed, Random random, bool vqsimCompatible, bool adminChanges)
    {
        int count = random.Next(2, 9);
        var ids = new List<uint>();
        bool sparseIds = random.Next(3) == 0;
        while (ids.Count < count)
        {
            uint id = sparseIds ? (uint)random.Next(1, 33) : (uint)(ids.Count + 1);
            if (!ids.Contains(id)) ids.Add(id);
        }
        bool unevenVotes = random.Next(4) == 0;
        var votes = ids.Select(_ => unevenVotes ? (uint)random.Next(1, 4) : 1u).ToList();
        uint totalVotes = (uint)votes.Sum(v => v);

        bool lms = random.Next(4) == 0;
        bool shortWindow = lms && random.Next(2) == 0;
        bool atb = random.Next(4) == 0;
        string? atbNode = atb ? random.Next(4) switch
        {
            0 => null,
            1 => "lowest",
            2 => "highest",
            _ => string.Join(' ', ids.OrderBy(_ => random.Next()).Take(random.Next(1, count + 1))),
        } : null;
        var options = new QuorumOptions
        {
            Nodes = [.. ids.Select((id, i) => new QuorumNodeOptions(new NodeId(id), votes[i]))],
            ExpectedVotes = random.Next(6) == 0 ? (uint)Math.Max(1, totalVotes + random.Next(-1, 3)) : 0,
            TwoNode = count == 2 ? random.Next(2) == 0 : random.Next(12) == 0,
            WaitForAll = random.Next(3) switch { 0 => null, 1 => false, _ => true },
            LastManStanding = lms,
            LastManStandingWindowMs = shortWindow ? 150u : 60_000u,
            AutoTieBreaker = atb,
            AutoTieBreakerNode = atbNode,
            AllowDownscale = random.Next(6) == 0,
        };
        (QuorumSettings? settings, _) = QuorumSettingsResolver.Resolve(options, new NodeId(ids[0]));
        if (settings is null) return null; // a configuration corosync refuses to start with

        var steps = GenerateSteps(random, ids, votes, vqsimCompatible, adminChanges);
        return new Scenario(seed, ids, votes, options, steps, shortWindow ? 400u : 0u);
    }

    private static List<ScenarioStep> GenerateSteps(Random random, List<uint> ids, List<uint> votes, bool vqsimCompatible, bool adminChanges)
    {
        var partitionOf = ids.ToDictionary(id => id, _ => 0); // up nodes only
        var steps = new List<ScenarioStep>();
        int stepCount = random.Next(4, 13);
        for (int attempt = 0; steps.Count < stepCount && attempt < 200; attempt++)
        {
            var up = partitionOf.Keys.ToList();
            var down = ids.Where(id => !partitionOf.ContainsKey(id)).ToList();
            var used = partitionOf.Values.Distinct().OrderBy(p => p).ToList();
            int kind = random.Next(vqsimCompatible ? 5 : 8);
            switch (kind)
            {
                case 0 when up.Count > 1:
                {
                    uint node = up[random.Next(up.Count)];
                    partitionOf.Remove(node);
                    steps.Add(new DownStep(node));
                    break;
                }
                case 1 when down.Count > 0:
                {
                    uint node = down[random.Next(down.Count)];
                    int partition = used.Count > 0 && random.Next(4) != 0 ? used[random.Next(used.Count)] : FreePartition(used);
                    partitionOf[node] = partition;
                    steps.Add(new UpStep(node, partition));
                    break;
                }
                case 2 or 3 when up.Count > 1:
                {
                    int from = partitionOf[up[random.Next(up.Count)]];
                    var inFrom = up.Where(n => partitionOf[n] == from).ToList();
                    if (inFrom.Count < 2) continue;
                    var moving = inFrom.OrderBy(_ => random.Next()).Take(random.Next(1, inFrom.Count)).ToList();
                    var targets = used.Where(p => p != from).ToList();
                    int to = targets.Count > 0 && random.Next(3) == 0 ? targets[random.Next(targets.Count)] : FreePartition(used);
                    foreach (uint n in moving) partitionOf[n] = to;
                    steps.Add(new SplitStep(to, moving));
                    break;
                }
                case 4 when used.Count > 1:
                {
                    var pair = used.OrderBy(_ => random.Next()).Take(2).ToList();
                    foreach (uint n in up.Where(n => partitionOf[n] == pair[1])) partitionOf[n] = pair[0];
                    steps.Add(new JoinStep(pair[0], pair[1]));
                    break;
                }
                case 5 when up.Count > 0 && adminChanges:
                {
                    uint total = (uint)ids.Select((id, i) => votes[i]).Sum(v => v);
                    steps.Add(new SetExpectedStep(up[random.Next(up.Count)], (uint)random.Next(1, (int)total + 3)));
                    break;
                }
                case 6 when up.Count > 0 && adminChanges:
                    steps.Add(new SetVotesStep(up[random.Next(up.Count)], up[random.Next(up.Count)], (uint)random.Next(0, 4)));
                    break;
                case 7 when up.Count > 1:
                {
                    uint node = up[random.Next(up.Count)];
                    partitionOf.Remove(node);
                    steps.Add(new LeaveStep(node));
                    break;
                }
            }
        }
        return steps;
    }

    private static int FreePartition(List<int> used)
    {
        for (int p = 0; p < QuorumRingSim.PartitionsMax; p++)
        {
            if (!used.Contains(p)) return p;
        }
        return 0;
    }
}
