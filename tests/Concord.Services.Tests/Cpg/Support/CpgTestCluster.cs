using Concord.Core;
using Concord.Services.Cpg;
using Concord.Totem;

namespace Concord.Services.Tests.Cpg.Support;

/// <summary>One node of a <see cref="CpgTestCluster"/>: an engine, its host (its Totem send queue) and its ring.</summary>
internal sealed class CpgTestNode(NodeId id, CpgEngine engine, RecordingCpgHost host)
{
    public NodeId Id { get; } = id;
    public CpgEngine Engine { get; } = engine;
    public RecordingCpgHost Host { get; } = host;
    public RingId? Ring { get; set; }
    public NodeId[] Members { get; set; } = [];
}

/// <summary>
/// N engines on an in-memory ring that behaves as Totem does for CPG: each node's broadcasts wait
/// in its send queue (kept across configuration changes, like Totem's); <see cref="DeliverAll"/>
/// takes them round-robin and delivers each to every member of the sender's ring in one total order;
/// <see cref="Configure"/> installs new rings with the transitional configuration (the members that
/// come from the same previous ring) then the regular one, as Totem's EVS install does.
/// </summary>
internal sealed class CpgTestCluster
{
    private readonly SortedDictionary<uint, CpgTestNode> _nodes = [];
    private readonly Dictionary<RingId, ulong> _deliverySeq = [];
    private readonly CpgOptions? _options;
    private ulong _ringSeq;

    public CpgTestCluster(IEnumerable<uint> nodes, CpgOptions? options = null, CpgHistoryChecker? checker = null)
    {
        _options = options;
        Checker = checker;
        foreach (uint id in nodes) Start(id);
    }

    public CpgTestCluster(params uint[] nodes) : this(nodes, null, null)
    {
    }

    public CpgHistoryChecker? Checker { get; }

    public CpgTestNode this[uint id] => _nodes[id];

    public IEnumerable<CpgTestNode> Nodes => _nodes.Values;

    public static ClientId Client(uint node, uint pid, ulong connection = 1) => new(new NodeId(node), pid, connection);

    /// <summary>Configure every node into one ring and deliver until quiet.</summary>
    public static CpgTestCluster Formed(params uint[] nodes)
    {
        var cluster = new CpgTestCluster(nodes);
        cluster.Configure(nodes);
        cluster.DeliverAll();
        return cluster;
    }

    /// <summary>A fresh engine on <paramref name="id"/> (a start or a restart after <see cref="Crash"/>), in no ring yet.</summary>
    public CpgTestNode Start(uint id)
    {
        var host = new RecordingCpgHost();
        var node = new CpgTestNode(new NodeId(id), new CpgEngine(new NodeId(id), host, _options), host);
        if (Checker is { } checker) host.OnEvent = checker.OnEvent;
        _nodes[id] = node;
        return node;
    }

    /// <summary>The node's process dies: its engine, its send queue and its clients are gone.</summary>
    public void Crash(uint id)
    {
        if (Checker is { } checker)
        {
            foreach (var client in checker.LiveClients.Where(c => c.Node.Value == id).ToArray()) checker.OnGone(client);
        }
        _nodes.Remove(id);
    }

    /// <summary>
    /// Install one new ring per array (nodes in none keep theirs). Each member gets the transitional
    /// configuration (the members that were in its previous ring) and then the regular one.
    /// </summary>
    public void Configure(params uint[][] rings)
    {
        var plans = new List<(CpgTestNode Node, TotemConfiguration Transitional, TotemConfiguration Regular)>();
        foreach (var ring in rings)
        {
            _ringSeq += 4;
            var members = ring.Distinct().Order().Select(n => new NodeId(n)).ToArray();
            var ringId = new RingId(members[0], _ringSeq);
            foreach (var id in members)
            {
                var node = _nodes[id.Value];
                var movers = node.Ring is { } old
                    ? members.Where(m => _nodes[m.Value].Ring == old).ToArray()
                    : [id];
                plans.Add((node,
                    new TotemConfiguration(ConfigurationKind.Transitional, ringId, movers, [], []),
                    new TotemConfiguration(ConfigurationKind.Regular, ringId, members,
                        [.. members.Except(node.Members)], [.. node.Members.Except(members)])));
            }
        }
        foreach (var (node, transitional, regular) in plans)
        {
            SetCause(new Cause(regular.RingId, 0));
            node.Engine.OnConfiguration(transitional);
            node.Engine.OnConfiguration(regular);
            node.Ring = regular.RingId;
            node.Members = [.. regular.Members];
        }
    }

    /// <summary>Configure with the rings given as arrays, a convenience for one ring.</summary>
    public void Configure(params uint[] ring) => Configure([ring]);

    /// <summary>Deliver round-robin until every send queue of a node in a ring is empty; returns the deliveries.</summary>
    public int DeliverAll(int max = 1_000_000)
    {
        int delivered = 0;
        bool any = true;
        while (any)
        {
            any = false;
            foreach (var node in _nodes.Values.ToArray())
            {
                if (!_nodes.ContainsKey(node.Id.Value) || node.Ring is null) continue;
                if (DeliverNext(node.Id.Value))
                {
                    any = true;
                    if (++delivered >= max) return delivered;
                }
            }
        }
        return delivered;
    }

    /// <summary>Deliver the head of <paramref name="sender"/>'s send queue to every member of its ring.</summary>
    public bool DeliverNext(uint sender) => DeliverNextTo(sender, null);

    /// <summary>
    /// Deliver the head of <paramref name="sender"/>'s send queue to <paramref name="receivers"/>
    /// only (members of its ring): what EVS allows just before a partition — the message reached one
    /// side, which delivers it, and is lost for the other (the sender's side always has it).
    /// </summary>
    public bool DeliverNextTo(uint sender, uint[]? receivers)
    {
        var from = _nodes[sender];
        if (from.Ring is not { } ring || !from.Host.SendQueue.TryDequeue(out var message)) return false;
        ulong seq = _deliverySeq[ring] = _deliverySeq.GetValueOrDefault(ring) + 1;
        foreach (var node in _nodes.Values.ToArray())
        {
            if (node.Ring != ring || (receivers is not null && !receivers.Contains(node.Id.Value))) continue;
            SetCause(new Cause(ring, seq));
            node.Engine.OnDelivery(from.Id, message);
        }
        return true;
    }

    private void SetCause(Cause cause)
    {
        if (Checker is { } checker) checker.Cause = cause;
    }
}
