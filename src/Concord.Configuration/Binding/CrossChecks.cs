using Concord.Configuration.Syntax;

namespace Concord.Configuration.Binding;

/// <summary>Rules that relate sections to each other (totem ↔ nodelist).</summary>
internal static class CrossChecks
{
    public static void Run(ClusterConfig config, SectionReader? totem, IReadOnlyList<BoundNode> nodes, DiagnosticSink sink)
    {
        CheckIpVersion(config, nodes, sink);
        if (totem is null) return;

        foreach ((SectionReader iface, TotemInterface bound) in totem.Children("interface").Zip(config.Totem.Interfaces))
        {
            if (nodes.Count > 0 && nodes.All(n => n.Node.AddressOf(bound.LinkNumber) is null))
            {
                sink.WarningAt(iface.Syntax,
                    $"totem.interface for link {bound.LinkNumber} has no effect: no node has ring{bound.LinkNumber}_addr");
            }
        }

        if (config.Totem.ConsensusMs is int consensus && consensus > config.Totem.TokenMs
            && consensus < (int)(config.EffectiveTokenMs * 1.2) && totem.Entry("consensus") is SyntaxEntry entry)
        {
            sink.WarningAtValue(entry,
                $"totem.consensus ({consensus} ms) is below 1.2 × the effective token timeout of this {config.Nodes.Count}-node " +
                $"cluster ({config.EffectiveTokenMs} ms, token + (nodes − 2) × token_coefficient); corosync recommends at least {(int)(config.EffectiveTokenMs * 1.2)} ms");
        }
    }

    private static void CheckIpVersion(ClusterConfig config, IReadOnlyList<BoundNode> nodes, DiagnosticSink sink)
    {
        AddressKind? forbidden = config.Totem.IpVersion switch
        {
            IpVersion.Ipv4 => AddressKind.Ipv6,
            IpVersion.Ipv6 => AddressKind.Ipv4,
            _ => null,
        };
        if (forbidden is null) return;

        string version = config.Totem.IpVersion == IpVersion.Ipv4 ? "ipv4" : "ipv6";
        foreach (BoundNode node in nodes)
        {
            foreach (int link in node.Node.Links)
            {
                if (NodeAddress.Classify(node.Node.AddressOf(link)) == forbidden
                    && node.Reader.Entry(Schema.LinkAddressKeys[link]) is SyntaxEntry entry)
                {
                    sink.ErrorAtValue(entry,
                        $"nodelist.node.{entry.Key}: '{entry.Value}' is an {(forbidden == AddressKind.Ipv6 ? "IPv6" : "IPv4")} address " +
                        $"but totem.ip_version is {version}; change ip_version (ipv4-6 or ipv6-4 allow both) or the address");
                }
            }
        }
    }
}
