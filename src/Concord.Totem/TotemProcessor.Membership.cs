using Concord.Core;
using Concord.Totem.Wire;

namespace Concord.Totem;

// GATHER: agree on who is in the next ring. Every node proposes the nodes it has heard from (proc)
// and those it gave up on (fail); sets only grow within one gathering, so it terminates. When all
// live proposers send identical sets (consensus), the lowest id among them forms the commit token.
public sealed partial class TotemProcessor
{
    private readonly SortedSet<NodeId> _proc = [];
    private readonly SortedSet<NodeId> _fail = [];
    private readonly HashSet<NodeId> _consensus = [];

    /// <summary>When this gathering began (re-entries on set changes do not restart it).</summary>
    private long _gatherStartedMs;

    private void EnterGather()
    {
        if (State != TotemState.Gather) _gatherStartedMs = _nowMs;
        if (State == TotemState.Recovery) AbandonRecovery();
        State = TotemState.Gather;
        _commit = null;
        _frozen = false;
        _heldToken = null;
        _heldTokenHasNewWork = false;
        _host.CancelTimer(TotemTimer.TokenLoss);
        _host.CancelTimer(TotemTimer.TokenRetransmit);
        _host.CancelTimer(TotemTimer.TokenHold);
        _host.CancelTimer(TotemTimer.Merge);
        _proc.Add(_self);
        _fail.Remove(_self);
        _consensus.Clear();
        SendJoin();
        _host.ArmTimer(TotemTimer.Join, _nowMs + _options.JoinMs);
        _host.ArmTimer(TotemTimer.Consensus, _nowMs + _options.EffectiveConsensusMs);
        CheckConsensus();
    }

    /// <summary>Leave an operating (or forming) ring for a new gathering, starting from its members.</summary>
    private void EnterGatherFromRing()
    {
        ResetProposalFromRing();
        EnterGather();
    }

    /// <summary>An operating ring proposes its own members; a forming one keeps its gathered sets.</summary>
    private void ResetProposalFromRing()
    {
        if (State != TotemState.Operational) return;
        _proc.Clear();
        _fail.Clear();
        _proc.UnionWith(_members);
    }

    private void SendJoin()
    {
        var join = new JoinMessage
        {
            Incarnation = _incarnation,
            RingSeq = Math.Max(_highRingSeqSeen, _ringId.Sequence),
            Proc = [.. _proc],
            Fail = [.. _fail],
        };
        Broadcast(join.Encode(_self), _knownNodes);
    }

    private void OnJoinTimeout()
    {
        if (State != TotemState.Gather) return;
        SendJoin();
        _host.ArmTimer(TotemTimer.Join, _nowMs + _options.JoinMs);
        CheckConsensus();
    }

    private void OnJoin(NodeId from, JoinMessage join)
    {
        if (!join.Proc.Contains(from)) return;
        _highRingSeqSeen = Math.Max(_highRingSeqSeen, join.RingSeq);
        if (State is TotemState.Operational or TotemState.Commit or TotemState.Recovery)
        {
            // Someone is gathering. We follow, except for: a straggler from the gathering that
            // formed our ring (older ring seq); while forming a ring, anyone outside it (we merge
            // once it runs, rather than risk never finishing); and a node that has given up on us
            // (it forms its own ring first, and the representatives' merge probes reunite us).
            var (ring, members) = State == TotemState.Operational
                ? (_ringId, _members)
                : (_commit!.Ring, _commit.Members);
            bool member = IndexOf(members, from) >= 0;
            if (member && join.RingSeq < ring.Sequence) return;
            if (!member && State != TotemState.Operational) return;
            if (!member && Array.IndexOf(join.Fail, _self) >= 0) return;
            if (State == TotemState.Operational) LastGatherCause = GatherCause.JoinReceived;
            ResetProposalFromRing();
            _proc.Add(from);
            EnterGather();
        }
        ProcessJoinInGather(from, join);
    }

    private void ProcessJoinInGather(NodeId from, JoinMessage join)
    {
        if (_fail.Contains(from)) return;
        // A join from a gathering older than what we have seen is a straggler; its opinion of us
        // is stale (acting on it let a stalled node fail everyone and start a storm of rings).
        bool stale = join.RingSeq < _highRingSeqSeen;
        if (!stale && Array.IndexOf(join.Fail, _self) >= 0)
        {
            // It gave up on us: part ways now and merge later as separate rings.
            _fail.Add(from);
            EnterGather();
            return;
        }
        var proc = join.Proc.Where(_knownNodes.Contains).ToArray();
        var fail = join.Fail.Where(_knownNodes.Contains).ToArray();
        if (_proc.SetEquals(proc) && _fail.SetEquals(fail))
        {
            _consensus.Add(from);
            CheckConsensus();
            return;
        }
        if (_proc.IsSupersetOf(proc) && _fail.IsSupersetOf(fail)) return; // it will adopt our sets
        _proc.UnionWith(proc);
        _fail.UnionWith(fail);
        _fail.Remove(_self);
        EnterGather();
    }

    private NodeId[] ActiveProposal() => [.. _proc.Where(n => !_fail.Contains(n))];

    private void CheckConsensus()
    {
        if (State != TotemState.Gather) return;
        var active = ActiveProposal();
        foreach (var node in active)
        {
            if (node != _self && !_consensus.Contains(node)) return;
        }
        // A ring of one needs nobody's agreement, so give others one join period to answer first:
        // a cold start then forms the whole ring at once, and a node that has just failed everyone
        // cannot flip between singleton rings faster than joins travel.
        if (active.Length == 1 && _nowMs - _gatherStartedMs < _options.JoinMs) return;
        if (active[0] == _self) FormCommitToken(active);
    }

    private void OnConsensusTimeout()
    {
        if (State != TotemState.Gather) return;
        Counters.ConsensusTimeouts++;
        // Nodes that never agreed are failed; if everyone agreed, the representative's commit
        // token never came, so gather again (it is failed next round if it is really gone).
        foreach (var node in ActiveProposal())
        {
            if (node != _self && !_consensus.Contains(node)) _fail.Add(node);
        }
        EnterGather();
    }

    private void OnMergeTimeout()
    {
        if (State != TotemState.Operational || _members[0] != _self) return;
        var outsiders = _knownNodes.Where(n => IndexOf(_members, n) < 0).ToArray();
        if (outsiders.Length > 0) Broadcast(MergeDetect.Encode(_self, _ringId), outsiders);
        _host.ArmTimer(TotemTimer.Merge, _nowMs + _options.MergeMs);
    }

    private void OnMergeDetect(NodeId from, RingId theirRing)
    {
        if (State != TotemState.Operational || theirRing == _ringId) return;
        bool member = IndexOf(_members, from) >= 0;
        // A member announcing an older ring is a straggler; a newer one means it has moved on.
        if (member && theirRing.Sequence <= _ringId.Sequence) return;
        Counters.MergesDetected++;
        LastGatherCause = GatherCause.MergeDetected;
        ResetProposalFromRing();
        _proc.Add(from);
        EnterGather();
    }

    private readonly HashSet<NodeId> _leftGracefully = [];

    /// <summary>Nodes that announced a graceful leave since the last installed ring (for log sentences).</summary>
    public IReadOnlyCollection<NodeId> LeftGracefully => _leftGracefully;

    private void OnLeave(NodeId from)
    {
        _leftGracefully.Add(from);
        bool relevant = State switch
        {
            TotemState.Operational => IndexOf(_members, from) >= 0,
            TotemState.Gather => _proc.Contains(from) && !_fail.Contains(from),
            _ => _commit is not null && IndexOf(_commit.Members, from) >= 0,
        };
        if (!relevant) return;
        Counters.LeavesReceived++;
        if (State == TotemState.Operational) LastGatherCause = GatherCause.LeaveReceived;
        ResetProposalFromRing();
        _fail.Add(from);
        EnterGather();
    }
}
