using Concord.Core;
using Concord.Services.Quorum;

namespace Concord.Services.Tests.Quorum.Sim;

/// <summary>One simulated node: an engine and its recording host.</summary>
internal sealed class SimQuorumNode(uint id, QuorumEngine engine, SimQuorumHost host)
{
    public uint Id { get; } = id;
    public QuorumEngine Engine { get; } = engine;
    public SimQuorumHost Host { get; } = host;
    public int Partition { get; set; }
}

/// <summary>
/// An in-memory cluster of quorum engines on a simulated ring, laid out the way corosync-vqsim lays
/// out its nodes: numbered partitions, each one ring whose id is (first node, seq) with seq
/// advancing by 4 on every new configuration. Each configuration change is followed by delivery of
/// every queued message to every member of the partition, in one fixed total order (partition
/// order, then emission order): this is what the daemon does over Totem.
/// </summary>
internal sealed class QuorumRingSim
{
    public const int PartitionsMax = 16;

    private readonly QuorumOptions _options;
    private readonly List<SimQuorumNode>[] _partitions = new List<SimQuorumNode>[PartitionsMax];
    private readonly RingId[] _rings = new RingId[PartitionsMax];

    private readonly QuorumActivationMode _activation;

    public QuorumRingSim(QuorumOptions options, QuorumActivationMode activation = QuorumActivationMode.AfterAllStates)
    {
        _options = options;
        _activation = activation;
        for (int i = 0; i < PartitionsMax; i++)
        {
            _partitions[i] = [];
            _rings[i] = new RingId(new NodeId((uint)(1000 + i)), 0);
        }
    }

    public long NowMs { get; private set; }

    public IEnumerable<SimQuorumNode> Nodes => _partitions.SelectMany(p => p);

    public IReadOnlyList<SimQuorumNode> PartitionMembers(int partition) => _partitions[partition];

    public RingId PartitionRing(int partition) => _rings[partition];

    public SimQuorumNode? Find(uint id) => Nodes.FirstOrDefault(n => n.Id == id);

    /// <summary>Start the configured nodes one by one in partition 0, as vqsim does at start-up.</summary>
    public void StartAll(IEnumerable<uint> nodeIds)
    {
        foreach (uint id in nodeIds) Up(id, 0);
    }

    public void Apply(ScenarioStep step)
    {
        switch (step)
        {
            case UpStep up: Up(up.Node, up.Partition); break;
            case DownStep down: Down(down.Node); break;
            case SplitStep split: Move(split.Partition, split.Nodes); break;
            case JoinStep join: Join(join.Into, join.From); break;
            case SetExpectedStep set: Admin(set.Node, e => e.SetExpectedVotes(set.Expected, NowMs)); break;
            case SetVotesStep set: Admin(set.Node, e => e.SetVotes(new NodeId(set.Target), set.Votes, NowMs)); break;
            case LeaveStep leave: Leave(leave.Node); break;
            default: throw new ArgumentOutOfRangeException(nameof(step), step, "unknown step");
        }
    }

    public void Up(uint id, int partition)
    {
        if (Find(id) is not null) return; // vqsim: "already exists"
        var host = new SimQuorumHost();
        var engine = new QuorumEngine(_options, new NodeId(id), host) { ActivationMode = _activation };
        var node = new SimQuorumNode(id, engine, host) { Partition = partition };
        engine.Start(NowMs);
        // vqsim's initial_sync: a ring of just this node, immediately superseded.
        engine.OnConfigurationChange(new QuorumMembership(new RingId(new NodeId(id), 1), [new NodeId(id)]), NowMs);
        _partitions[partition].Add(node);
        NewRing(partition);
    }

    public void Down(uint id)
    {
        SimQuorumNode? node = Find(id);
        if (node is null) return;
        _partitions[node.Partition].Remove(node);
        NewRing(node.Partition);
    }

    public void Leave(uint id)
    {
        SimQuorumNode? node = Find(id);
        if (node is null) return;
        node.Engine.Leave(NowMs);
        Deliver(node.Partition);
        Down(id);
    }

    public void Move(int partition, IReadOnlyList<uint> ids)
    {
        foreach (uint id in ids)
        {
            SimQuorumNode? node = Find(id);
            if (node is null) continue;
            _partitions[node.Partition].Remove(node);
            _partitions[partition].Add(node);
            node.Partition = partition;
        }
        for (int i = 0; i < PartitionsMax; i++) NewRing(i);
    }

    public void Join(int into, int from)
    {
        if (into != from)
        {
            foreach (SimQuorumNode node in _partitions[from])
            {
                node.Partition = into;
                _partitions[into].Add(node);
            }
            _partitions[from].Clear();
        }
        for (int i = 0; i < PartitionsMax; i++) NewRing(i);
    }

    /// <summary>Let time pass, firing due timers in order.</summary>
    public void Advance(long ms)
    {
        long target = NowMs + ms;
        while (true)
        {
            (SimQuorumNode Node, QuorumTimer Timer, long Due)? next = null;
            foreach (SimQuorumNode node in Nodes)
            {
                foreach ((QuorumTimer timer, long due) in node.Host.Timers)
                {
                    if (due <= target && (next is null || due < next.Value.Due)) next = (node, timer, due);
                }
            }
            if (next is null) break;
            NowMs = Math.Max(NowMs, next.Value.Due);
            next.Value.Node.Host.Timers.Remove(next.Value.Timer);
            next.Value.Node.Engine.OnTimer(next.Value.Timer, NowMs);
            Deliver(next.Value.Node.Partition);
        }
        NowMs = target;
    }

    private QuorumAdminResult? Admin(uint id, Func<QuorumEngine, QuorumAdminResult> request)
    {
        SimQuorumNode? node = Find(id);
        if (node is null) return null;
        QuorumAdminResult result = request(node.Engine);
        Deliver(node.Partition);
        return result;
    }

    private void NewRing(int partition)
    {
        List<SimQuorumNode> members = _partitions[partition];
        RingId ring = _rings[partition];
        ring = new RingId(members.Count > 0 ? new NodeId(members[0].Id) : ring.Representative, ring.Sequence + 4);
        _rings[partition] = ring;
        if (members.Count == 0) return;
        var membership = new QuorumMembership(ring, [.. members.Select(m => new NodeId(m.Id))]);
        foreach (SimQuorumNode node in members) node.Engine.OnConfigurationChange(membership, NowMs);
        Deliver(partition);
    }

    /// <summary>Deliver every queued broadcast of the partition's members to all of them, in one total order.</summary>
    private void Deliver(int partition)
    {
        List<SimQuorumNode> members = _partitions[partition];
        var queue = new Queue<(uint Sender, QuorumMessage Message)>();
        void Collect()
        {
            foreach (SimQuorumNode node in members)
            {
                foreach (QuorumMessage message in node.Host.TakeOutbox()) queue.Enqueue((node.Id, message));
            }
        }
        Collect();
        int guard = 0;
        while (queue.Count > 0)
        {
            if (++guard > 100_000) throw new InvalidOperationException("message storm in the simulated ring");
            (uint sender, QuorumMessage message) = queue.Dequeue();
            foreach (SimQuorumNode node in members) node.Engine.OnMessage(new NodeId(sender), message, NowMs);
            Collect();
        }
    }
}
