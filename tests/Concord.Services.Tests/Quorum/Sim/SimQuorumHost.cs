using Concord.Services.Quorum;

namespace Concord.Services.Tests.Quorum.Sim;

/// <summary>Records what an engine asks of the world, for the in-memory ring and for unit tests.</summary>
internal sealed class SimQuorumHost : IQuorumHost
{
    public List<QuorumMessage> Outbox { get; } = [];
    public Dictionary<QuorumTimer, long> Timers { get; } = [];
    public List<QuorumEvent> Events { get; } = [];
    public uint PersistedBarrier { get; private set; }

    public void Broadcast(QuorumMessage message) => Outbox.Add(message);

    public void ArmTimer(QuorumTimer timer, long dueAtMs) => Timers[timer] = dueAtMs;

    public void CancelTimer(QuorumTimer timer) => Timers.Remove(timer);

    public void QuorumChanged(QuorumEvent change) => Events.Add(change);

    public void PersistExpectedVotesBarrier(uint barrier) => PersistedBarrier = barrier;

    public List<QuorumMessage> TakeOutbox()
    {
        var messages = new List<QuorumMessage>(Outbox);
        Outbox.Clear();
        return messages;
    }
}
