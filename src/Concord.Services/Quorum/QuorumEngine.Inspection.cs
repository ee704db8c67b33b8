using Concord.Core;

namespace Concord.Services.Quorum;

/// <summary>One row of the engine's node table, for tests.</summary>
internal sealed record QuorumNodeRow(uint Node, QuorumNodeState State, uint Votes, uint ExpectedVotes, NodeStateFlags Flags);

/// <summary>Everything that decides the engine's future, for comparing against corosync-vqsim's memory.</summary>
internal sealed record QuorumInternalState(
    bool Quorate,
    uint Quorum,
    uint ExpectedVotes,
    bool WaitForAllStatus,
    RingId Ring,
    IReadOnlyList<QuorumNodeRow> Nodes)
{
    /// <summary>
    /// Same verdict inputs: everything but the per-node flag copies, which corosync-vqsim leaves in
    /// a scheduling-dependent state (each node keeps the flags of the last message it got from a
    /// peer, stale or not) and which feed no verdict directly.
    /// </summary>
    public bool Equivalent(QuorumInternalState other) =>
        Quorate == other.Quorate && Quorum == other.Quorum && ExpectedVotes == other.ExpectedVotes
        && WaitForAllStatus == other.WaitForAllStatus && Ring == other.Ring
        && Nodes.Select(n => n with { Flags = NodeStateFlags.None }).SequenceEqual(other.Nodes.Select(n => n with { Flags = NodeStateFlags.None }));
}

public sealed partial class QuorumEngine
{
    /// <summary>The state message this node would send now (what corosync-vqsim sends when its sync timer fires late).</summary>
    internal NodeStateMessage CurrentStateMessage() => new(_us.Id, _ringId, _us.Votes, _us.ExpectedVotes, _us.Flags);

    internal QuorumInternalState InternalState() => new(
        _quorate, _quorum, _us.ExpectedVotes, _waitForAllStatus, _ringId,
        [.. _nodes.Select(n => new QuorumNodeRow(n.Id.Value, n.State, n.Votes, n.ExpectedVotes, n.Flags))]);
}
