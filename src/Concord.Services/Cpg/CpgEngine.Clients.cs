using Concord.Totem;

namespace Concord.Services.Cpg;

// Local client requests. Every request of one client goes out in the order it was made: directly
// to Totem when nothing waits before it, otherwise through the outbox (see .Outbox). A join or a
// leave takes effect when Totem delivers it, at the same point of the total order everywhere.
public sealed partial class CpgEngine
{
    /// <summary>(group, pid) → the local membership, from the join request until the leave is delivered.</summary>
    private readonly Dictionary<(string Group, uint Pid), LocalMembership> _local = [];
    private readonly Dictionary<ClientId, List<LocalMembership>> _byClient = [];

    /// <summary>
    /// Join <paramref name="group"/>. <see cref="CpgResult.Ok"/> means the join is on its way; the
    /// client becomes a member when its membership event (joined: itself, reason join) arrives.
    /// </summary>
    public CpgResult Join(ClientId client, string group)
    {
        if (client.Node != _self) return CpgResult.InvalidClient;
        if (!CpgGroupName.IsValid(group)) return CpgResult.InvalidGroup;
        bool outer = Enter();
        try
        {
            if (_local.TryGetValue((group, client.Pid), out var existing))
                return existing.LeaveRequested ? CpgResult.TryAgain : CpgResult.AlreadyMember;
            int clientGroups = _byClient.TryGetValue(client, out var list) ? list.Count : 0;
            if (clientGroups >= _options.GroupsPerClientMax || _local.Count >= _options.LocalMembershipsMax)
                return CpgResult.LimitReached;
            var membership = new LocalMembership(client, group);
            byte[] join = CpgCodec.EncodeJoin(client.Pid, group);
            if (CanSendDirectly)
            {
                if (Broadcast(join) != SendResult.Queued) return CpgResult.TryAgain;
                membership.JoinSent = true;
            }
            else
            {
                Hold(new OutboxItem(OutboxKind.Join, membership, join, 0));
            }
            Track(membership);
            return CpgResult.Ok;
        }
        finally
        {
            Exit(outer);
        }
    }

    /// <summary>
    /// Leave <paramref name="group"/>. <see cref="CpgResult.Ok"/> means the leave is on its way; the
    /// client gets the membership event that shows it leaving, then nothing more of the group.
    /// </summary>
    public CpgResult Leave(ClientId client, string group)
    {
        if (client.Node != _self) return CpgResult.InvalidClient;
        if (!CpgGroupName.IsValid(group)) return CpgResult.InvalidGroup;
        bool outer = Enter();
        try
        {
            if (!_local.TryGetValue((group, client.Pid), out var membership) || membership.Client != client
                || membership.LeaveRequested || membership.Dead)
                return CpgResult.NotMember;
            byte[] leave = CpgCodec.EncodeLeave(client.Pid, group);
            if (CanSendDirectly)
            {
                if (Broadcast(leave) != SendResult.Queued) return CpgResult.TryAgain;
                membership.LeaveSent = true;
            }
            else
            {
                Hold(new OutboxItem(OutboxKind.Leave, membership, leave, 0));
            }
            membership.LeaveRequested = true;
            return CpgResult.Ok;
        }
        finally
        {
            Exit(outer);
        }
    }

    /// <summary>
    /// Send <paramref name="payload"/> to every member of <paramref name="group"/>, the sender
    /// included, in the group's total order. Allowed from the join request on (the join is ordered
    /// first) until the leave request. <see cref="CpgResult.TryAgain"/> under back-pressure: the
    /// message was not taken, send it again later.
    /// </summary>
    public CpgResult Send(ClientId client, string group, ReadOnlyMemory<byte> payload)
    {
        if (client.Node != _self) return CpgResult.InvalidClient;
        int groupBytes = group is null ? 0 : CpgGroupName.EncodedLength(group);
        if (groupBytes == 0) return CpgResult.InvalidGroup;
        bool outer = Enter();
        try
        {
            if (!_local.TryGetValue((group!, client.Pid), out var membership) || membership.Client != client
                || membership.LeaveRequested || membership.Dead)
                return CpgResult.NotMember;
            if (CpgCodec.MessageLength(groupBytes, payload.Length) > _options.MessageBytesMax) return CpgResult.TooLarge;
            if (CanSendDirectly)
            {
                var result = Broadcast(CpgCodec.EncodeMessage(client.Pid, group!, payload.Span));
                if (result == SendResult.Queued) return CpgResult.Ok;
                if (result == SendResult.TooLarge) return CpgResult.TooLarge;
                Counters.SendsRefused++;
                return CpgResult.TryAgain;
            }
            if (_outboxMessages >= _options.OutboxMessagesMax || _outboxBytes + payload.Length > _options.OutboxBytesMax)
            {
                Counters.SendsRefused++;
                return CpgResult.TryAgain;
            }
            Hold(new OutboxItem(OutboxKind.Message, membership, CpgCodec.EncodeMessage(client.Pid, group!, payload.Span), payload.Length));
            Counters.MessagesHeld++;
            return CpgResult.Ok;
        }
        finally
        {
            Exit(outer);
        }
    }

    /// <summary>
    /// The client's connection closed (its process died or disconnected without leaving). It gets
    /// nothing more; requests of it still in the outbox are dropped (nobody saw them); every group it
    /// was joined to sees it leave with reason process-down.
    /// </summary>
    public void ClientDied(ClientId client)
    {
        bool outer = Enter();
        try
        {
            if (!_byClient.Remove(client, out var memberships)) return;
            Counters.ClientsDied++;
            foreach (var membership in memberships) membership.Dead = true;
            DropHeld(client);
            foreach (var membership in memberships.OrderBy(m => m.Group, StringComparer.Ordinal))
            {
                if (!membership.JoinSent)
                {
                    _local.Remove((membership.Group, client.Pid));
                    continue;
                }
                if (membership.LeaveSent) continue; // its leave is with Totem already
                membership.LeaveRequested = true;
                byte[] down = CpgCodec.EncodeProcessDown(client.Pid, membership.Group);
                if (CanSendDirectly && Broadcast(down) == SendResult.Queued) membership.LeaveSent = true;
                else Hold(new OutboxItem(OutboxKind.ProcessDown, membership, down, 0));
            }
        }
        finally
        {
            Exit(outer);
        }
    }

    private void Track(LocalMembership membership)
    {
        _local.Add((membership.Group, membership.Client.Pid), membership);
        if (!_byClient.TryGetValue(membership.Client, out var list)) _byClient[membership.Client] = list = [];
        list.Add(membership);
    }

    /// <summary>The membership's leave was delivered: forget it.</summary>
    private void Untrack(string group, uint pid)
    {
        if (!_local.Remove((group, pid), out var membership)) return;
        if (!_byClient.TryGetValue(membership.Client, out var list)) return;
        list.Remove(membership);
        if (list.Count == 0) _byClient.Remove(membership.Client);
    }
}
