using Concord.Totem;

namespace Concord.Services.Cpg;

// What waits for Totem. First our sync join list chunks (after each regular configuration, before
// anything else of ours); then the outbox: client requests made while a sync runs, or after Totem
// pushed back, in request order. Client messages in the outbox are bounded (OutboxMessagesMax,
// OutboxBytesMax; beyond them a send is refused with TryAgain); joins, leaves and process-downs
// are bounded by the membership limits.
public sealed partial class CpgEngine
{
    private readonly Queue<byte[]> _syncOut = new();
    private readonly LinkedList<OutboxItem> _outbox = new();
    private int _outboxMessages;
    private long _outboxBytes;

    /// <summary>Client messages waiting in the outbox.</summary>
    public int OutboxMessages => _outboxMessages;

    /// <summary>Everything waiting for Totem: sync chunks and outbox entries.</summary>
    public int PendingBroadcasts => _syncOut.Count + _outbox.Count;

    /// <summary>Nothing waits before a new request, so it may go to Totem at once.</summary>
    private bool CanSendDirectly => !_syncing && _syncOut.Count == 0 && _outbox.Count == 0;

    private void Hold(OutboxItem item)
    {
        _outbox.AddLast(item);
        if (item.Kind != OutboxKind.Message) return;
        _outboxMessages++;
        _outboxBytes += item.PayloadBytes;
    }

    private void FlushCore()
    {
        while (_syncOut.TryPeek(out var chunk))
        {
            if (Broadcast(chunk) != SendResult.Queued) return;
            _syncOut.Dequeue();
        }
        if (_syncing) return;
        while (_outbox.First is { } node)
        {
            var item = node.Value;
            var result = Broadcast(item.Encoded);
            if (result is SendResult.TryAgain or SendResult.NotRunning) return;
            _outbox.RemoveFirst();
            Release(item);
            if (result == SendResult.TooLarge)
            {
                // Only when CpgOptions.MessageBytesMax exceeds Totem's limit (a configuration error).
                Counters.RefusedByTotem++;
                continue;
            }
            switch (item.Kind)
            {
                case OutboxKind.Join:
                    item.Membership.JoinSent = true;
                    break;
                case OutboxKind.Leave or OutboxKind.ProcessDown:
                    item.Membership.LeaveSent = true;
                    break;
            }
        }
    }

    /// <summary>Drops a dead client's requests that never reached Totem.</summary>
    private void DropHeld(ClientId client)
    {
        var node = _outbox.First;
        while (node is not null)
        {
            var next = node.Next;
            if (node.Value.Membership.Client == client)
            {
                _outbox.Remove(node);
                Release(node.Value);
                if (node.Value.Kind is OutboxKind.Leave) node.Value.Membership.LeaveRequested = false;
            }
            node = next;
        }
    }

    private void Release(OutboxItem item)
    {
        if (item.Kind != OutboxKind.Message) return;
        _outboxMessages--;
        _outboxBytes -= item.PayloadBytes;
    }
}
