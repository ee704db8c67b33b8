using Concord.Core;

namespace Concord.Services.Quorum;

public sealed partial class QuorumEngine
{
    /// <summary>corosync's calculate_quorum: the quorum for the current votes, without side effects.</summary>
    /// <param name="maxExpected">If non-zero, used instead of the highest expected votes.</param>
    private uint CalculateQuorum(bool allowDecrease, uint maxExpected, out uint totalVotes)
    {
        if (_allowDownscale && allowDecrease && maxExpected != 0)
            maxExpected = Math.Max(_downscaleFloor, maxExpected);

        uint total = 0;
        uint highest = 0;
        uint memberCount = 0;
        foreach (QuorumNodeRecord node in _nodes)
        {
            if (node.State != QuorumNodeState.Member) continue;
            highest = Math.Max(highest, node.ExpectedVotes);
            total += node.Votes;
            memberCount++;
        }
        if (maxExpected > 0) highest = maxExpected;

        // From the OpenVMS Cluster Systems manual, as corosync says: more than half of both the
        // expected votes and the votes present.
        uint newQuorum = Math.Max((highest + 2) / 2, (total + 2) / 2);

        // Quorum only goes down when explicitly allowed (admin change, clean leave, LMS).
        if (!allowDecrease) newQuorum = Math.Max(_quorum, newQuorum);

        // two_node: each of the two keeps quorum when the other fails; fencing decides.
        if (_twoNode && memberCount <= 2) newQuorum = 1;

        totalVotes = total;
        return newQuorum;
    }

    /// <summary>corosync's recalculate_quorum.</summary>
    /// <param name="byCurrentNodes">Shrink every member's expected votes to the number of members (LMS, clean leave).</param>
    private void RecalculateQuorum(bool allowDecrease, bool byCurrentNodes)
    {
        (uint total, _) = SumMembers();
        uint memberCount = byCurrentNodes ? CountMembers() : 0;

        // Expected votes never stay below the votes actually present.
        if (total > _us.ExpectedVotes) _us.ExpectedVotes = total;

        if (_settings.ExpectedVotesTracking && _us.ExpectedVotes > _trackingBarrier)
        {
            _trackingBarrier = _us.ExpectedVotes;
            _host.PersistExpectedVotesBarrier(_trackingBarrier);
        }

        _quorum = CalculateQuorum(allowDecrease, memberCount, out total);
        SetMembersExpectedVotes(memberCount);
        DecideQuorate(total);
    }

    /// <summary>corosync's are_we_quorate.</summary>
    private void DecideQuorate(uint totalVotes)
    {
        if (_waitForAll && _waitForAllStatus)
        {
            // Not quorate at first start until every node has been seen at once.
            if (totalVotes != _us.ExpectedVotes) return;
            UpdateWaitForAllStatus(false);
        }

        bool quorate = _quorum <= totalVotes;
        if (quorate)
        {
            _lowestNodeId = ExtremeMemberId(lowest: true);
            _highestNodeId = ExtremeMemberId(lowest: false);
        }

        if (_tieBreaker != TieBreakerMode.None
            && totalVotes == _us.ExpectedVotes / 2 // exactly half (or half minus one of an odd total)
            && _previousMembers.Count - _members.Count < (long)_quorum // the other side cannot have quorum
            && CheckTieBreaker())
        {
            Counters.TieBreakerDecisions++;
            quorate = true;
        }

        _quorate = quorate;
        if (quorate) _us.Flags |= NodeStateFlags.Quorate;
        else _us.Flags &= ~NodeStateFlags.Quorate;

        if (_waitForAll) UpdateWaitForAllStatus(!quorate);
    }

    private (uint Total, uint Highest) SumMembers()
    {
        uint total = 0;
        uint highest = 0;
        foreach (QuorumNodeRecord node in _nodes)
        {
            if (node.State != QuorumNodeState.Member) continue;
            total += node.Votes;
            highest = Math.Max(highest, node.ExpectedVotes);
        }
        return (total, highest);
    }

    private uint CountMembers()
    {
        uint count = 0;
        foreach (QuorumNodeRecord node in _nodes)
        {
            if (node.State == QuorumNodeState.Member) count++;
        }
        return count;
    }

    /// <summary>corosync's update_node_expected_votes: 0 means "leave them alone".</summary>
    private void SetMembersExpectedVotes(uint expectedVotes)
    {
        if (expectedVotes == 0) return;
        foreach (QuorumNodeRecord node in _nodes)
        {
            if (node.State == QuorumNodeState.Member) node.ExpectedVotes = expectedVotes;
        }
    }

    private NodeId ExtremeMemberId(bool lowest)
    {
        NodeId best = _us.Id;
        foreach (QuorumNodeRecord node in _nodes)
        {
            if (node.State != QuorumNodeState.Member) continue;
            if (lowest ? node.Id < best : node.Id > best) best = node.Id;
        }
        return best;
    }

    private bool IsMemberNode(NodeId? id)
    {
        if (id is null) return false;
        QuorumNodeRecord? node = FindNode(id.Value);
        return node is { State: QuorumNodeState.Member };
    }

    /// <summary>
    /// corosync's check_auto_tie_breaker. lowest/highest: the lowest (highest) node id of the last
    /// quorate view is with us. List: the first listed node that is with us wins, unless a node
    /// listed before it was in our previous ring (it may be on the other side).
    /// </summary>
    private bool CheckTieBreaker()
    {
        switch (_tieBreaker)
        {
            case TieBreakerMode.Lowest:
                return IsMemberNode(_lowestNodeId);
            case TieBreakerMode.Highest:
                return IsMemberNode(_highestNodeId);
            case TieBreakerMode.List:
                IReadOnlyList<NodeId> list = _settings.TieBreakerNodes;
                for (int i = 0; i < list.Count; i++)
                {
                    if (!_members.Contains(list[i])) continue;
                    for (int j = 0; j < i; j++)
                    {
                        if (_previousMembers.Contains(list[j])) return false;
                    }
                    return true;
                }
                return false;
            default:
                return false;
        }
    }
}
