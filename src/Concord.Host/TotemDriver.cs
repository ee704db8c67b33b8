using Concord.Core;
using Concord.Host.Logging;
using Concord.Host.Loop;
using Concord.Host.Net;
using Concord.Totem;
using Microsoft.Extensions.Logging;

namespace Concord.Host;

/// <summary>Something on the ring that wants the ordered stream (quorum, process groups…).</summary>
internal interface IRingListener
{
    void OnDelivery(TotemDelivery delivery);

    void OnConfiguration(TotemConfiguration configuration);
}

/// <summary>
/// The daemon's side of <see cref="ITotemHost"/>: datagrams go to the link manager, timers to the
/// event loop, deliveries and configuration changes to the services and the log.
/// </summary>
internal sealed class TotemDriver(EventLoop loop, ILogger logger, Func<NodeId, string> nameOf, StateFiles state) : ITotemHost
{
    private readonly List<IRingListener> _listeners = [];
    private NodeId[] _previousMembers = [];

    public TotemProcessor? Processor { get; set; }

    public LinkManager? Links { get; set; }

    /// <summary>When the current regular configuration was installed (loop clock).</summary>
    public long MembershipSinceMs { get; private set; }

    public void AddListener(IRingListener listener) => _listeners.Add(listener);

    public void Send(NodeId destination, byte[] datagram) => Links?.SendTotem(destination, datagram);

    public void ArmTimer(TotemTimer timer, long dueAtMs) =>
        loop.Arm(timer, dueAtMs, () => Processor?.OnTimer(timer, EventLoop.NowMs));

    public void CancelTimer(TotemTimer timer) => loop.Cancel(timer);

    public void Deliver(TotemDelivery delivery)
    {
        foreach (var listener in _listeners) listener.OnDelivery(delivery);
    }

    public void ConfigurationChanged(TotemConfiguration configuration)
    {
        foreach (var listener in _listeners) listener.OnConfiguration(configuration);
        if (configuration.Kind != ConfigurationKind.Regular) return;
        MembershipSinceMs = EventLoop.NowMs;
        LogMembership(configuration);
        _previousMembers = [.. configuration.Members];
    }

    public void PersistRingSequence(ulong ringSequence) => state.Write(StateFiles.RingId, ringSequence);

    private void LogMembership(TotemConfiguration configuration)
    {
        string ring = configuration.RingId.ToString();
        string members = string.Join(", ", configuration.Members.Select(m => $"{nameOf(m)} ({m})"));
        int count = configuration.Members.Count;
        bool firstRing = _previousMembers.Length == 0;
        if (firstRing || (configuration.Left.Count == 0 && configuration.Joined.Count == 0))
            logger.MembershipFormed(ring, count, members);
        foreach (var left in configuration.Left)
            logger.NodeLeft(nameOf(left), left.Value, LeaveReason(left), ring, count, members);
        if (!firstRing)
        {
            foreach (var joined in configuration.Joined)
                logger.NodeJoined(nameOf(joined), joined.Value, ring, count, members);
        }
    }

    private string LeaveReason(NodeId node)
    {
        var processor = Processor;
        if (processor is null) return "membership changed";
        if (processor.LeftGracefully.Contains(node)) return "it shut down cleanly";
        return processor.LastGatherCause switch
        {
            GatherCause.TokenLoss => $"token lost after {processor.LastTokenLossSilenceMs} ms",
            GatherCause.LeaveReceived => "it shut down cleanly",
            GatherCause.FailedToReceive => "this node failed to receive messages from the ring",
            GatherCause.NodeListChanged => "removed from the nodelist",
            GatherCause.MergeDetected => "partition merge",
            GatherCause.JoinReceived => "it did not answer the membership round",
            _ => "membership changed",
        };
    }
}
