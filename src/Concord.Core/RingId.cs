namespace Concord.Core;

/// <summary>
/// Identifies one installed ring (configuration): the representative that formed it and a
/// sequence number that only grows. Printed as corosync does: "rep.seq" with seq in hex.
/// </summary>
public readonly record struct RingId(NodeId Representative, ulong Sequence) : IComparable<RingId>
{
    public int CompareTo(RingId other)
    {
        int bySeq = Sequence.CompareTo(other.Sequence);
        return bySeq != 0 ? bySeq : Representative.CompareTo(other.Representative);
    }

    public override string ToString() =>
        $"{Representative}.{Sequence.ToString("x", System.Globalization.CultureInfo.InvariantCulture)}";
}
