using Concord.Core;

namespace Concord.Services.Cpg;

// The group view: the processes of every node we are synced with (_known), per group, and the
// membership events that report its changes to local members.
public sealed partial class CpgEngine
{
    /// <summary>Nodes whose processes the view holds: ourselves, and the nodes we synced with and stayed with since.</summary>
    private readonly SortedSet<NodeId> _known = [];
    private readonly SortedDictionary<string, SortedSet<CpgAddress>> _groups = new(StringComparer.Ordinal);

    private bool AddMember(string group, CpgAddress process)
    {
        if (!_groups.TryGetValue(group, out var members)) _groups[group] = members = [];
        return members.Add(process);
    }

    private bool RemoveMember(string group, CpgAddress process)
    {
        if (!_groups.TryGetValue(group, out var members) || !members.Remove(process)) return false;
        if (members.Count == 0) _groups.Remove(group);
        return true;
    }

    private bool IsMember(string group, CpgAddress process) =>
        _groups.TryGetValue(group, out var members) && members.Contains(process);

    /// <summary>Live local clients that are members of <paramref name="group"/> in the view, ascending by pid.</summary>
    private List<LocalMembership> LocalMembers(string group)
    {
        var result = new List<LocalMembership>();
        if (!_groups.TryGetValue(group, out var members)) return result;
        foreach (var process in members.GetViewBetween(new CpgAddress(_self, 0), new CpgAddress(_self, uint.MaxValue)))
        {
            if (_local.TryGetValue((group, process.Pid), out var membership) && !membership.Dead) result.Add(membership);
        }
        return result;
    }

    /// <summary>
    /// Tell the group's local members (those who left included) about a change already applied to
    /// the view. Every member of the view computes the same event at the same point of the order.
    /// </summary>
    private void Emit(string group, IReadOnlyList<CpgMemberChange> joined, IReadOnlyList<CpgMemberChange> left)
    {
        if (joined.Count == 0 && left.Count == 0) return;
        var recipients = LocalMembers(group);
        foreach (var change in left)
        {
            if (change.Process.Node == _self && _local.TryGetValue((group, change.Process.Pid), out var membership) && !membership.Dead)
                recipients.Add(membership);
        }
        if (recipients.Count == 0) return;
        recipients.Sort((a, b) => a.Client.Pid.CompareTo(b.Client.Pid));
        CpgAddress[] members = _groups.TryGetValue(group, out var set) ? [.. set] : [];
        var ev = new CpgMembershipEvent(group, members, joined, left);
        foreach (var recipient in recipients)
        {
            Counters.MembershipEventsDelivered++;
            _host.Deliver(recipient.Client, ev);
        }
    }

    /// <summary>Removes every process of <paramref name="nodes"/> from the view, reporting them with <paramref name="reason"/>.</summary>
    private void RemoveNodes(IReadOnlyCollection<NodeId> nodes, CpgReason reason)
    {
        if (nodes.Count == 0) return;
        foreach (var group in _groups.Keys.ToArray())
        {
            var members = _groups[group];
            var left = members.Where(p => nodes.Contains(p.Node)).Select(p => new CpgMemberChange(p, reason)).ToArray();
            if (left.Length == 0) continue;
            foreach (var change in left) members.Remove(change.Process);
            if (members.Count == 0) _groups.Remove(group);
            if (reason == CpgReason.NodeDown) Counters.NodeDownLeaves += left.Length;
            Emit(group, [], left);
        }
    }
}
