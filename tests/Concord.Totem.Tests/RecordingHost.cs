using Concord.Core;

namespace Concord.Totem.Tests;

/// <summary>A do-little host for driving one processor directly in unit tests.</summary>
internal sealed class RecordingHost : ITotemHost
{
    public List<(NodeId To, byte[] Datagram)> Sent { get; } = [];
    public Dictionary<TotemTimer, long> Timers { get; } = [];
    public List<TotemDelivery> Delivered { get; } = [];
    public List<TotemConfiguration> Configurations { get; } = [];
    public ulong PersistedRingSequence { get; private set; }

    public void Send(NodeId destination, byte[] datagram) => Sent.Add((destination, datagram));

    public void ArmTimer(TotemTimer timer, long dueAtMs) => Timers[timer] = dueAtMs;

    public void CancelTimer(TotemTimer timer) => Timers.Remove(timer);

    public void Deliver(TotemDelivery delivery) => Delivered.Add(delivery);

    public void ConfigurationChanged(TotemConfiguration configuration) => Configurations.Add(configuration);

    public void PersistRingSequence(ulong ringSequence) => PersistedRingSequence = ringSequence;

    /// <summary>A started processor for node 1 of a three-node nodelist (it forms a ring of one at once).</summary>
    public static (TotemProcessor Processor, RecordingHost Host) StartedProcessor(TotemOptions? options = null)
    {
        var host = new RecordingHost();
        var processor = new TotemProcessor(new NodeId(1), [new NodeId(1), new NodeId(2), new NodeId(3)], options ?? new TotemOptions(), host);
        processor.Start(0);
        return (processor, host);
    }
}
