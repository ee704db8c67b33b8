using Concord.Services.Cpg;
using Concord.Totem;

namespace Concord.Services.Tests.Cpg.Support;

/// <summary>
/// An <see cref="ICpgHost"/> that plays a node's Totem send queue (bounded by <see cref="Capacity"/>)
/// and records what the engine delivers to local clients.
/// </summary>
internal sealed class RecordingCpgHost : ICpgHost
{
    public Queue<byte[]> SendQueue { get; } = new();

    /// <summary>Totem's send queue bound: beyond it Broadcast answers TryAgain.</summary>
    public int Capacity { get; set; } = int.MaxValue;

    public int BroadcastCalls { get; private set; }

    public List<(ClientId To, CpgEvent Event)> Events { get; } = [];

    /// <summary>Called on every delivery (after recording it), e.g. to check invariants.</summary>
    public Action<ClientId, CpgEvent>? OnEvent { get; set; }

    public SendResult Broadcast(ReadOnlyMemory<byte> message)
    {
        BroadcastCalls++;
        if (SendQueue.Count >= Capacity) return SendResult.TryAgain;
        SendQueue.Enqueue(message.ToArray());
        return SendResult.Queued;
    }

    public void Deliver(ClientId to, CpgEvent ev)
    {
        Events.Add((to, ev));
        OnEvent?.Invoke(to, ev);
    }

    public IEnumerable<CpgEvent> EventsFor(ClientId client) => Events.Where(e => e.To == client).Select(e => e.Event);

    public IReadOnlyList<CpgMembershipEvent> MembershipEventsFor(ClientId client, string? group = null) =>
        [.. EventsFor(client).OfType<CpgMembershipEvent>().Where(e => group is null || e.Group == group)];

    public IReadOnlyList<CpgMessageEvent> MessagesFor(ClientId client, string? group = null) =>
        [.. EventsFor(client).OfType<CpgMessageEvent>().Where(e => group is null || e.Group == group)];
}
