namespace Concord.Client;

/// <summary>A process in a group: the node it runs on and its pid.</summary>
public readonly record struct CpgMember(uint NodeId, uint Pid)
{
    public override string ToString() => $"{NodeId}:{Pid}";
}

/// <summary>A member that joined or left, and why.</summary>
public readonly record struct CpgMemberChange(CpgMember Member, CpgReason Reason)
{
    public override string ToString() => $"{Member}({Reason})";
}

/// <summary>Something that happened in a group this client is in, or on the ring.</summary>
public abstract record CpgEvent;

/// <summary>A group message, in the group's total order (our own included).</summary>
public sealed record CpgMessage(string Group, CpgMember Sender, ReadOnlyMemory<byte> Payload) : CpgEvent;

/// <summary>The group's membership changed; <see cref="Members"/> is the full list after it.</summary>
public sealed record CpgMembershipChange(
    string Group,
    IReadOnlyList<CpgMember> Members,
    IReadOnlyList<CpgMemberChange> Joined,
    IReadOnlyList<CpgMemberChange> Left) : CpgEvent;

/// <summary>A new ring (Totem configuration): its id as "rep.seq" and its member node ids.</summary>
public sealed record CpgRingChange(string RingId, IReadOnlyList<uint> Members) : CpgEvent;

/// <summary>A group and its members, as `concord cpg` lists them.</summary>
public sealed record CpgGroup(string Name, IReadOnlyList<CpgMember> Members);

/// <summary>The daemon refused a request.</summary>
public sealed class CpgException(CpgStatus status, string message) : Exception(message)
{
    public CpgStatus Status { get; } = status;
}

/// <summary>
/// This node's quorum verdict (votequorum), sent when a client connects and whenever it changes,
/// in order with the other events.
/// </summary>
public sealed record QuorumChange(bool Quorate, string RingId, uint TotalVotes, uint ExpectedVotes, uint Quorum) : CpgEvent;
