using Concord.Core;

namespace Concord.Services.Cpg;

/// <summary>What the engine delivers to a local client (<see cref="ICpgHost.Deliver"/>).</summary>
public abstract record CpgEvent;

/// <summary>
/// A message of a group the client is a member of, in the group's total order (the sender's own
/// messages included). The payload buffer is shared by every local recipient; do not modify it.
/// </summary>
public sealed record CpgMessageEvent(string Group, CpgAddress Sender, ReadOnlyMemory<byte> Payload) : CpgEvent;

/// <summary>
/// The group's membership changed (corosync's confchg callback): <paramref name="Members"/> is the
/// full list after the change, ascending by (node, pid). Every member sees the same changes in the
/// same order relative to the group's messages.
/// </summary>
public sealed record CpgMembershipEvent(
    string Group,
    IReadOnlyList<CpgAddress> Members,
    IReadOnlyList<CpgMemberChange> Joined,
    IReadOnlyList<CpgMemberChange> Left) : CpgEvent
{
    public override string ToString() =>
        $"{Group}: members [{string.Join(' ', Members)}] joined [{string.Join(' ', Joined)}] left [{string.Join(' ', Left)}]";
}

/// <summary>A new regular Totem configuration (corosync's totem confchg callback), sent once per client.</summary>
public sealed record CpgTotemEvent(RingId RingId, IReadOnlyList<NodeId> Members) : CpgEvent;
