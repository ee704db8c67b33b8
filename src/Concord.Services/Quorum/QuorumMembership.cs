using Concord.Core;

namespace Concord.Services.Quorum;

/// <summary>
/// A regular configuration installed by Totem: the ring and its members. The daemon feeds one per
/// regular <c>TotemConfiguration</c>; transitional configurations are not needed by quorum.
/// </summary>
public sealed record QuorumMembership(RingId RingId, IReadOnlyList<NodeId> Members);
