using Concord.Core;
using Concord.Totem;

namespace Concord.Services.Cpg;

/// <summary>
/// Closed process groups (corosync's CPG) of one node, as a synchronous state machine (sans-I/O).
/// <para>
/// Inputs: <see cref="OnConfiguration"/> (every Totem configuration, transitional and regular),
/// <see cref="OnDelivery"/> (CPG messages in Totem's agreed order, our own included), the local
/// client requests <see cref="Join"/>, <see cref="Leave"/>, <see cref="Send"/>,
/// <see cref="ClientDied"/>, and <see cref="Flush"/> (retry after back-pressure). Outputs go
/// through <see cref="ICpgHost"/>: broadcasts and events for local clients.
/// </para>
/// <para>
/// The concerns live in partial files: .Clients (requests), .Outbox (what waits for Totem),
/// .Delivery (joins, leaves and messages in total order), .Sync (configuration changes and the
/// membership sync), .View (the group view and events), .Inspection (queries).
/// docs/protocols/cpg.md describes the protocol.
/// </para>
/// </summary>
public sealed partial class CpgEngine
{
    private readonly NodeId _self;
    private readonly ICpgHost _host;
    private readonly CpgOptions _options;

    /// <summary>Inside a call to the engine: inputs arriving meanwhile (Totem delivering inside our broadcast) wait.</summary>
    private bool _busy;
    private readonly Queue<DeferredInput> _deferred = new();

    private sealed record DeferredInput(NodeId Sender, byte[]? Payload, TotemConfiguration? Configuration);

    public CpgEngine(NodeId self, ICpgHost host, CpgOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (self.IsNone) throw new ArgumentException("node id 0 is reserved", nameof(self));
        options ??= new CpgOptions();
        var errors = options.Validate();
        if (errors.Count > 0) throw new ArgumentException("invalid CPG options: " + string.Join("; ", errors), nameof(options));
        _self = self;
        _host = host;
        _options = options;
        _known.Add(self);
    }

    public NodeId Self => _self;

    public CpgOptions Options => _options;

    public CpgCounters Counters { get; } = new();

    /// <summary>A CPG message delivered by Totem (agreed order), from <paramref name="sender"/>'s daemon.</summary>
    public void OnDelivery(NodeId sender, ReadOnlySpan<byte> payload)
    {
        if (_busy)
        {
            _deferred.Enqueue(new DeferredInput(sender, payload.ToArray(), null));
            return;
        }
        _busy = true;
        try
        {
            HandleDelivery(sender, payload);
            FlushCore();
            DrainDeferred();
        }
        finally
        {
            _busy = false;
        }
    }

    /// <summary>A Totem configuration change, transitional or regular, in the order Totem gives them.</summary>
    public void OnConfiguration(TotemConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (_busy)
        {
            _deferred.Enqueue(new DeferredInput(NodeId.None, null, configuration));
            return;
        }
        _busy = true;
        try
        {
            HandleConfiguration(configuration);
            FlushCore();
            DrainDeferred();
        }
        finally
        {
            _busy = false;
        }
    }

    /// <summary>
    /// Retry what waits for Totem (sync lists, held client messages, process-down leaves). The
    /// engine retries on every input; the host also calls this after Totem deliveries of other
    /// services, since their traffic can be what filled the send queue.
    /// </summary>
    public void Flush()
    {
        bool outer = Enter();
        try
        {
            FlushCore();
        }
        finally
        {
            Exit(outer);
        }
    }

    private void HandleDelivery(NodeId sender, ReadOnlySpan<byte> payload)
    {
        if (CpgCodec.TryDecode(payload, out var message) != CpgDecodeStatus.Ok)
        {
            Counters.MalformedMessages++;
            return;
        }
        switch (message.Type)
        {
            case CpgMessageType.Join:
                ApplyJoin(sender, message.Group, message.Pid);
                break;
            case CpgMessageType.Leave:
                ApplyLeave(sender, message.Group, message.Pid, CpgReason.Leave);
                break;
            case CpgMessageType.ProcessDown:
                ApplyLeave(sender, message.Group, message.Pid, CpgReason.ProcessDown);
                break;
            case CpgMessageType.Message:
                ApplyMessage(sender, message.Group, message.Pid, message.Payload);
                break;
            case CpgMessageType.SyncJoinList:
                ApplySyncList(sender, message.SyncRing, message.Final, message.Entries);
                break;
        }
    }

    /// <summary>Marks the start of a client request; returns whether it is the outermost call.</summary>
    private bool Enter()
    {
        bool outer = !_busy;
        _busy = true;
        return outer;
    }

    private void Exit(bool outer)
    {
        if (!outer) return;
        try
        {
            DrainDeferred();
        }
        finally
        {
            _busy = false;
        }
    }

    /// <summary>Inputs that arrived while we were busy, in their order; each may defer more.</summary>
    private void DrainDeferred()
    {
        while (_deferred.TryDequeue(out var input))
        {
            if (input.Configuration is { } configuration) HandleConfiguration(configuration);
            else HandleDelivery(input.Sender, input.Payload);
            FlushCore();
        }
    }

    private SendResult Broadcast(byte[] message)
    {
        var result = _host.Broadcast(message);
        if (result == SendResult.TryAgain) Counters.BroadcastTryAgain++;
        return result;
    }
}
