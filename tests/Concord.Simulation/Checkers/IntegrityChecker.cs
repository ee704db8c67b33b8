using Concord.Totem;

namespace Concord.Simulation.Checkers;

/// <summary>
/// Invariant 2: no duplicate, no invented, no corrupted message. Every delivered payload must carry a
/// valid checksum, name a message the workload really queued (same bytes, same sender, same
/// guarantee), and reach each process at most once.
/// </summary>
internal sealed class IntegrityChecker(IReadOnlyDictionary<MessageId, SentMessage> sent) : InvariantChecker
{
    public override string Name => "integrity (no duplicate, invented or corrupted message)";

    public DeliveryEvent Identify(ProcessView process, TotemDelivery delivery)
    {
        var parsed = Payload.TryRead(delivery.Payload.Span, out string? problem);
        if (parsed is null) Fail($"{process} delivered a corrupt message from node {delivery.Sender} (ring {delivery.OriginRing} seq {delivery.Seq}): {problem}");
        var (id, guarantee, checksum) = parsed!.Value;
        if (!sent.TryGetValue(id, out var message))
            Fail($"{process} delivered message {id} (ring {delivery.OriginRing} seq {delivery.Seq}) that no process ever queued");
        if (message!.Checksum != checksum || message.Bytes != delivery.Payload.Length)
            Fail($"{process} delivered message {id} with different content than was sent ({delivery.Payload.Length} bytes, sent {message.Bytes})");
        if (delivery.Sender.Value != id.Node)
            Fail($"{process} delivered message {id} attributed to sender {delivery.Sender}");
        if (delivery.Guarantee != message.Guarantee || guarantee != message.Guarantee)
            Fail($"{process} delivered {message.Guarantee} message {id} as {delivery.Guarantee}");
        return new DeliveryEvent(process, delivery, message);
    }

    public override void OnDelivery(in DeliveryEvent e)
    {
        if (e.Process.Delivered.Contains(e.Id))
            Fail($"{e.Process} delivered message {e.Id} twice (now at ring {e.Delivery.OriginRing} seq {e.Delivery.Seq})");
    }
}
