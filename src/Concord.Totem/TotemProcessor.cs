using Concord.Core;
using Concord.Totem.Wire;

namespace Concord.Totem;

/// <summary>
/// The Totem Single-Ring Protocol (token ordering, retransmission, flow control, membership,
/// recovery, Extended Virtual Synchrony) as a sans-I/O state machine. Inputs are method calls that
/// carry the current monotonic time; outputs go to <see cref="ITotemHost"/>. Single-threaded.
/// The concerns live in partial files: .Membership (gather/consensus/merge/leave), .Commit (commit
/// token, recovery, install), .Token (token handling, flow control), .Delivery (messages, order,
/// fragments, send queue).
/// </summary>
public sealed partial class TotemProcessor
{
    private readonly NodeId _self;
    private TotemOptions _options;
    private readonly ITotemHost _host;
    private readonly uint _incarnation;
    private SortedSet<NodeId> _knownNodes;
    private long _nowMs;
    private bool _started;

    /// <summary>The last installed regular ring and its members; (self, 0) and empty before the first.</summary>
    private RingId _ringId;
    private NodeId[] _members = [];
    private ulong _highRingSeqSeen;

    public TotemProcessor(
        NodeId self,
        IEnumerable<NodeId> nodes,
        TotemOptions options,
        ITotemHost host,
        ulong persistedRingSequence = 0,
        uint incarnation = 0)
    {
        if (self.IsNone) throw new ArgumentException("node id 0 is reserved", nameof(self));
        var errors = options.Validate();
        if (errors.Count > 0) throw new ArgumentException("invalid totem options: " + string.Join("; ", errors), nameof(options));
        _self = self;
        _options = options;
        _host = host;
        _incarnation = incarnation;
        _knownNodes = [.. nodes.Where(n => !n.IsNone), self];
        _highRingSeqSeen = persistedRingSequence;
        _ringId = new RingId(self, 0);
        _store = new MessageStore(_ringId);
        State = TotemState.Gather;
    }

    public NodeId Self => _self;

    public TotemState State { get; private set; }

    /// <summary>The ring of the last installed regular configuration.</summary>
    public RingId RingId => _ringId;

    /// <summary>Members of the last installed regular configuration, ascending.</summary>
    public IReadOnlyList<NodeId> Members => _members;

    /// <summary>Nodes this processor exchanges joins with (the nodelist).</summary>
    public IReadOnlyCollection<NodeId> KnownNodes => _knownNodes;

    public TotemCounters Counters { get; } = new();

    /// <summary>Why the processor last left an operating ring (for log sentences).</summary>
    public GatherCause LastGatherCause { get; private set; } = GatherCause.Start;

    /// <summary>How long the ring had been silent when its token was declared lost (ms).</summary>
    public long LastTokenLossSilenceMs { get; private set; }

    /// <summary>When the token (or ring traffic) was last seen, in the caller's clock.</summary>
    public long LastRingActivityMs { get; private set; }

    /// <summary>Fragments waiting to be sent.</summary>
    public int SendQueueFragments => _queuedFragments;

    public void Start(long nowMs)
    {
        if (_started) throw new InvalidOperationException("the processor has already been started");
        _started = true;
        _nowMs = nowMs;
        _gatherStartedMs = nowMs;
        _proc.Add(_self);
        EnterGather();
    }

    public void OnDatagram(NodeId from, ReadOnlySpan<byte> datagram, long nowMs)
    {
        if (!_started || State == TotemState.Left) return;
        _nowMs = nowMs;
        var reader = new SpanReader(datagram);
        if (!Header.TryRead(ref reader, out var type, out uint sender) || sender != from.Value)
        {
            Counters.MalformedDatagrams++;
            return;
        }
        if (!_knownNodes.Contains(from) || from == _self)
        {
            Counters.ForeignDatagrams++;
            return;
        }
        bool ok = type switch
        {
            MessageType.Token => Handle(TokenMessage.TryDecode(ref reader), OnToken),
            MessageType.Mcast => Handle(McastMessage.TryDecode(ref reader), m => OnMcast(m)),
            MessageType.Join => Handle(JoinMessage.TryDecode(ref reader), j => OnJoin(from, j)),
            MessageType.Commit => Handle(CommitToken.TryDecode(ref reader), OnCommit),
            MessageType.MergeDetect => HandleValue(MergeDetect.TryDecode(ref reader), r => OnMergeDetect(from, r)),
            MessageType.Leave => HandleValue(LeaveMessage.TryDecode(ref reader), _ => OnLeave(from)),
            _ => false,
        };
        if (!ok) Counters.MalformedDatagrams++;
    }

    private static bool Handle<T>(T? message, Action<T> handler)
        where T : class
    {
        if (message is null) return false;
        handler(message);
        return true;
    }

    private static bool HandleValue<T>(T? message, Action<T> handler)
        where T : struct
    {
        if (message is null) return false;
        handler(message.Value);
        return true;
    }

    public void OnTimer(TotemTimer timer, long nowMs)
    {
        if (!_started || State == TotemState.Left) return;
        _nowMs = nowMs;
        switch (timer)
        {
            case TotemTimer.TokenLoss: OnTokenLossTimeout(); break;
            case TotemTimer.TokenRetransmit: OnTokenRetransmitTimeout(); break;
            case TotemTimer.TokenHold: ReleaseHeldToken(); break;
            case TotemTimer.Join: OnJoinTimeout(); break;
            case TotemTimer.Consensus: OnConsensusTimeout(); break;
            case TotemTimer.Merge: OnMergeTimeout(); break;
        }
    }

    /// <summary>Queue an application message (up to 1 MiB) for totally ordered delivery to the ring.</summary>
    public SendResult Send(ReadOnlyMemory<byte> payload, DeliveryGuarantee guarantee, long nowMs)
    {
        if (!_started || State == TotemState.Left) return SendResult.NotRunning;
        _nowMs = nowMs;
        return Enqueue(payload, guarantee);
    }

    /// <summary>Leave the cluster gracefully: members drop us at once instead of waiting for timeouts.</summary>
    public void Leave(long nowMs)
    {
        if (!_started || State == TotemState.Left) return;
        _nowMs = nowMs;
        var leave = LeaveMessage.Encode(_self, _incarnation);
        foreach (var node in _knownNodes)
        {
            if (node != _self) _host.Send(node, leave);
        }
        foreach (var timer in Enum.GetValues<TotemTimer>()) _host.CancelTimer(timer);
        _heldToken = null;
        State = TotemState.Left;
    }

    /// <summary>Apply a new nodelist (runtime reload). Members no longer listed are dropped from the ring.</summary>
    public void UpdateNodeList(IEnumerable<NodeId> nodes, long nowMs)
    {
        _nowMs = nowMs;
        _knownNodes = [.. nodes.Where(n => !n.IsNone), _self];
        if (!_started || State == TotemState.Left) return;
        var removed = _members.Where(m => !_knownNodes.Contains(m)).ToArray();
        if (removed.Length == 0) return;
        LastGatherCause = GatherCause.NodeListChanged;
        _proc.UnionWith(_members);
        _fail.UnionWith(removed);
        EnterGather();
    }

    /// <summary>Apply new timeouts (runtime reload); they take effect as timers are next armed.</summary>
    public void UpdateOptions(TotemOptions options)
    {
        var errors = options.Validate();
        if (errors.Count > 0) throw new ArgumentException("invalid totem options: " + string.Join("; ", errors), nameof(options));
        _options = options;
    }

    /// <summary>Whether this processor holds (or held and forgot) message <paramref name="seq"/> of a ring it knows.</summary>
    public bool HasReceived(RingId ring, ulong seq)
    {
        foreach (var store in new[] { _store, _recoveryStore, _previousStore })
        {
            if (store is not null && store.Ring == ring) return store.HasReceived(seq);
        }
        return false;
    }

    private int IndexOf(NodeId[] members, NodeId node) => Array.BinarySearch(members, node);

    private void Broadcast(byte[] datagram, IEnumerable<NodeId> destinations)
    {
        foreach (var node in destinations)
        {
            if (node != _self) _host.Send(node, datagram);
        }
    }
}
