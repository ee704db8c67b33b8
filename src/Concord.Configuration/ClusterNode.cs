namespace Concord.Configuration;

/// <summary>One <c>nodelist { node { } }</c> entry.</summary>
public sealed record ClusterNode
{
    public const int LinksMax = 8;

    /// <summary><c>nodeid</c>: 1..4294967295, unique in the cluster. Required by Concord.</summary>
    public uint NodeId { get; init; }

    /// <summary><c>name</c>: the node's name as Pacemaker and the CLI show it; null when not given.</summary>
    public string? Name { get; init; }

    /// <summary>
    /// <c>ring0_addr</c>..<c>ring7_addr</c> indexed by link number; null where the node has no
    /// address on that link. Values are kept as written: an IP address or a host name that the
    /// daemon resolves (see <see cref="NodeAddress.Classify"/> and <c>totem.ip_version</c>).
    /// </summary>
    public EquatableList<string?> Addresses { get; init; }

    /// <summary><c>quorum_votes</c>: votes this node contributes. Default 1.</summary>
    public int QuorumVotes { get; init; } = 1;

    /// <summary>The address on a link, or null.</summary>
    public string? AddressOf(int linkNumber) =>
        linkNumber >= 0 && linkNumber < Addresses.Count ? Addresses[linkNumber] : null;

    /// <summary>Link numbers on which this node has an address, ascending.</summary>
    public IEnumerable<int> Links
    {
        get
        {
            for (int link = 0; link < Addresses.Count; link++)
            {
                if (Addresses[link] is not null) yield return link;
            }
        }
    }

    /// <summary>The name if given, else ring0_addr: how corosync and Pacemaker refer to a node.</summary>
    public string DisplayName => Name ?? AddressOf(0) ?? $"nodeid {NodeId}";
}
