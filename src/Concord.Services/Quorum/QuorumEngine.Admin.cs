using System.Globalization;
using Concord.Core;

namespace Concord.Services.Quorum;

public sealed partial class QuorumEngine
{
    /// <summary>
    /// <c>concord quorum expected N</c> (corosync-quorumtool -e): validated here, then broadcast
    /// so that every member applies it at the same point of the ordered stream.
    /// </summary>
    public QuorumAdminResult SetExpectedVotes(uint expectedVotes, long nowMs)
    {
        RequireStarted();
        if (expectedVotes is 0 or > QuorumLimits.ExpectedVotesMax)
            return Reject(QuorumAdminStatus.InvalidValue, $"expected votes must be between 1 and {QuorumLimits.ExpectedVotesMax}, not {expectedVotes}.");

        bool savedDownscale = _allowDownscale;
        _allowDownscale = false;
        uint newQuorum = CalculateQuorum(allowDecrease: true, expectedVotes, out uint total);
        _allowDownscale = savedDownscale;

        if (expectedVotes < total)
            return Reject(QuorumAdminStatus.InvalidValue, $"expected votes {expectedVotes} is below the {total} votes present.");
        if (_quorate && newQuorum > total)
            return Reject(QuorumAdminStatus.InvalidValue,
                $"expected votes {expectedVotes} would need a quorum of {newQuorum} but only {total} votes are present; the cluster would lose quorum.");

        // As corosync: applied locally at once, and by everyone when the broadcast is delivered.
        SetMembersExpectedVotes(expectedVotes);
        _host.Broadcast(new ReconfigureMessage(_us.Id, ReconfigureKind.ExpectedVotes, expectedVotes));
        return QuorumAdminResult.Accepted(string.Create(CultureInfo.InvariantCulture, $"expected votes set to {expectedVotes}."));
    }

    /// <summary><c>concord quorum votes NODE N</c> (corosync-quorumtool -v N -n NODE).</summary>
    public QuorumAdminResult SetVotes(NodeId node, uint votes, long nowMs)
    {
        RequireStarted();
        if (votes > QuorumLimits.VotesPerNodeMax)
            return Reject(QuorumAdminStatus.InvalidValue, $"votes must be between 0 and {QuorumLimits.VotesPerNodeMax}, not {votes}.");
        QuorumNodeRecord? target = FindNode(node);
        if (target is null)
            return Reject(QuorumAdminStatus.NodeNotFound, $"node {node} is not known to this node.");

        uint saved = target.Votes;
        target.Votes = votes;
        uint newQuorum = CalculateQuorum(allowDecrease: true, 0, out uint total);
        if (newQuorum < total / 2 || newQuorum > total)
        {
            target.Votes = saved;
            return Reject(QuorumAdminStatus.InvalidValue,
                $"giving node {node} {votes} votes would make the quorum {newQuorum} with {total} votes present.");
        }

        // As corosync, the local copy keeps the new value until the broadcast is delivered.
        _host.Broadcast(new ReconfigureMessage(node, ReconfigureKind.NodeVotes, votes));
        return QuorumAdminResult.Accepted(string.Create(CultureInfo.InvariantCulture, $"votes of node {node} set to {votes}."));
    }

    /// <summary>Stop waiting for all nodes (corosync's quorum.cancel_wait_for_all key).</summary>
    public QuorumAdminResult CancelWaitForAll(long nowMs)
    {
        RequireStarted();
        _host.Broadcast(new ReconfigureMessage(_us.Id, ReconfigureKind.CancelWaitForAll, 0));
        return QuorumAdminResult.Accepted("wait_for_all cancelled.");
    }

    /// <summary>
    /// Clean shutdown (corosync's exec_exit): with allow_downscale, tell the others we are leaving
    /// so they may lower expected votes. Call before the node leaves the ring.
    /// </summary>
    public void Leave(long nowMs)
    {
        RequireStarted();
        if (!_allowDownscale) return;
        _us.Flags |= NodeStateFlags.Leaving;
        BroadcastOwnState();
    }

    private QuorumAdminResult Reject(QuorumAdminStatus status, string message)
    {
        Counters.AdminRequestsRejected++;
        return new QuorumAdminResult(status, message);
    }
}
