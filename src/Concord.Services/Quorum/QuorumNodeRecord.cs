using Concord.Core;

namespace Concord.Services.Quorum;

/// <summary>What one node knows about another (corosync's struct cluster_node).</summary>
internal sealed class QuorumNodeRecord(NodeId id)
{
    public NodeId Id { get; } = id;
    public QuorumNodeState State { get; set; } = QuorumNodeState.Dead;
    public uint Votes { get; set; }
    public uint ExpectedVotes { get; set; }
    public NodeStateFlags Flags { get; set; }
}
