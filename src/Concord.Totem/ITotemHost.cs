using Concord.Core;

namespace Concord.Totem;

/// <summary>
/// Everything the Totem core asks of the world. The daemon implements it over UDP and a real clock;
/// the simulator over an in-memory network and a virtual clock. Calls happen synchronously from
/// inside the processor's input methods.
/// </summary>
public interface ITotemHost
{
    /// <summary>Unicast one datagram. The processor never touches the array again; the host may keep it.</summary>
    void Send(NodeId destination, byte[] datagram);

    /// <summary>Arm (or re-arm, replacing any earlier deadline) the timer of this kind.</summary>
    void ArmTimer(TotemTimer timer, long dueAtMs);

    void CancelTimer(TotemTimer timer);

    /// <summary>A message delivered in total order, already reassembled from its fragments.</summary>
    void Deliver(TotemDelivery delivery);

    /// <summary>A transitional or regular configuration change (Extended Virtual Synchrony).</summary>
    void ConfigurationChanged(TotemConfiguration configuration);

    /// <summary>
    /// Store the highest ring sequence this node has used, before the processor uses it, so that a
    /// restarted node never reuses a ring id (corosync keeps it in its ringid file).
    /// </summary>
    void PersistRingSequence(ulong ringSequence);
}

public enum TotemTimer
{
    /// <summary>No token (or commit token) seen for the effective token timeout: the ring is lost.</summary>
    TokenLoss,
    /// <summary>Resend the token we passed on, in case the datagram was lost.</summary>
    TokenRetransmit,
    /// <summary>An idle ring holds the token briefly instead of spinning it.</summary>
    TokenHold,
    /// <summary>Resend our join message while gathering.</summary>
    Join,
    /// <summary>Give up waiting for agreement on the membership and fail the silent nodes.</summary>
    Consensus,
    /// <summary>The representative looks for partitions to merge with.</summary>
    Merge,
}

public enum DeliveryGuarantee : byte
{
    /// <summary>Delivered once every earlier message of the ring has been delivered.</summary>
    Agreed = 0,
    /// <summary>Additionally delivered only once every member of the configuration has it.</summary>
    Safe = 1,
}

public enum SendResult
{
    Queued,
    /// <summary>The send queue is full (flow control): try again after deliveries drain it.</summary>
    TryAgain,
    /// <summary>The message exceeds <see cref="TotemOptions.MessageBytesMax"/>.</summary>
    TooLarge,
    /// <summary>The processor has left the cluster.</summary>
    NotRunning,
}

public enum TotemState
{
    Gather,
    Commit,
    Recovery,
    Operational,
    Left,
}

/// <param name="Sender">The node that sent the message.</param>
/// <param name="OriginRing">The ring the message was ordered in.</param>
/// <param name="Seq">The ring sequence of the datagram that completed it (of its last fragment).</param>
/// <param name="Index">Its place among the small messages packed into that datagram (0 when not packed);
/// (<paramref name="OriginRing"/>, <paramref name="Seq"/>, <paramref name="Index"/>) is unique.</param>
public sealed record TotemDelivery(
    NodeId Sender,
    RingId OriginRing,
    ulong Seq,
    DeliveryGuarantee Guarantee,
    ReadOnlyMemory<byte> Payload,
    int Index = 0);

public enum ConfigurationKind
{
    Transitional,
    Regular,
}

/// <param name="RingId">The new ring (for a transitional configuration, the ring being installed).</param>
/// <param name="Members">Sorted members of this configuration.</param>
/// <param name="Joined">Regular only: members not in our previous regular configuration.</param>
/// <param name="Left">Regular only: members of our previous regular configuration that are gone.</param>
public sealed record TotemConfiguration(
    ConfigurationKind Kind,
    RingId RingId,
    IReadOnlyList<NodeId> Members,
    IReadOnlyList<NodeId> Joined,
    IReadOnlyList<NodeId> Left);

/// <summary>What made the processor leave its ring and gather a new membership.</summary>
public enum GatherCause
{
    Start,
    TokenLoss,
    JoinReceived,
    MergeDetected,
    LeaveReceived,
    FailedToReceive,
    NodeListChanged,
}
