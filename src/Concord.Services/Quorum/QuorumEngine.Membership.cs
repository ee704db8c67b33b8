using Concord.Core;

namespace Concord.Services.Quorum;

public sealed partial class QuorumEngine
{
    /// <summary>
    /// A regular configuration was installed (corosync's sync_init + sync_process): mark the nodes
    /// that left as dead, arm the last-man-standing timer if due, and announce our state for the
    /// new ring. The verdict for the ring is published once every member's state has been delivered.
    /// </summary>
    public void OnConfigurationChange(QuorumMembership membership, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(membership);
        RequireStarted();
        IReadOnlyList<NodeId> members = membership.Members;
        if (!members.Contains(_us.Id))
            throw new ArgumentException($"ring {membership.RingId} does not contain the local node {_us.Id}", nameof(membership));
        if (members.Count > QuorumLimits.MembersMax)
            throw new ArgumentException($"ring {membership.RingId} has {members.Count} members, above {QuorumLimits.MembersMax}", nameof(membership));

        _syncInProgress = true;
        if (members.Count > 1) _us.Flags &= ~NodeStateFlags.First;

        bool someoneLeft = false;
        foreach (NodeId id in _members)
        {
            if (members.Contains(id)) continue;
            someoneLeft = true;
            QuorumNodeRecord? node = FindNode(id);
            if (node is not null) node.State = QuorumNodeState.Dead;
        }

        if (_lastManStanding
            && ((members.Count >= _quorum && someoneLeft)
                || (members.Count <= _quorum && _tieBreaker != TieBreakerMode.None && IsMemberNode(_lowestNodeId))))
        {
            ArmLastManStanding(nowMs);
        }

        _previousMembers = _members;
        _members = [.. members];
        _ringId = membership.RingId;

        _syncRound = 0;
        _previousRound.Clear();
        StartRound();
        if (ActivationMode == QuorumActivationMode.Immediately) ActivateRing();
    }

    /// <summary>A timer armed through <see cref="IQuorumHost.ArmTimer"/> fired.</summary>
    public void OnTimer(QuorumTimer timer, long nowMs)
    {
        RequireStarted();
        if (timer != QuorumTimer.LastManStanding) return;
        // Stale or early firings (a timer the host failed to cancel) are ignored.
        if (_lastManStandingDueAtMs < 0 || nowMs < _lastManStandingDueAtMs) return;
        _lastManStandingDueAtMs = -1;
        if (!_quorate) return;
        Counters.LastManStandingShrinks++;
        RecalculateQuorum(allowDecrease: true, byCurrentNodes: true);
        PublishIfChanged();
    }

    private void ArmLastManStanding(long nowMs)
    {
        if (_lastManStandingDueAtMs >= 0) _host.CancelTimer(QuorumTimer.LastManStanding);
        _lastManStandingDueAtMs = nowMs + _settings.LastManStandingWindowMs;
        Counters.LastManStandingTimersArmed++;
        _host.ArmTimer(QuorumTimer.LastManStanding, _lastManStandingDueAtMs);
    }

    private void DisableLastManStanding()
    {
        _lastManStanding = false;
        if (_lastManStandingDueAtMs < 0) return;
        _lastManStandingDueAtMs = -1;
        _host.CancelTimer(QuorumTimer.LastManStanding);
    }

    /// <summary>A sync round: every member (us included) sends its state and we wait for all of them.</summary>
    private void StartRound()
    {
        _syncPending.Clear();
        foreach (NodeId id in _members) _syncPending.Add(id);
        _currentRound.Clear();
        BroadcastOwnState();
    }

    /// <summary>
    /// Every member's state for this round has been delivered. Recalculate; if any member's state
    /// differs from its previous round (or this was round 0), run another round so that members
    /// whose view changed tell the others, up to <see cref="SyncRoundsMax"/>; then take the verdict.
    /// All members see the same messages, so all make the same decision at the same point.
    /// </summary>
    private void CompleteRound()
    {
        RecalculateQuorum(allowDecrease: false, byCurrentNodes: false);
        bool changed = _syncRound == 0
            || _currentRound.Any(kv => !_previousRound.TryGetValue(kv.Key, out NodeStateMessage? before) || !SameState(before, kv.Value));
        if (changed && _syncRound + 1 < SyncRoundsMax)
        {
            _previousRound.Clear();
            foreach ((NodeId id, NodeStateMessage state) in _currentRound) _previousRound[id] = state;
            _syncRound++;
            StartRound();
            return;
        }
        AdoptRingVerdict();
        ActivateRing();
    }

    /// <summary>
    /// Concord's one addition to the votequorum rules: a member that is not quorate by its own
    /// reckoning, in a ring where another member announced itself quorate in the last round,
    /// takes that verdict (and, for auto_tie_breaker, this ring's lowest and highest node ids).
    /// corosync lets such members disagree within one ring (a restarted node does not know the
    /// tie-breaker history or the last-man-standing expected votes of the others); Concord
    /// publishes one verdict per ring. The quorate member's partition is quorate already, so this
    /// cannot make a second partition quorate.
    /// </summary>
    private void AdoptRingVerdict()
    {
        if (_quorate) return;
        if (!_currentRound.Values.Any(m => m.Flags.HasFlag(NodeStateFlags.Quorate))) return;
        Counters.RingVerdictsAdopted++;
        _quorate = true;
        _us.Flags |= NodeStateFlags.Quorate;
        _lowestNodeId = ExtremeMemberId(lowest: true);
        _highestNodeId = ExtremeMemberId(lowest: false);
        if (_waitForAll) UpdateWaitForAllStatus(false);
    }

    /// <summary>Rounds per ring at most: corosync's exchange plus up to two confirmation rounds.</summary>
    internal const int SyncRoundsMax = 3;

    private static bool SameState(NodeStateMessage a, NodeStateMessage b) =>
        a.Votes == b.Votes && a.ExpectedVotes == b.ExpectedVotes && a.Flags == b.Flags;

    /// <summary>Take the ring's verdict now (<see cref="QuorumActivationMode.Manual"/> schedules).</summary>
    internal void ActivateNow() => ActivateRing();

    /// <summary>Every member's state for the current ring is in (corosync's sync_activate).</summary>
    private void ActivateRing()
    {
        if (!_quorate || ActivationMode != QuorumActivationMode.AfterAllStates)
            RecalculateQuorum(allowDecrease: false, byCurrentNodes: false);
        _syncInProgress = false;
        Counters.RingsActivated++;
        Publish(QuorumChange.RingActivated);
    }
}
