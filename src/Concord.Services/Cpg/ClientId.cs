using System.Globalization;
using Concord.Core;

namespace Concord.Services.Cpg;

/// <summary>
/// One local client connection: the node it runs on (always the engine's own node), its process id,
/// and a connection id the host assigns (unique among the host's live connections). Group members
/// are identified cluster-wide by (node, pid) — see <see cref="CpgAddress"/> — so one process may
/// not join the same group over two connections.
/// </summary>
public readonly record struct ClientId(NodeId Node, uint Pid, ulong Connection)
{
    public CpgAddress Address => new(Node, Pid);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Node}/{Pid}#{Connection}");
}

/// <summary>A group member cluster-wide, as corosync's <c>cpg_address</c>: node id and process id.</summary>
public readonly record struct CpgAddress(NodeId Node, uint Pid) : IComparable<CpgAddress>
{
    public int CompareTo(CpgAddress other)
    {
        int byNode = Node.CompareTo(other.Node);
        return byNode != 0 ? byNode : Pid.CompareTo(other.Pid);
    }

    public static bool operator <(CpgAddress left, CpgAddress right) => left.CompareTo(right) < 0;
    public static bool operator >(CpgAddress left, CpgAddress right) => left.CompareTo(right) > 0;
    public static bool operator <=(CpgAddress left, CpgAddress right) => left.CompareTo(right) <= 0;
    public static bool operator >=(CpgAddress left, CpgAddress right) => left.CompareTo(right) >= 0;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Node}:{Pid}");
}
