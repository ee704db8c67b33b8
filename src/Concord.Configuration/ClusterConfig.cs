using System.Net;

namespace Concord.Configuration;

/// <summary>
/// A whole corosync.conf as Concord understands it: immutable, defaults filled in, validated by
/// <see cref="ConfigParser"/>. Records compare by value, so a file that is written with
/// <see cref="ConfigWriter"/> and parsed again compares equal to the original.
/// </summary>
public sealed record ClusterConfig
{
    public TotemSection Totem { get; init; } = new();

    /// <summary>The nodelist, in file order.</summary>
    public EquatableList<ClusterNode> Nodes { get; init; }

    public QuorumSection Quorum { get; init; } = new();

    public LoggingSection Logging { get; init; } = new();

    /// <summary>Sections Concord accepts but does not act on (<c>system</c>, <c>resources</c>, <c>nozzle</c>, <c>uidgid</c>, <c>qb</c>).</summary>
    public EquatableList<RawSection> OtherSections { get; init; }

    /// <summary>Number of links: one more than the highest ringX_addr used by any node.</summary>
    public int LinkCount => Nodes.Count == 0 ? 0 : Nodes.Max(n => n.Links.DefaultIfEmpty(-1).Max()) + 1;

    /// <summary>The token timeout Totem uses: token + (nodes − 2) × token_coefficient for three or more nodes.</summary>
    public int EffectiveTokenMs =>
        Nodes.Count > 2 ? Totem.TokenMs + ((Nodes.Count - 2) * Totem.TokenCoefficientMs) : Totem.TokenMs;

    /// <summary>token_retransmit as written, else effective token / (token_retransmits_before_loss_const + 0.2).</summary>
    public int EffectiveTokenRetransmitMs =>
        Totem.TokenRetransmitMs ?? (int)(EffectiveTokenMs / (Totem.TokenRetransmitsBeforeLossConst + 0.2));

    /// <summary>hold as written, else 180 ms, capped at 80% of the token retransmit interval.</summary>
    public int EffectiveHoldMs => Totem.HoldMs ?? Math.Min(180, (int)(EffectiveTokenRetransmitMs * 0.8));

    /// <summary>consensus as written, else 1.2 × the effective token timeout.</summary>
    public int EffectiveConsensusMs => Totem.ConsensusMs ?? (int)(EffectiveTokenMs * 1.2);

    /// <summary>Votes needed in total: quorum.expected_votes, else the sum of the nodes' quorum_votes.</summary>
    public int EffectiveExpectedVotes => Quorum.ExpectedVotes ?? Nodes.Sum(n => n.QuorumVotes);

    /// <summary><c>system.state_dir</c> if written (where concordd keeps state across restarts), else null.</summary>
    public string? StateDirectory => OtherSections.FirstOrDefault(s => s.Name == "system")?.Get("state_dir");

    public ClusterNode? FindNode(uint nodeId) => Nodes.FirstOrDefault(n => n.NodeId == nodeId);

    /// <summary>
    /// Finds this host's node as corosync does: by exact host name, then by short name (domain
    /// stripped) on either side, then by a literal ringX_addr equal to one of the local addresses.
    /// Pure: the caller passes the host name and its interface addresses.
    /// </summary>
    public ClusterNode? FindLocalNode(string hostName, IEnumerable<IPAddress>? localAddresses = null)
    {
        static string Short(string name) => name.Split('.', 2)[0];

        ClusterNode? match = Nodes.FirstOrDefault(n => string.Equals(n.Name, hostName, StringComparison.OrdinalIgnoreCase))
            ?? Nodes.FirstOrDefault(n => string.Equals(n.Name, Short(hostName), StringComparison.OrdinalIgnoreCase))
            ?? Nodes.FirstOrDefault(n => n.Name is not null && string.Equals(Short(n.Name), Short(hostName), StringComparison.OrdinalIgnoreCase))
            ?? Nodes.FirstOrDefault(n => n.Addresses.Any(a => a is not null && string.Equals(a, hostName, StringComparison.OrdinalIgnoreCase)));
        if (match is not null || localAddresses is null) return match;

        var local = localAddresses.ToHashSet();
        return Nodes.FirstOrDefault(n => n.Addresses.Any(a => NodeAddress.TryParseLiteral(a, out IPAddress? ip) && local.Contains(ip!)));
    }
}
