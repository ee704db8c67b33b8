using Concord.Core;

namespace Concord.Services.Quorum;

/// <summary>Per-node flags carried in a node-state message (corosync's NODE_FLAGS_*).</summary>
[Flags]
public enum NodeStateFlags : uint
{
    None = 0,
    Quorate = 1,
    /// <summary>The node is shutting down cleanly (sent only with allow_downscale).</summary>
    Leaving = 2,
    /// <summary>The node is still waiting for all nodes (wait_for_all not yet satisfied).</summary>
    WaitForAllStatus = 4,
    /// <summary>The node has not yet been in a ring with anyone else since it started.</summary>
    First = 8,
}

/// <summary>What a reconfigure message changes (corosync's VOTEQUORUM_RECONFIG_PARAM_*).</summary>
public enum ReconfigureKind : byte
{
    ExpectedVotes = 1,
    NodeVotes = 2,
    CancelWaitForAll = 3,
}

/// <summary>A votequorum message, broadcast by one node and delivered in total order to all.</summary>
public abstract record QuorumMessage;

/// <summary>
/// A node's quorum state (corosync's req_exec_quorum_nodeinfo). Every member sends one after each
/// configuration change; <paramref name="Ring"/> names the ring it was sent for, which is how a
/// receiver knows its synchronisation for that ring is complete. <paramref name="Round"/> counts
/// the exchanges within one ring: round 0 is corosync's, later rounds let members that changed
/// their minds during round 0 say so, until every member's state is stable (see
/// docs/protocols/quorum.md).
/// </summary>
public sealed record NodeStateMessage(
    NodeId Node,
    RingId Ring,
    uint Votes,
    uint ExpectedVotes,
    NodeStateFlags Flags,
    byte Round = 0) : QuorumMessage;

/// <summary>A runtime change requested by an administrator (corosync's req_exec_quorum_reconfigure).</summary>
/// <param name="Node">For <see cref="ReconfigureKind.NodeVotes"/> the node whose votes change; otherwise the requester.</param>
public sealed record ReconfigureMessage(NodeId Node, ReconfigureKind Kind, uint Value) : QuorumMessage;
