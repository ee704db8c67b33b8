namespace Concord.Core;

/// <summary>A cluster node's configured id (corosync's <c>nodeid</c>); 0 means "none".</summary>
public readonly record struct NodeId(uint Value) : IComparable<NodeId>
{
    public static readonly NodeId None = new(0);

    public bool IsNone => Value == 0;

    public int CompareTo(NodeId other) => Value.CompareTo(other.Value);

    public static bool operator <(NodeId left, NodeId right) => left.Value < right.Value;
    public static bool operator >(NodeId left, NodeId right) => left.Value > right.Value;
    public static bool operator <=(NodeId left, NodeId right) => left.Value <= right.Value;
    public static bool operator >=(NodeId left, NodeId right) => left.Value >= right.Value;

    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
