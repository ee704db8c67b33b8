using Concord.Core;

namespace Concord.Services.Cpg;

// Joins, leaves and messages, applied in Totem's agreed order. A node we are synced with changes
// the view (and local members hear of it). A node we are not synced with yet (it came into the
// configuration and the sync has not completed) changes its sync list once that list is complete;
// before, the list itself will reflect the operation, because each node's sync list describes its
// state after every operation it handed to Totem before the list.
public sealed partial class CpgEngine
{
    private void ApplyJoin(NodeId node, string group, uint pid)
    {
        var process = new CpgAddress(node, pid);
        if (_known.Contains(node))
        {
            if (!AddMember(group, process))
            {
                Counters.DuplicateJoins++;
                return;
            }
            Emit(group, [new CpgMemberChange(process, CpgReason.Join)], []);
            return;
        }
        if (PendingSyncList(node) is { } list) list.Add(group, pid);
        else Counters.OperationsBeforeSyncList++;
    }

    private void ApplyLeave(NodeId node, string group, uint pid, CpgReason reason)
    {
        var process = new CpgAddress(node, pid);
        if (_known.Contains(node))
        {
            if (!RemoveMember(group, process)) Counters.UnknownLeaves++;
            else Emit(group, [], [new CpgMemberChange(process, reason)]);
            if (node == _self) Untrack(group, pid);
            return;
        }
        if (PendingSyncList(node) is { } list) list.Remove(group, pid);
        else Counters.OperationsBeforeSyncList++;
    }

    private void ApplyMessage(NodeId node, string group, uint pid, ReadOnlySpan<byte> payload)
    {
        var sender = new CpgAddress(node, pid);
        if (!_known.Contains(node) || !IsMember(group, sender))
        {
            Counters.MessagesFromNonMembers++;
            return;
        }
        var recipients = LocalMembers(group);
        if (recipients.Count == 0) return;
        var ev = new CpgMessageEvent(group, sender, payload.ToArray());
        foreach (var recipient in recipients)
        {
            Counters.MessagesDelivered++;
            _host.Deliver(recipient.Client, ev);
        }
    }
}
