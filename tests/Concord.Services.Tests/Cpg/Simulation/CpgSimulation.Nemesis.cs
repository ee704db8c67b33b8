namespace Concord.Services.Tests.Cpg.Simulation;

// The nemesis: during the fault phase it isolates a node, splits the cluster or cuts one-way links,
// crashes a node (restarted later), or heals everything. When the fault phase ends the network is
// healed and every node that is down restarts.
internal sealed partial class CpgSimulation
{
    private readonly Dictionary<int, (int From, int To)[]> _partitions = [];
    private int _nextPartitionId;

    private void OnNemesis()
    {
        if (!_faultsActive) return;
        int total = Scenario.PartitionWeight + Scenario.CrashWeight + 1;
        int pick = _nemesisRng.Next(total);
        if (pick < Scenario.PartitionWeight) Partition();
        else if (pick < Scenario.PartitionWeight + Scenario.CrashWeight) Crash();
        else HealAll();
        long next = NowMs + 1 + _nemesisRng.Exponential(Scenario.NemesisMeanMs);
        if (next < Scenario.FaultPhaseMs) Schedule(next, new Ev(Kind.Nemesis, -1));
    }

    private void Partition()
    {
        int n = _nodes.Length;
        var pairs = new List<(int, int)>();
        string description;
        int victim = _nemesisRng.Next(n);
        switch (_nemesisRng.Next(3))
        {
            case 0:
                for (int i = 0; i < n; i++)
                {
                    if (i == victim) continue;
                    pairs.Add((victim, i));
                    pairs.Add((i, victim));
                }
                description = $"n{victim + 1} isolated";
                break;
            case 1:
                var side = Enumerable.Range(0, n).Select(_ => _nemesisRng.Chance(0.5)).ToArray();
                for (int i = 0; i < n; i++)
                {
                    for (int j = 0; j < n; j++)
                    {
                        if (side[i] != side[j]) pairs.Add((i, j));
                    }
                }
                description = $"split ({string.Join(',', Enumerable.Range(1, n).Where(i => side[i - 1]))}) | ({string.Join(',', Enumerable.Range(1, n).Where(i => !side[i - 1]))})";
                break;
            default:
                bool outgoing = _nemesisRng.Chance(0.5);
                for (int i = 0; i < n; i++)
                {
                    if (i != victim) pairs.Add(outgoing ? (victim, i) : (i, victim));
                }
                description = outgoing ? $"n{victim + 1} cannot send" : $"n{victim + 1} cannot receive";
                break;
        }
        int id = _nextPartitionId++;
        var array = pairs.ToArray();
        _partitions.Add(id, array);
        foreach (var (from, to) in array) _blocked[from, to]++;
        Counters.Partitions++;
        long duration = _nemesisRng.Range(200, Scenario.FaultDurationMaxMs);
        Schedule(NowMs + duration, new Ev(Kind.Heal, -1, Generation: id));
        Trace($"partition #{id}: {description} for {duration} ms");
    }

    private void Heal(int id)
    {
        if (!_partitions.Remove(id, out var pairs)) return;
        foreach (var (from, to) in pairs) _blocked[from, to]--;
        Trace($"partition #{id} healed");
    }

    private void HealAll()
    {
        foreach (int id in _partitions.Keys.Order().ToArray()) Heal(id);
    }

    private void Crash()
    {
        var up = _nodes.Where(n => n.IsUp).ToArray();
        if (up.Length == 0) return;
        var node = up[_nemesisRng.Next(up.Length)];
        CrashNode(node);
        Schedule(NowMs + _nemesisRng.Range(100, Scenario.FaultDurationMaxMs), new Ev(Kind.Restart, node.Index));
    }

    private void EndFaults()
    {
        _faultsActive = false;
        _faultsEndedAtMs = NowMs;
        HealAll();
        Trace("faults stop: network healed, down nodes restart");
        foreach (var node in _nodes)
        {
            if (!node.IsUp) StartNode(node);
        }
    }
}
