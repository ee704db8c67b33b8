using Concord.Core;

namespace Concord.Services.Quorum;

/// <summary>
/// The votequorum rules of one node, as a synchronous state machine (sans-I/O). It follows
/// corosync 3.1's exec/votequorum.c decision for decision; docs/protocols/quorum.md lists where
/// and why it differs.
/// <para>
/// Inputs: <see cref="Start"/>, <see cref="OnConfigurationChange"/> (each regular Totem
/// configuration), <see cref="OnDelivery"/>/<see cref="OnMessage"/> (quorum messages in total
/// order, our own included), <see cref="OnTimer"/>, and the admin requests
/// <see cref="SetExpectedVotes"/>, <see cref="SetVotes"/>, <see cref="CancelWaitForAll"/> and
/// <see cref="Leave"/>. Outputs go through <see cref="IQuorumHost"/>.
/// </para>
/// </summary>
public sealed partial class QuorumEngine
{
    private readonly IQuorumHost _host;
    private readonly QuorumSettings _settings;
    private readonly List<QuorumNodeRecord> _nodes = [];
    private readonly QuorumNodeRecord _us;

    // Effective switches; some change at runtime as corosync's do.
    private bool _lastManStanding;
    private readonly bool _twoNode;
    private readonly bool _waitForAll;
    private readonly TieBreakerMode _tieBreaker;
    private bool _allowDownscale;

    private uint _quorum;
    private bool _quorate;
    private bool _waitForAllStatus;
    /// <summary>corosync's ev_barrier: allow_downscale never shrinks expected votes below it.</summary>
    private uint _downscaleFloor;
    /// <summary>corosync's ev_tracking_barrier: the highest expected votes ever seen, persisted.</summary>
    private uint _trackingBarrier;
    private NodeId? _lowestNodeId;
    private NodeId? _highestNodeId;

    private List<NodeId> _members = [];
    private List<NodeId> _previousMembers = [];
    private RingId _ringId;

    private bool _started;
    private bool _syncInProgress;
    private readonly HashSet<NodeId> _syncPending = [];
    private byte _syncRound;
    /// <summary>Each member's state message of the previous and the current round of this ring.</summary>
    private readonly Dictionary<NodeId, NodeStateMessage> _previousRound = [];
    private readonly Dictionary<NodeId, NodeStateMessage> _currentRound = [];
    private long _lastManStandingDueAtMs = -1;
    private PublishedView? _published;

    /// <param name="localNode">This node's id.</param>
    /// <param name="expectedVotesBarrier">The barrier stored by <see cref="IQuorumHost.PersistExpectedVotesBarrier"/> before a restart; 0 if none.</param>
    /// <exception cref="QuorumConfigurationException">The options contain errors (see <see cref="QuorumSettingsResolver"/>).</exception>
    public QuorumEngine(QuorumOptions options, NodeId localNode, IQuorumHost host, uint expectedVotesBarrier = 0)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(host);
        (QuorumSettings? settings, IReadOnlyList<QuorumConfigIssue> issues) =
            QuorumSettingsResolver.Resolve(options, localNode, expectedVotesBarrier);
        if (settings is null) throw new QuorumConfigurationException(issues);

        _host = host;
        _settings = settings;
        Warnings = issues;
        _twoNode = settings.TwoNode;
        _waitForAll = settings.WaitForAll;
        _lastManStanding = settings.LastManStanding;
        _tieBreaker = settings.TieBreaker;
        _allowDownscale = settings.AllowDownscale;
        _trackingBarrier = settings.ExpectedVotesTracking ? expectedVotesBarrier : 0;

        _us = AddNode(localNode);
        _us.State = QuorumNodeState.Member;
        _us.Flags = NodeStateFlags.First;
        _us.Votes = settings.Votes;
        _us.ExpectedVotes = settings.ExpectedVotes;
        _downscaleFloor = _us.ExpectedVotes;
        if (_waitForAll) UpdateWaitForAllStatus(true);
    }

    public NodeId LocalNode => _us.Id;

    /// <summary>The effective settings after corosync's start-up rules.</summary>
    public QuorumSettings Settings => _settings;

    /// <summary>Silent corrections made to the configuration (as corosync logs them).</summary>
    public IReadOnlyList<QuorumConfigIssue> Warnings { get; }

    public QuorumCounters Counters { get; } = new();

    /// <summary>When a new ring's verdict is taken; tests set <see cref="QuorumActivationMode.Immediately"/> to mirror corosync-vqsim.</summary>
    internal QuorumActivationMode ActivationMode { get; set; } = QuorumActivationMode.AfterAllStates;

    public bool IsQuorate => _quorate;

    /// <summary>Begin: compute the initial verdict and announce our state (corosync's exec_init).</summary>
    public void Start(long nowMs)
    {
        if (_started) throw new InvalidOperationException("the quorum engine has already been started");
        _started = true;
        RecalculateQuorum(allowDecrease: false, byCurrentNodes: false);
        Publish(QuorumChange.None);
        BroadcastOwnState();
    }

    public QuorumStatus GetStatus()
    {
        (uint total, uint highest) = SumMembers();
        var members = new List<QuorumMemberStatus>(_members.Count);
        foreach (NodeId id in _members)
        {
            QuorumNodeRecord? node = FindNode(id);
            members.Add(node is null
                ? new QuorumMemberStatus(id, 0, 0, QuorumNodeState.Dead, Known: false)
                : new QuorumMemberStatus(id, node.Votes, node.ExpectedVotes, node.State, Known: true));
        }
        return new QuorumStatus(_us.Id, _ringId, _quorate, _us.ExpectedVotes, highest, total, _quorum,
            CurrentFlags(), members, _syncInProgress);
    }

    private QuorumFlags CurrentFlags()
    {
        QuorumFlags flags = QuorumFlags.None;
        if (_twoNode) flags |= QuorumFlags.TwoNode;
        if (_quorate) flags |= QuorumFlags.Quorate;
        if (_waitForAll) flags |= QuorumFlags.WaitForAll;
        if (_lastManStanding) flags |= QuorumFlags.LastManStanding;
        if (_tieBreaker != TieBreakerMode.None) flags |= QuorumFlags.AutoTieBreaker;
        if (_allowDownscale) flags |= QuorumFlags.AllowDownscale;
        return flags;
    }

    private void RequireStarted()
    {
        if (!_started) throw new InvalidOperationException("call Start before feeding the quorum engine");
    }

    private QuorumNodeRecord? FindNode(NodeId id)
    {
        foreach (QuorumNodeRecord node in _nodes)
        {
            if (node.Id == id) return node;
        }
        return null;
    }

    private QuorumNodeRecord AddNode(NodeId id)
    {
        var node = new QuorumNodeRecord(id);
        int index = 0;
        while (index < _nodes.Count && _nodes[index].Id < id) index++;
        _nodes.Insert(index, node);
        return node;
    }

    private void BroadcastOwnState() =>
        _host.Broadcast(new NodeStateMessage(_us.Id, _ringId, _us.Votes, _us.ExpectedVotes, _us.Flags, _syncRound));

    private void UpdateWaitForAllStatus(bool waiting)
    {
        _waitForAllStatus = waiting;
        if (waiting) _us.Flags |= NodeStateFlags.WaitForAllStatus;
        else _us.Flags &= ~NodeStateFlags.WaitForAllStatus;
    }

    /// <summary>The fields whose change is published after the ring has been activated.</summary>
    private readonly record struct PublishedView(bool Quorate, uint Expected, uint Highest, uint Total, uint Quorum);

    private void Publish(QuorumChange forced)
    {
        QuorumStatus status = GetStatus();
        var view = new PublishedView(status.Quorate, status.ExpectedVotes, status.HighestExpected, status.TotalVotes, status.Quorum);
        QuorumChange change = forced;
        if (_published is { } last)
        {
            if (last.Quorate != view.Quorate) change |= QuorumChange.QuorateChanged;
            if (last.Expected != view.Expected) change |= QuorumChange.ExpectedVotesChanged;
            if (last.Highest != view.Highest || last.Total != view.Total || last.Quorum != view.Quorum)
                change |= QuorumChange.VotesChanged;
        }
        else
        {
            change |= QuorumChange.QuorateChanged;
        }
        _published = view;
        if (change != QuorumChange.None) _host.QuorumChanged(new QuorumEvent(change, status));
    }

    /// <summary>After an ordered input: publish what changed, unless a ring is still synchronising.</summary>
    private void PublishIfChanged()
    {
        if (!_syncInProgress && _published is not null) Publish(QuorumChange.None);
    }
}
