using Concord.Core;
using Concord.Totem;

namespace Concord.Simulation.Checkers;

/// <summary>
/// Invariant 6: every process that installs a regular configuration sees the same ring id and member
/// list, and a ring id never names two member lists (across restarts: ring sequences come from the
/// persisted counter). Also the shape of the configuration stream: a transitional configuration,
/// then the regular one of the same ring; the process is a member of both; the transitional members
/// are a subset of the regular ones; Joined/Left are the differences from the previous regular
/// configuration; and each node's regular ring sequences strictly increase, across its restarts.
/// </summary>
internal sealed class ConfigurationChecker : InvariantChecker
{
    private readonly Dictionary<RingId, NodeId[]> _rings = [];
    private readonly Dictionary<NodeId, (ulong Seq, uint Incarnation)> _lastSequenceByNode = [];

    public override string Name => "configuration agreement (same ring id, same members)";

    public int RingsInstalled => _rings.Count;

    public override void OnConfiguration(ProcessView p, TotemConfiguration c)
    {
        if (!IsStrictlyAscending(c.Members)) Fail($"{p} got {c.Kind} configuration {c.RingId} with unsorted or repeated members {Show(c.Members)}");
        if (!c.Members.Contains(p.Id)) Fail($"{p} got {c.Kind} configuration {c.RingId} without itself: {Show(c.Members)}");
        if (c.Kind == ConfigurationKind.Transitional)
        {
            if (p.TransitionalMembers is not null)
                Fail($"{p} got a second transitional configuration ({c.RingId}) without a regular one after {p.TransitionalRing}");
            return;
        }
        if (p.TransitionalMembers is null || p.TransitionalRing != c.RingId)
            Fail($"{p} installed regular configuration {c.RingId} without the transitional configuration of that ring first");
        foreach (var node in p.TransitionalMembers)
        {
            if (!c.Members.Contains(node))
                Fail($"{p}: transitional member {node} of {c.RingId} is not in its regular configuration {Show(c.Members)}");
        }
        var members = c.Members.ToArray();
        if (_rings.TryGetValue(c.RingId, out var known))
        {
            if (!known.SequenceEqual(members))
                Fail($"ring {c.RingId} installed with members {Show(known)} elsewhere but {Show(members)} by {p}");
        }
        else
        {
            _rings.Add(c.RingId, members);
        }
        if (_lastSequenceByNode.TryGetValue(p.Id, out var last) && c.RingId.Sequence <= last.Seq)
            Fail($"{p} installed ring {c.RingId} whose sequence does not exceed {last.Seq:x}, installed by incarnation {last.Incarnation} of the node: a ring id may be reused");
        _lastSequenceByNode[p.Id] = (c.RingId.Sequence, p.Incarnation);
        var previous = p.CurrentMembers;
        var joined = members.Except(previous).ToArray();
        var left = previous.Except(members).ToArray();
        if (!joined.SequenceEqual(c.Joined.Order()) || !left.SequenceEqual(c.Left.Order()))
            Fail($"{p} regular configuration {c.RingId}: joined {Show(c.Joined)} left {Show(c.Left)}, expected joined {Show(joined)} left {Show(left)} from {Show(previous)}");
    }

    private static bool IsStrictlyAscending(IReadOnlyList<NodeId> members)
    {
        for (int i = 1; i < members.Count; i++)
        {
            if (members[i] <= members[i - 1]) return false;
        }
        return members.Count > 0;
    }

    internal static string Show(IEnumerable<NodeId> nodes) => "(" + string.Join(",", nodes) + ")";
}
