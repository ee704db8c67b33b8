using Concord.Core;
using Concord.Totem.Wire;

namespace Concord.Totem;

// Messages: receipt into the ring's store, delivery in sequence order (agreed: all earlier
// delivered; safe: also received by every member), reassembly of fragments, and the bounded send
// queue that feeds the token holder.
public sealed partial class TotemProcessor
{
    /// <summary>The installed ring's messages (during recovery the new ring's are in _recoveryStore).</summary>
    private MessageStore _store;
    private ulong _highDelivered;
    private readonly Dictionary<NodeId, Reassembly> _reassembly = [];
    private readonly LinkedList<OutgoingMessage> _sendQueue = new();
    private int _queuedFragments;
    private long _queuedBytes;

    private uint _nextMessageNumber;

    private sealed class OutgoingMessage(uint number, ReadOnlyMemory<byte> payload, DeliveryGuarantee guarantee, int fragmentCount)
    {
        public uint Number { get; } = number;
        public ReadOnlyMemory<byte> Payload { get; } = payload;
        public DeliveryGuarantee Guarantee { get; } = guarantee;
        public int FragmentCount { get; } = fragmentCount;
        public int NextFragment { get; set; }
    }

    private sealed class Reassembly(uint messageNumber)
    {
        public uint MessageNumber { get; } = messageNumber;
        public List<ReadOnlyMemory<byte>> Parts { get; } = [];
        public int NextIndex { get; set; }
    }

    private void OnMcast(McastMessage message)
    {
        var store = ActiveStore;
        if (message.Ring != store.Ring)
        {
            Counters.ForeignDatagrams++;
            return;
        }
        // Once our commit entry is out, the old ring is closed to direct messages.
        if (_frozen && State == TotemState.Commit) return;
        if (!store.Add(message)) return;
        if (State is TotemState.Operational or TotemState.Recovery)
        {
            ArmTokenLoss(RingMembers.Length);
            LastRingActivityMs = _nowMs;
            // Someone downstream has used the token we passed: no need to resend it.
            if (message.Seq > _lastForwardedSeq) _host.CancelTimer(TotemTimer.TokenRetransmit);
        }
        if (State == TotemState.Recovery && message.IsEncapsulated)
        {
            var inner = McastMessage.TryDecodeDatagram(message.Payload.Span);
            if (inner is not null && inner.Ring == _store.Ring && _store.Add(inner)) Counters.MessagesRecovered++;
        }
        if (State == TotemState.Operational) DeliverReady();
    }

    /// <summary>Deliver, in sequence order, every message whose ordering guarantee is met.</summary>
    private void DeliverReady()
    {
        while (true)
        {
            var message = _store.Get(_highDelivered + 1);
            if (message is null || (message.IsSafe && message.Seq > _safePoint)) break;
            _highDelivered++;
            DeliverFragment(message, _store.Ring);
        }
        _store.Forget(Math.Min(_safePoint, _highDelivered));
    }

    private void DeliverFragment(McastMessage message, RingId ring)
    {
        if (message.IsEncapsulated) return; // recovery traffic, already merged into the old ring
        var guarantee = message.IsSafe ? DeliveryGuarantee.Safe : DeliveryGuarantee.Agreed;
        if (message.IsPacked)
        {
            DeliverPacked(message, ring, guarantee);
            return;
        }
        if (message.FragmentCount == 1)
        {
            Counters.MessagesDelivered++;
            _host.Deliver(new TotemDelivery(message.Origin, ring, message.Seq, guarantee, message.Payload));
            return;
        }
        if (message.FragmentIndex == 0) _reassembly[message.Origin] = new Reassembly(message.MessageNumber);
        if (!_reassembly.TryGetValue(message.Origin, out var parts) || parts.NextIndex != message.FragmentIndex
            || parts.MessageNumber != message.MessageNumber)
        {
            // A fragment after a gap (its predecessors were lost with a failed node): drop the message.
            _reassembly.Remove(message.Origin);
            return;
        }
        parts.Parts.Add(message.Payload);
        parts.NextIndex++;
        if (!message.IsLastFragment) return;
        _reassembly.Remove(message.Origin);
        var whole = new byte[parts.Parts.Sum(p => p.Length)];
        int offset = 0;
        foreach (var part in parts.Parts)
        {
            part.Span.CopyTo(whole.AsSpan(offset));
            offset += part.Length;
        }
        Counters.MessagesDelivered++;
        _host.Deliver(new TotemDelivery(message.Origin, ring, message.Seq, guarantee, whole));
    }

    private void DeliverPacked(McastMessage message, RingId ring, DeliveryGuarantee guarantee)
    {
        var payload = message.Payload;
        int offset = 0, index = 0;
        while (payload.Length - offset >= McastMessage.PackedEntryHeaderBytes)
        {
            int length = (int)System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(payload.Span[offset..]);
            offset += McastMessage.PackedEntryHeaderBytes;
            if (length < 0 || length > payload.Length - offset) break; // authenticated, so only a sender bug gets here
            Counters.MessagesDelivered++;
            _host.Deliver(new TotemDelivery(message.Origin, ring, message.Seq, guarantee, payload.Slice(offset, length), index++));
            offset += length;
        }
    }

    /// <summary>
    /// Several small messages of the same guarantee at the head of the queue travel in one
    /// datagram (as corosync's totempg packs): per-datagram costs dominate small messages.
    /// </summary>
    private McastMessage? TryPack(RingId ring)
    {
        int budget = _options.FragmentPayloadBytes;
        var first = _sendQueue.First!.Value;
        int count = 0, bytes = 0;
        for (var node = _sendQueue.First; node is not null; node = node.Next)
        {
            var m = node.Value;
            int entry = McastMessage.PackedEntryHeaderBytes + m.Payload.Length;
            if (m.FragmentCount != 1 || m.Guarantee != first.Guarantee || bytes + entry > budget) break;
            bytes += entry;
            count++;
        }
        if (count < 2) return null;
        var payload = new byte[bytes];
        int offset = 0;
        for (int i = 0; i < count; i++)
        {
            var m = _sendQueue.First!.Value;
            _sendQueue.RemoveFirst();
            _queuedBytes -= m.Payload.Length;
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(payload.AsSpan(offset), (uint)m.Payload.Length);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(payload.AsSpan(offset + 4), m.Number);
            m.Payload.Span.CopyTo(payload.AsSpan(offset + McastMessage.PackedEntryHeaderBytes));
            offset += McastMessage.PackedEntryHeaderBytes + m.Payload.Length;
        }
        _queuedFragments -= count;
        return new McastMessage
        {
            Ring = ring,
            Origin = _self,
            Flags = (byte)(McastMessage.PackedFlag | (first.Guarantee == DeliveryGuarantee.Safe ? McastMessage.SafeFlag : 0)),
            MessageNumber = first.Number,
            FragmentIndex = 0,
            FragmentCount = 1,
            Payload = payload,
        };
    }

    private SendResult Enqueue(ReadOnlyMemory<byte> payload, DeliveryGuarantee guarantee)
    {
        if (payload.Length > _options.MessageBytesMax) return SendResult.TooLarge;
        int fragmentBytes = _options.FragmentPayloadBytes;
        int fragments = Math.Max(1, (payload.Length + fragmentBytes - 1) / fragmentBytes);
        // A message that could never fit in the queue is too large, not "try again" forever.
        if (fragments > ushort.MaxValue || fragments > _options.SendQueueFragmentsMax) return SendResult.TooLarge;
        if (_queuedFragments + fragments > _options.SendQueueFragmentsMax) return SendResult.TryAgain;
        if (_queuedBytes > 0 && _queuedBytes + payload.Length > _options.SendQueueBytesMax) return SendResult.TryAgain;
        _sendQueue.AddLast(new OutgoingMessage(_nextMessageNumber++, payload, guarantee, fragments));
        _queuedFragments += fragments;
        _queuedBytes += payload.Length;
        if (fragments > 1) Counters.FragmentedMessagesSent++;
        UseHeldTokenNow();
        return SendResult.Queued;
    }

    private McastMessage? NextFragment(RingId ring)
    {
        var head = _sendQueue.First?.Value;
        if (head is null) return null;
        if (head.FragmentCount == 1 && TryPack(ring) is { } packed) return packed;
        int fragmentBytes = _options.FragmentPayloadBytes;
        int index = head.NextFragment;
        int start = index * fragmentBytes;
        int length = Math.Min(fragmentBytes, head.Payload.Length - start);
        head.NextFragment++;
        _queuedFragments--;
        if (head.NextFragment == head.FragmentCount)
        {
            _sendQueue.RemoveFirst();
            _queuedBytes -= head.Payload.Length;
        }
        return new McastMessage
        {
            Ring = ring,
            Origin = _self,
            Flags = head.Guarantee == DeliveryGuarantee.Safe ? McastMessage.SafeFlag : (byte)0,
            MessageNumber = head.Number,
            FragmentIndex = (ushort)index,
            FragmentCount = (ushort)head.FragmentCount,
            Payload = head.Payload.Slice(start, Math.Max(0, length)),
        };
    }

    /// <summary>
    /// Fragments of one message never span rings: receivers drop partial messages at a
    /// configuration change, so a message cut by one is sent again whole on the new ring.
    /// </summary>
    private void RestartPartiallySentMessage()
    {
        var head = _sendQueue.First?.Value;
        if (head is null || head.NextFragment == 0) return;
        _queuedFragments += head.NextFragment;
        head.NextFragment = 0;
    }
}
