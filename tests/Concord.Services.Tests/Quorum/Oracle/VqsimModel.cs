using Concord.Core;
using Concord.Services.Quorum;
using Concord.Services.Tests.Quorum.Sim;

namespace Concord.Services.Tests.Quorum.Oracle;

/// <summary>
/// The engine side of the differential test: engines laid out exactly as corosync-vqsim lays out its
/// nodes (numbered partitions; ring id = first node and a per-partition seq advancing by 4), fed
/// the same configuration changes and the members' state messages.
/// <para>
/// corosync-vqsim does not keep corosync's sync barrier: each node process takes its verdict from
/// a 10 ms timer right after sending its own state, and the other members' states reach it before
/// or after that depending on process scheduling. So for every node and step this model tries each
/// point at which the verdict may have been taken (after 0..n of the step's state messages, and
/// optionally a second time at the end, as vqsim's stacked sync timers do) and keeps the one whose
/// complete internal state (quorate, quorum, expected votes, wait_for_all status, ring and node
/// table) equals what vqsim's node holds. The rules themselves are never relaxed: a node agrees
/// only if one of those schedules gives exactly vqsim's state.
/// </para>
/// </summary>
internal sealed class VqsimModel
{
    private readonly QuorumOptions _options;
    private readonly uint _settleMs;
    private readonly List<ModelNode>[] _partitions = new List<ModelNode>[QuorumRingSim.PartitionsMax];
    private readonly RingId[] _rings = new RingId[QuorumRingSim.PartitionsMax];
    private readonly List<PendingPartition> _pending = [];
    private long _nowMs;

    private sealed class ModelNode(uint id)
    {
        public uint Id { get; } = id;
        public int Partition { get; set; }
        public List<(Action<QuorumEngine> Act, long SettledAtMs)> Log { get; } = [];
        public QuorumEngine? Engine { get; set; }
    }

    /// <summary>A partition whose schedule for the current step is still to be resolved.</summary>
    /// <param name="Sequences">The orders and contents in which its members' state messages may have been relayed.</param>
    private sealed record PendingPartition(
        List<ModelNode> Members,
        Dictionary<uint, List<QuorumMembership>> Changes,
        List<List<(uint Sender, QuorumMessage Message)>> Sequences,
        HashSet<uint> NewNodes,
        long NowMs);

    private const int SequencesMax = 96;

    public VqsimModel(QuorumOptions options, uint settleMs)
    {
        _options = options;
        _settleMs = settleMs;
        for (int i = 0; i < QuorumRingSim.PartitionsMax; i++)
        {
            _partitions[i] = [];
            _rings[i] = new RingId(new NodeId((uint)(1000 + i)), 0);
        }
    }

    /// <summary>The ring each running node must report once vqsim has settled.</summary>
    public IReadOnlyDictionary<uint, RingId> ExpectedRings =>
        _partitions.SelectMany((members, p) => members.Select(n => (n.Id, Ring: _rings[p]))).ToDictionary(x => x.Id, x => x.Ring);

    public IEnumerable<uint> RunningNodes => _partitions.SelectMany(p => p).Select(n => n.Id);

    /// <summary>vqsim's start-up: each configured node is created in partition 0 in turn.</summary>
    public void StartAll(IReadOnlyList<uint> nodeIds)
    {
        var changes = new Dictionary<uint, List<QuorumMembership>>();
        foreach (uint id in nodeIds)
        {
            var node = new ModelNode(id);
            _partitions[0].Add(node);
            changes[id] = [new QuorumMembership(new RingId(new NodeId(id), 1), [new NodeId(id)])];
            QuorumMembership ring = NextRing(0);
            foreach (ModelNode member in _partitions[0]) changes[member.Id].Add(ring);
        }
        Schedule(_partitions[0], changes);
    }

    public void Apply(ScenarioStep step)
    {
        _nowMs += 1;
        switch (step)
        {
            case UpStep up:
            {
                var node = new ModelNode(up.Node) { Partition = up.Partition };
                _partitions[up.Partition].Add(node);
                var changes = _partitions[up.Partition].ToDictionary(n => n.Id, _ => new List<QuorumMembership>());
                changes[up.Node].Add(new QuorumMembership(new RingId(new NodeId(up.Node), 1), [new NodeId(up.Node)]));
                QuorumMembership ring = NextRing(up.Partition);
                foreach (List<QuorumMembership> list in changes.Values) list.Add(ring);
                Schedule(_partitions[up.Partition], changes);
                break;
            }
            case DownStep down:
            {
                ModelNode node = Find(down.Node);
                _partitions[node.Partition].Remove(node);
                NewRingFor(node.Partition);
                break;
            }
            case SplitStep split:
                foreach (uint id in split.Nodes)
                {
                    ModelNode node = Find(id);
                    _partitions[node.Partition].Remove(node);
                    _partitions[split.Partition].Add(node);
                    node.Partition = split.Partition;
                }
                for (int p = 0; p < QuorumRingSim.PartitionsMax; p++) NewRingFor(p);
                break;
            case JoinStep join:
                if (join.Into != join.From)
                {
                    foreach (ModelNode node in _partitions[join.From])
                    {
                        node.Partition = join.Into;
                        _partitions[join.Into].Add(node);
                    }
                    _partitions[join.From].Clear();
                }
                for (int p = 0; p < QuorumRingSim.PartitionsMax; p++) NewRingFor(p);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(step), step, "corosync-vqsim cannot express this step");
        }
    }

    /// <summary>
    /// Resolve every node's schedule for the step against what vqsim's node holds
    /// (<paramref name="matches"/>). Nothing is kept unless every node is explained or
    /// <paramref name="commit"/> is set; unexplained nodes then carry on with corosync's schedule
    /// (verdict after all states). Returns the unexplained nodes with that schedule's state.
    /// </summary>
    public List<(uint Node, QuorumInternalState Ours)> Resolve(Func<uint, QuorumInternalState, bool> matches, bool commit)
    {
        var unexplained = new List<(uint, QuorumInternalState)>();
        var choices = new List<(ModelNode Node, Action<QuorumEngine> Action, QuorumEngine Engine)>();
        long settledAt = _nowMs + _settleMs;
        var pendingNodes = _pending.SelectMany(p => p.Members).Select(n => n.Id).ToHashSet();

        foreach (ModelNode node in _partitions.SelectMany(p => p).Where(n => !pendingNodes.Contains(n.Id)))
        {
            Action<QuorumEngine> idle = _ => { };
            QuorumEngine engine = Replay(node, idle, settledAt);
            if (!matches(node.Id, engine.InternalState())) unexplained.Add((node.Id, engine.InternalState()));
            choices.Add((node, idle, engine));
        }

        foreach (PendingPartition partition in _pending)
        {
            List<(ModelNode Node, Action<QuorumEngine> Action, QuorumEngine Engine, bool Explained)>? best = null;
            foreach (List<(uint, QuorumMessage)> sequence in partition.Sequences)
            {
                var picks = partition.Members.Select(n => Pick(n, partition, sequence, settledAt, matches)).ToList();
                if (best is null || picks.Count(p => p.Explained) > best.Count(p => p.Explained)) best = picks;
                if (picks.All(p => p.Explained)) break;
            }
            foreach ((ModelNode node, Action<QuorumEngine> action, QuorumEngine engine, bool explained) in best!)
            {
                if (!explained) unexplained.Add((node.Id, engine.InternalState()));
                choices.Add((node, action, engine));
            }
        }

        if (unexplained.Count > 0 && !commit) return unexplained;
        foreach ((ModelNode node, Action<QuorumEngine> action, QuorumEngine engine) in choices)
        {
            node.Log.Add((action, settledAt));
            node.Engine = engine;
        }
        _pending.Clear();
        _nowMs = settledAt;
        return unexplained;
    }

    private (ModelNode Node, Action<QuorumEngine> Action, QuorumEngine Engine, bool Explained) Pick(ModelNode node, PendingPartition partition,
        List<(uint, QuorumMessage)> sequence, long settledAt, Func<uint, QuorumInternalState, bool> matches)
    {
        List<Action<QuorumEngine>> candidates = Candidates(partition.NewNodes.Contains(node.Id), partition.Changes[node.Id], sequence, partition.NowMs);
        foreach (Action<QuorumEngine> candidate in candidates)
        {
            QuorumEngine engine = Replay(node, candidate, settledAt);
            if (matches(node.Id, engine.InternalState())) return (node, candidate, engine, true);
        }
        return (node, candidates[^1], Replay(node, candidates[^1], settledAt), false);
    }

    public QuorumStatus Status(uint node) => Find(node).Engine!.GetStatus();

    private ModelNode Find(uint id) => _partitions.SelectMany(p => p).First(n => n.Id == id);

    private QuorumMembership NextRing(int partition)
    {
        List<ModelNode> members = _partitions[partition];
        RingId ring = _rings[partition];
        ring = new RingId(members.Count > 0 ? new NodeId(members[0].Id) : ring.Representative, ring.Sequence + 4);
        _rings[partition] = ring;
        return new QuorumMembership(ring, [.. members.Select(m => new NodeId(m.Id))]);
    }

    private void NewRingFor(int partition)
    {
        QuorumMembership ring = NextRing(partition);
        if (_partitions[partition].Count == 0) return;
        Schedule(_partitions[partition], _partitions[partition].ToDictionary(n => n.Id, _ => new List<QuorumMembership> { ring }));
    }

    /// <summary>
    /// Work out the sequences in which the members' state messages may reach everyone: start-up
    /// messages first, then one state message per member in partition order (the order their sync
    /// timers were started, or another order), each sent either before or after the earlier
    /// members' messages reached the sender, which may change what it says.
    /// </summary>
    private void Schedule(List<ModelNode> members, Dictionary<uint, List<QuorumMembership>> changes)
    {
        long now = _nowMs;
        var newNodes = members.Where(n => n.Engine is null).Select(n => n.Id).ToHashSet();
        var startup = new List<(uint, QuorumMessage)>();
        foreach (ModelNode node in members.Where(n => newNodes.Contains(n.Id)))
        {
            var host = new SimQuorumHost();
            QuorumEngine engine = Replay(node, e => e.Start(now), settledAtMs: -1, host);
            startup.Add((node.Id, host.Outbox[0]));
        }

        var all = new List<List<(uint Sender, QuorumMessage Message)>>();
        foreach (List<ModelNode> order in RelayOrders(members))
        {
            all.AddRange(Sequences(order, changes, newNodes, startup, now));
            if (all.Count >= SequencesMax) break;
        }

        foreach (ModelNode node in members) _pending.RemoveAll(p => p.Members.Contains(node));
        _pending.Add(new PendingPartition([.. members], changes, [.. all.Take(SequencesMax)], newNodes, now));
    }

    /// <summary>
    /// The orders in which vqsim may relay the members' state messages: the order their timers were
    /// started (partition order) first, its reverse, then a fixed sample of other permutations.
    /// </summary>
    private IEnumerable<List<ModelNode>> RelayOrders(List<ModelNode> members)
    {
        yield return members;
        if (members.Count < 2) yield break;
        yield return [.. Enumerable.Reverse(members)];
        var random = new Random(unchecked((int)_nowMs) ^ members.Count);
        for (int i = 0; i < RelayOrderSamples; i++) yield return [.. members.OrderBy(_ => random.Next())];
    }

    private const int RelayOrderSamples = 24;

    private List<List<(uint Sender, QuorumMessage Message)>> Sequences(List<ModelNode> members, Dictionary<uint, List<QuorumMembership>> changes,
        HashSet<uint> newNodes, List<(uint, QuorumMessage)> startup, long now)
    {
        var sequences = new List<List<(uint Sender, QuorumMessage Message)>> { startup };
        foreach (ModelNode node in members)
        {
            var next = new List<List<(uint, QuorumMessage)>>();
            foreach (List<(uint Sender, QuorumMessage Message)> prefix in sequences)
            {
                var contents = new List<QuorumMessage>();
                foreach (int heard in new[] { startup.Count, prefix.Count }.Distinct())
                {
                    QuorumEngine engine = Replay(node, e =>
                    {
                        if (newNodes.Contains(node.Id)) e.Start(now);
                        foreach (QuorumMembership change in changes[node.Id]) e.OnConfigurationChange(change, now);
                        foreach ((uint sender, QuorumMessage message) in prefix.Take(heard)) e.OnMessage(new NodeId(sender), message, now);
                    }, settledAtMs: -1);
                    NodeStateMessage content = engine.CurrentStateMessage();
                    if (!contents.Contains(content)) contents.Add(content);
                }
                foreach (QuorumMessage content in contents) next.Add([.. prefix, (node.Id, content)]);
            }
            sequences = [.. next.Take(SequencesMax)];
        }
        return sequences;
    }

    /// <summary>Every point at which this node may have taken its verdict; corosync's own (after every state message) last.</summary>
    private static List<Action<QuorumEngine>> Candidates(bool isNew, List<QuorumMembership> changes,
        List<(uint Sender, QuorumMessage Message)> messages, long now)
    {
        var candidates = new List<Action<QuorumEngine>>();
        for (int extra = 0; extra < 2; extra++)
        {
            for (int k = 0; k <= messages.Count; k++)
            {
                int activateAfter = k;
                bool again = extra == 1;
                candidates.Add(engine =>
                {
                    if (isNew) engine.Start(now);
                    foreach (QuorumMembership change in changes) engine.OnConfigurationChange(change, now);
                    for (int i = 0; i < messages.Count; i++)
                    {
                        if (i == activateAfter) engine.ActivateNow();
                        engine.OnMessage(new NodeId(messages[i].Sender), messages[i].Message, now);
                    }
                    if (activateAfter == messages.Count || again) engine.ActivateNow();
                });
            }
        }
        candidates.Add(candidates[messages.Count]);
        return candidates;
    }

    /// <summary>
    /// A fresh engine for the node, replayed through its chosen history, then <paramref name="step"/>,
    /// then the timers due by <paramref name="settledAtMs"/> (none if negative).
    /// </summary>
    private QuorumEngine Replay(ModelNode node, Action<QuorumEngine> step, long settledAtMs, SimQuorumHost? host = null)
    {
        host ??= new SimQuorumHost();
        var engine = new QuorumEngine(_options, new NodeId(node.Id), host) { ActivationMode = QuorumActivationMode.Manual };
        foreach ((Action<QuorumEngine> act, long settled) in node.Log)
        {
            act(engine);
            FireTimers(engine, host, settled);
        }
        step(engine);
        if (settledAtMs >= 0) FireTimers(engine, host, settledAtMs);
        return engine;
    }

    private static void FireTimers(QuorumEngine engine, SimQuorumHost host, long settledAtMs)
    {
        while (host.Timers.Count > 0)
        {
            (QuorumTimer timer, long due) = host.Timers.MinBy(t => t.Value);
            if (due > settledAtMs) return;
            host.Timers.Remove(timer);
            engine.OnTimer(timer, due);
        }
    }
}
