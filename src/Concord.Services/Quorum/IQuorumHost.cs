namespace Concord.Services.Quorum;

/// <summary>
/// Everything the quorum engine asks of the world. The daemon implements it over Totem and a real
/// clock; the tests over an in-memory ring. Calls happen synchronously from inside the engine's
/// input methods.
/// </summary>
public interface IQuorumHost
{
    /// <summary>
    /// Send to every member of the ring in total order (Totem agreed delivery), this node
    /// included; the host encodes it with <see cref="QuorumCodec"/>.
    /// </summary>
    void Broadcast(QuorumMessage message);

    /// <summary>Arm (or re-arm, replacing any earlier deadline) the timer of this kind.</summary>
    void ArmTimer(QuorumTimer timer, long dueAtMs);

    void CancelTimer(QuorumTimer timer);

    /// <summary>The quorum state changed; publish it to the other services and to local clients.</summary>
    void QuorumChanged(QuorumEvent change);

    /// <summary>
    /// Durably store the expected-votes tracking barrier (corosync's ev_tracking file) and hand it
    /// back to the engine's constructor after a restart.
    /// </summary>
    void PersistExpectedVotesBarrier(uint barrier);
}

public enum QuorumTimer
{
    /// <summary>last_man_standing_window after nodes left: shrink expected votes to the survivors.</summary>
    LastManStanding,
}
