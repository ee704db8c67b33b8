using Concord.Core;

namespace Concord.Services.Quorum;

public sealed partial class QuorumEngine
{
    /// <summary>Decode and handle one quorum message delivered by Totem. Malformed payloads are counted and dropped.</summary>
    public QuorumDecodeStatus OnDelivery(NodeId sender, ReadOnlySpan<byte> payload, long nowMs)
    {
        RequireStarted();
        QuorumDecodeStatus status = QuorumCodec.TryDecode(payload, out QuorumMessage? message);
        if (status != QuorumDecodeStatus.Ok || message is null)
        {
            Counters.MalformedMessages++;
            return status;
        }
        OnMessage(sender, message, nowMs);
        return QuorumDecodeStatus.Ok;
    }

    /// <summary>Handle one quorum message in total order (our own broadcasts come back here too).</summary>
    public void OnMessage(NodeId sender, QuorumMessage message, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(message);
        RequireStarted();
        // EVS delivers a message in the configuration it was sent in, so a sender outside our
        // ring can only be a host bug or a forged message: ignore it.
        if (!_members.Contains(sender))
        {
            Counters.MessagesFromNonMembers++;
            return;
        }
        switch (message)
        {
            case NodeStateMessage state when state.Node == sender:
                HandleNodeState(state);
                break;
            case NodeStateMessage:
                Counters.MalformedMessages++;
                return;
            case ReconfigureMessage reconfigure:
                HandleReconfigure(reconfigure);
                if (!_syncInProgress && ActivationMode == QuorumActivationMode.AfterAllStates)
                {
                    // Every member applies the change at this same point; exchange states again so
                    // that all of them reach one verdict for it, as after a configuration change.
                    _syncInProgress = true;
                    _syncRound = 0;
                    _previousRound.Clear();
                    StartRound();
                    return;
                }
                break;
        }

        if (_syncInProgress && message is NodeStateMessage s && s.Ring == _ringId && s.Round == _syncRound
            && ActivationMode == QuorumActivationMode.AfterAllStates)
        {
            _currentRound[sender] = s;
            _syncPending.Remove(sender);
            if (_syncPending.Count == 0) CompleteRound();
            return;
        }
        PublishIfChanged();
    }

    /// <summary>corosync's message_handler_req_exec_votequorum_nodeinfo.</summary>
    private void HandleNodeState(NodeStateMessage message)
    {
        Counters.StateMessagesReceived++;
        QuorumNodeRecord? node = FindNode(message.Node);
        bool isNew = node is null;
        node ??= AddNode(message.Node);

        uint oldVotes = isNew ? 0 : node.Votes;
        uint oldExpected = isNew ? 0 : node.ExpectedVotes;
        NodeStateFlags oldFlags = isNew ? NodeStateFlags.None : node.Flags;
        QuorumNodeState oldState = isNew ? QuorumNodeState.Dead : node.State;
        bool allowDecrease = false;
        bool byNode = false;

        node.Flags = message.Flags;
        node.Votes = message.Votes;
        node.State = QuorumNodeState.Member;

        if (message.Flags.HasFlag(NodeStateFlags.Leaving))
        {
            node.State = QuorumNodeState.Leaving;
            allowDecrease = true;
            byNode = true;
        }

        // An inquorate node adopts the expected votes of a quorate one (e.g. after LMS shrank them).
        if (!_quorate && message.Flags.HasFlag(NodeStateFlags.Quorate))
        {
            allowDecrease = true;
            _us.ExpectedVotes = message.ExpectedVotes;
        }

        node.ExpectedVotes = message.Flags.HasFlag(NodeStateFlags.Quorate) || _settings.ExpectedVotesTracking
            ? message.ExpectedVotes
            : _us.ExpectedVotes;

        if (_lastManStanding && node.Votes > 1)
        {
            // corosync: "Last Man Standing feature is supported only when all cluster nodes votes are set to 1."
            DisableLastManStanding();
        }

        if (isNew || node == _us || node.Flags.HasFlag(NodeStateFlags.First) || oldVotes != node.Votes
            || oldExpected != node.ExpectedVotes || oldFlags != node.Flags || oldState != node.State)
        {
            RecalculateQuorum(allowDecrease, byNode);
        }

        if (_waitForAll && !node.Flags.HasFlag(NodeStateFlags.WaitForAllStatus) && node.Flags.HasFlag(NodeStateFlags.Quorate))
            UpdateWaitForAllStatus(false);
    }

    /// <summary>corosync's message_handler_req_exec_votequorum_reconfigure.</summary>
    private void HandleReconfigure(ReconfigureMessage message)
    {
        Counters.ReconfigureMessagesReceived++;
        switch (message.Kind)
        {
            case ReconfigureKind.ExpectedVotes:
                SetMembersExpectedVotes(message.Value);
                _downscaleFloor = message.Value;
                if (_settings.ExpectedVotesTracking) _us.ExpectedVotes = Math.Max(_us.ExpectedVotes, _trackingBarrier);
                RecalculateQuorum(allowDecrease: true, byCurrentNodes: false);
                break;
            case ReconfigureKind.NodeVotes:
                QuorumNodeRecord? node = FindNode(message.Node);
                if (node is null) return;
                node.Votes = message.Value;
                RecalculateQuorum(allowDecrease: true, byCurrentNodes: false);
                break;
            case ReconfigureKind.CancelWaitForAll:
                UpdateWaitForAllStatus(false);
                RecalculateQuorum(allowDecrease: false, byCurrentNodes: false);
                break;
        }
    }
}
