using Concord.Host.Loop;
using Concord.Totem;

namespace Concord.Host.Services;

/// <summary>Service ids: the first byte of every application payload on the ring.</summary>
internal enum ServiceId : byte
{
    Quorum = 1,
    Cpg = 2,
}

/// <summary>A service that rides the ring: it gets its own deliveries and every configuration change.</summary>
internal interface IRingService
{
    ServiceId Id { get; }

    void OnDelivery(TotemDelivery delivery, ReadOnlySpan<byte> payload);

    void OnConfiguration(TotemConfiguration configuration);
}

/// <summary>
/// Multiplexes the one totally ordered stream among services (as corosync's service handlers):
/// a one-byte service id in front of each payload. A message that cannot be queued because
/// Totem pushes back is retried on the loop a moment later, in order, never dropped.
/// </summary>
internal sealed class RingServices(EventLoop loop, Func<TotemProcessor?> processor) : IRingListener
{
    private const int RetryMs = 10;
    private const int PendingMax = 4096;
    private readonly Dictionary<ServiceId, IRingService> _services = [];
    private readonly Queue<byte[]> _pending = new();

    public long UnknownServiceMessages { get; private set; }

    public void Register(IRingService service) => _services[service.Id] = service;

    /// <summary>Queue a service message for agreed delivery to every member (this node included).</summary>
    public bool Broadcast(ServiceId service, ReadOnlySpan<byte> payload)
    {
        var framed = Frame(service, payload);
        if (_pending.Count == 0 && TrySend(framed)) return true;
        if (_pending.Count >= PendingMax) return false;
        _pending.Enqueue(framed);
        if (_pending.Count == 1) loop.Arm(this, EventLoop.NowMs + RetryMs, Flush);
        return true;
    }

    private bool TrySend(byte[] framed) =>
        processor()?.Send(framed, DeliveryGuarantee.Agreed, EventLoop.NowMs) == SendResult.Queued;

    /// <summary>Queue now or say why not; the caller keeps the message (services with their own flow control).</summary>
    public SendResult TryBroadcast(ServiceId service, ReadOnlySpan<byte> payload) =>
        processor()?.Send(Frame(service, payload), DeliveryGuarantee.Agreed, EventLoop.NowMs) ?? SendResult.NotRunning;

    private static byte[] Frame(ServiceId service, ReadOnlySpan<byte> payload)
    {
        var framed = new byte[payload.Length + 1];
        framed[0] = (byte)service;
        payload.CopyTo(framed.AsSpan(1));
        return framed;
    }

    private void Flush()
    {
        while (_pending.TryPeek(out var next) && TrySend(next)) _pending.Dequeue();
        if (_pending.Count > 0) loop.Arm(this, EventLoop.NowMs + RetryMs, Flush);
    }

    public void OnDelivery(TotemDelivery delivery)
    {
        var payload = delivery.Payload.Span;
        if (payload.Length == 0 || !_services.TryGetValue((ServiceId)payload[0], out var service))
        {
            UnknownServiceMessages++;
            return;
        }
        service.OnDelivery(delivery, payload[1..]);
    }

    public void OnConfiguration(TotemConfiguration configuration)
    {
        foreach (var service in _services.Values) service.OnConfiguration(configuration);
    }
}
