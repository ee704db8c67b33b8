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

        _syncPending.Clear();
        foreach (NodeId id in members) _syncPending.Add(id);
        BroadcastOwnState();
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

    /// <summary>Take the ring's verdict now (<see cref="QuorumActivationMode.Manual"/> schedules).</summary>
    internal void ActivateNow() => ActivateRing();

    /// <summary>Every member's state for the current ring is in (corosync's sync_activate).</summary>
    private void ActivateRing()
    {
        RecalculateQuorum(allowDecrease: false, byCurrentNodes: false);
        _syncInProgress = false;
        Counters.RingsActivated++;
        Publish(QuorumChange.RingActivated);
    }
}
