using Concord.Core;
using Concord.Totem;

namespace Concord.Simulation;

/// <summary>
/// What the checkers know about one process, identified by (node, incarnation): its configurations,
/// what it delivered and what it sent. Updated after the checkers have seen each event.
/// </summary>
internal sealed class ProcessView(SimNode node, uint incarnation, long startedAtMs)
{
    public SimNode Node { get; } = node;

    public NodeId Id => Node.Id;

    public uint Incarnation { get; } = incarnation;

    public long StartedAtMs { get; } = startedAtMs;

    /// <summary>False once the process crashed or left.</summary>
    public bool Alive { get; set; } = true;

    public bool LeftGracefully { get; set; }

    /// <summary>The processor, while this process is the node's current one.</summary>
    public TotemProcessor? Processor => Alive ? Node.Processor : null;

    /// <summary>Last installed regular ring, and the one before it.</summary>
    public RingId? CurrentRing { get; set; }

    public RingId? PreviousRing { get; set; }

    public IReadOnlyList<NodeId> CurrentMembers { get; set; } = [];

    /// <summary>Members of the transitional configuration delivered since the last regular one, if any.</summary>
    public IReadOnlyList<NodeId>? TransitionalMembers { get; set; }

    public RingId? TransitionalRing { get; set; }

    /// <summary>Order-insensitive fingerprint of the messages delivered since the last regular configuration.</summary>
    public ulong EpochHash { get; set; }

    public long EpochCount { get; set; }

    /// <summary>The messages behind <see cref="EpochHash"/>, for failure reports.</summary>
    public List<MessageId> EpochMessages { get; } = [];

    /// <summary>Every regular ring this process installed.</summary>
    public HashSet<RingId> InstalledRings { get; } = [];

    public HashSet<MessageId> Delivered { get; } = [];

    /// <summary>Last delivery's ordering position.</summary>
    public RingId? LastDeliveredRing { get; set; }

    public ulong LastDeliveredSeq { get; set; }

    /// <summary>Index of the last delivery among the messages packed into its datagram.</summary>
    public int LastDeliveredIndex { get; set; }

    /// <summary>Messages the processor accepted (Send returned Queued), in order.</summary>
    public List<MessageId> Sent { get; } = [];

    public bool Knows(RingId ring) => CurrentRing == ring || PreviousRing == ring;

    public override string ToString() => $"node {Id} (incarnation {Incarnation})";
}
