using Concord.Simulation;
using Concord.Services.Cpg;

namespace Concord.Services.Tests.Cpg.Support;

/// <summary>
/// One seeded random history on the in-memory <see cref="CpgTestCluster"/>: clients join, leave,
/// send and die; the ring delivers part of the queued traffic, partitions (sometimes right after a
/// message reached only one side), merges, and nodes crash and restart; Totem's send queue fills up
/// at times. Every event goes through <see cref="CpgHistoryChecker"/>; at the end the cluster heals
/// and every engine and every client must agree on every group.
/// </summary>
internal sealed class HarnessRun
{
    private static readonly string[] GroupNames = ["g0", "g1", "g2", "ünïcode"];

    private sealed class ModelClient(ClientId id)
    {
        public ClientId Id { get; } = id;
        public HashSet<string> Intended { get; } = [];
        public ulong NextSeq { get; set; }
    }

    private readonly Prng _random;
    private readonly CpgHistoryChecker _checker = new();
    private readonly CpgTestCluster _cluster;
    private readonly uint[] _nodeIds;
    private readonly List<ModelClient> _clients = [];
    private readonly HashSet<uint> _down = [];
    private uint _nextPid = 1000;

    public HarnessRun(ulong seed)
    {
        Seed = seed;
        _random = new Prng(seed);
        int nodes = (int)_random.Range(2, 5);
        _nodeIds = [.. Enumerable.Range(1, nodes).Select(i => (uint)i)];
        var options = new CpgOptions { OutboxMessagesMax = (int)_random.Range(2, 50), SyncChunkBytesMax = (int)_random.Range(160, 2_000) };
        _cluster = new CpgTestCluster(_nodeIds, options, _checker);
        _cluster.Configure(_nodeIds);
    }

    public ulong Seed { get; }

    public CpgHistoryChecker Checker => _checker;

    public IEnumerable<CpgTestNode> Nodes => _cluster.Nodes;

    public void Run(int steps)
    {
        for (int i = 0; i < steps; i++) Step();
        Heal();
        CheckAgreement();
    }

    private void Step()
    {
        int pick = _random.Next(100);
        if (pick < 8) Spawn();
        else if (pick < 22) Join();
        else if (pick < 28) Leave();
        else if (pick < 58) Send();
        else if (pick < 60) Die();
        else if (pick < 80) DeliverSome();
        else if (pick < 84) _cluster.DeliverAll();
        else if (pick < 91) Reconfigure(partialFirst: _random.Chance(0.4));
        else if (pick < 93) CrashOrRestart();
        else SqueezeTotem();
    }

    private ModelClient? RandomClient() => _clients.Count == 0 ? null : _random.Pick(_clients);

    private void Spawn()
    {
        var up = _nodeIds.Where(n => !_down.Contains(n)).ToArray();
        if (up.Length == 0) return;
        _clients.Add(new ModelClient(CpgTestCluster.Client(_random.Pick(up), _nextPid++, (ulong)_random.Range(1, 3))));
    }

    private void Join()
    {
        if (RandomClient() is not { } client) return;
        string group = _random.Pick(GroupNames);
        var result = _cluster[client.Id.Node.Value].Engine.Join(client.Id, group);
        if (client.Intended.Contains(group))
        {
            Expect(result == CpgResult.AlreadyMember, $"join of {client.Id} to {group} it is in answered {result}");
            return;
        }
        Expect(result is CpgResult.Ok or CpgResult.TryAgain, $"join of {client.Id} to {group} answered {result}");
        if (result == CpgResult.Ok) client.Intended.Add(group);
    }

    private void Leave()
    {
        if (RandomClient() is not { } client || client.Intended.Count == 0) return;
        string group = _random.Pick(client.Intended.Order(StringComparer.Ordinal).ToArray());
        var result = _cluster[client.Id.Node.Value].Engine.Leave(client.Id, group);
        Expect(result is CpgResult.Ok or CpgResult.TryAgain, $"leave of {client.Id} from {group} answered {result}");
        if (result == CpgResult.Ok) client.Intended.Remove(group);
    }

    private void Send()
    {
        if (RandomClient() is not { } client || client.Intended.Count == 0) return;
        string group = _random.Pick(client.Intended.Order(StringComparer.Ordinal).ToArray());
        var id = new TestMessageId(client.Id.Address, client.NextSeq + 1);
        var result = _cluster[client.Id.Node.Value].Engine.Send(client.Id, group, TestPayload.Create(id, group, (int)_random.Range(0, 64), _random));
        Expect(result is CpgResult.Ok or CpgResult.TryAgain, $"send of {client.Id} to {group} answered {result}");
        if (result != CpgResult.Ok) return;
        client.NextSeq++;
        _checker.OnSent(client.Id, group, id);
    }

    private void Die()
    {
        if (RandomClient() is not { } client) return;
        _clients.Remove(client);
        _checker.OnGone(client.Id);
        _cluster[client.Id.Node.Value].Engine.ClientDied(client.Id);
    }

    private void DeliverSome()
    {
        int count = (int)_random.Range(1, 6);
        var up = _cluster.Nodes.Select(n => n.Id.Value).ToArray();
        for (int i = 0; i < count; i++) _cluster.DeliverNext(_random.Pick(up));
    }

    /// <summary>New rings from a random split of the live nodes; optionally a message first reaches only the sender's side.</summary>
    private void Reconfigure(bool partialFirst)
    {
        var up = _cluster.Nodes.Select(n => n.Id.Value).ToList();
        int parts = (int)_random.Range(1, Math.Min(3, up.Count));
        var side = up.ToDictionary(n => n, _ => _random.Next(parts));
        if (partialFirst)
        {
            var senders = _cluster.Nodes.Where(n => n.Ring is not null && n.Host.SendQueue.Count > 0).ToArray();
            if (senders.Length > 0)
            {
                var sender = _random.Pick(senders);
                var ringMates = _cluster.Nodes.Where(n => n.Ring == sender.Ring).Select(n => n.Id.Value).ToArray();
                _cluster.DeliverNextTo(sender.Id.Value, [.. ringMates.Where(n => side[n] == side[sender.Id.Value])]);
            }
        }
        var rings = Enumerable.Range(0, parts).Select(p => up.Where(n => side[n] == p).ToArray()).Where(r => r.Length > 0).ToArray();
        _cluster.Configure(rings);
    }

    private void CrashOrRestart()
    {
        if (_down.Count > 0 && _random.Chance(0.6))
        {
            uint back = _random.Pick(_down.Order().ToArray());
            _down.Remove(back);
            _cluster.Start(back);
            _cluster.Configure([back]);
            return;
        }
        var up = _cluster.Nodes.Select(n => n.Id.Value).ToArray();
        if (up.Length <= 1) return;
        uint victim = _random.Pick(up);
        _cluster.Crash(victim);
        _down.Add(victim);
        _clients.RemoveAll(c => c.Id.Node.Value == victim);
    }

    private void SqueezeTotem()
    {
        var node = _random.Pick(_cluster.Nodes.ToArray());
        node.Host.Capacity = _random.Chance(0.5) ? int.MaxValue : node.Host.SendQueue.Count + (int)_random.Range(0, 3);
    }

    /// <summary>Restart every node, lift back-pressure, one ring of all, deliver until quiet.</summary>
    private void Heal()
    {
        foreach (uint node in _down.Order().ToArray()) _cluster.Start(node);
        _down.Clear();
        foreach (var node in _cluster.Nodes) node.Host.Capacity = int.MaxValue;
        _cluster.Configure(_nodeIds);
        for (int round = 0; round < 100; round++)
        {
            foreach (var node in _cluster.Nodes) node.Engine.Flush();
            if (_cluster.DeliverAll() == 0 && _cluster.Nodes.All(n => n.Engine.PendingBroadcasts == 0)) return;
        }
        throw new CpgViolationException("liveness", "traffic never drained after healing");
    }

    private void CheckAgreement()
    {
        var reference = _cluster.Nodes.First().Engine.Groups();
        foreach (var node in _cluster.Nodes)
        {
            Expect(!node.Engine.IsSyncing, $"node {node.Id} still syncing after healing");
            Expect(node.Engine.Counters.SyncCorrections == 0, $"node {node.Id} corrected its view from a sync list {node.Engine.Counters.SyncCorrections} times");
            var groups = node.Engine.Groups();
            Expect(groups.Select(g => g.Name).SequenceEqual(reference.Select(g => g.Name))
                   && groups.Zip(reference).All(p => p.First.Members.SequenceEqual(p.Second.Members)),
                $"groups disagree after healing: node {node.Id} {Show(groups)}, node {_cluster.Nodes.First().Id} {Show(reference)}");
        }
        var engine = _cluster.Nodes.First().Engine;
        foreach (var client in _clients)
        {
            _checker.CheckSelfDelivery(client.Id);
            foreach (var group in GroupNames)
            {
                var view = _checker.ViewOf(client.Id, group);
                bool member = engine.Members(group).Contains(client.Id.Address);
                Expect(member == client.Intended.Contains(group),
                    $"{client.Id} {(client.Intended.Contains(group) ? "joined" : "left")} {group} but is {(member ? "" : "not ")}a member after healing");
                if (view is not null)
                {
                    Expect(view.SequenceEqual(engine.Members(group)),
                        $"{client.Id}'s view of {group} [{string.Join(' ', view)}] differs from the agreed [{string.Join(' ', engine.Members(group))}]");
                }
                Expect((view is not null) == member, $"{client.Id} membership of {group} per its events ({view is not null}) differs from the engines' ({member})");
            }
        }
    }

    private static string Show(IReadOnlyList<GroupInfo> groups) =>
        string.Join("; ", groups.Select(g => $"{g.Name}=[{string.Join(' ', g.Members)}]"));

    private static void Expect(bool condition, string failure)
    {
        if (!condition) throw new CpgViolationException("harness", failure);
    }
}
