using System.Globalization;
using Concord.Configuration.Syntax;

namespace Concord.Configuration.Binding;

/// <summary>A bound node with the syntax it came from, so cross-checks can point at it.</summary>
internal sealed record BoundNode(ClusterNode Node, SectionReader Reader);

/// <summary>Reads <c>nodelist { node { } }</c> and checks ids, names and addresses across nodes.</summary>
internal static class NodelistBinder
{
    public static List<BoundNode> Bind(IReadOnlyList<SectionReader> nodelists, DiagnosticSink sink)
    {
        if (nodelists.Count == 0)
        {
            sink.Error(1, 1,
                "no 'nodelist' section: Concord is unicast-only and needs every node listed, e.g. " +
                "'nodelist { node { ring0_addr: 192.0.2.11  name: node1  nodeid: 1 } }'");
            return [];
        }

        var bound = new List<BoundNode>();
        foreach (SectionReader nodelist in nodelists)
        {
            foreach (SectionReader node in nodelist.Children("node")) bound.Add(new BoundNode(BindNode(node), node));
        }

        if (bound.Count == 0)
        {
            sink.ErrorAt(nodelists[0].Syntax, "nodelist has no 'node { }' blocks: list every cluster node, each with ring0_addr and nodeid");
        }

        CheckUniqueness(bound, sink);
        CheckLinks(bound, sink);
        return bound;
    }

    private static ClusterNode BindNode(SectionReader reader)
    {
        var addresses = new string?[ClusterNode.LinksMax];
        int highest = -1;
        for (int link = 0; link < ClusterNode.LinksMax; link++)
        {
            if (reader.Entry(Schema.LinkAddressKeys[link]) is not SyntaxEntry entry) continue;
            addresses[link] = entry.Value;
            highest = link;
            if (NodeAddress.Classify(entry.Value) == AddressKind.Invalid)
            {
                reader.Sink.ErrorAtValue(entry,
                    $"nodelist.node.{entry.Key}: '{entry.Value}' is not a valid address: {NodeAddress.Expectation}");
            }
        }

        string? name = reader.String("name");
        if (reader.Entry("ring0_addr") is null)
        {
            string which = name is null ? "a node" : $"node '{name}'";
            reader.Sink.ErrorAt(reader.Syntax,
                $"{which} has no ring0_addr: every node needs the address of its first link, e.g. 'ring0_addr: 192.0.2.11'");
        }

        return new ClusterNode
        {
            NodeId = BindNodeId(reader, name),
            Name = name,
            Addresses = new(addresses.Take(highest + 1)),
            QuorumVotes = reader.Int("quorum_votes", 0, 65_535, "votes") ?? 1,
        };
    }

    private static uint BindNodeId(SectionReader reader, string? name)
    {
        if (reader.Entry("nodeid") is not SyntaxEntry entry)
        {
            string which = name is null ? "a node" : $"node '{name}'";
            reader.Sink.ErrorAt(reader.Syntax,
                $"{which} has no nodeid: Concord requires 'nodeid: N' (1 to 4294967295, unique) in every node");
            return 0;
        }

        if (!uint.TryParse(entry.Value, NumberStyles.None, CultureInfo.InvariantCulture, out uint id))
        {
            reader.Sink.ErrorAtValue(entry, $"nodelist.node.nodeid: expected a whole number from 1 to 4294967295, got '{entry.Value}'");
            return 0;
        }

        if (id == 0)
        {
            reader.Sink.ErrorAtValue(entry, "nodelist.node.nodeid: 0 is reserved; expected a whole number from 1 to 4294967295");
        }

        return id;
    }

    private static void CheckUniqueness(List<BoundNode> nodes, DiagnosticSink sink)
    {
        var ids = new Dictionary<uint, BoundNode>();
        var names = new Dictionary<string, BoundNode>(StringComparer.OrdinalIgnoreCase);
        var addresses = new Dictionary<string, (BoundNode Node, SyntaxEntry Entry)>(StringComparer.OrdinalIgnoreCase);
        foreach (BoundNode bound in nodes)
        {
            ClusterNode node = bound.Node;
            if (node.NodeId != 0 && !ids.TryAdd(node.NodeId, bound) && bound.Reader.Entry("nodeid") is SyntaxEntry idEntry)
            {
                BoundNode first = ids[node.NodeId];
                sink.ErrorAtValue(idEntry,
                    $"nodelist.node.nodeid: {node.NodeId} is already used by node '{first.Node.DisplayName}' (line {first.Reader.Syntax.Line}); node ids must be unique");
            }

            if (node.Name is not null && !names.TryAdd(node.Name, bound) && bound.Reader.Entry("name") is SyntaxEntry nameEntry)
            {
                BoundNode first = names[node.Name];
                sink.ErrorAtValue(nameEntry,
                    $"nodelist.node.name: '{node.Name}' is already used by the node on line {first.Reader.Syntax.Line}; node names must be unique");
            }

            foreach (int link in node.Links)
            {
                if (bound.Reader.Entry(Schema.LinkAddressKeys[link]) is not SyntaxEntry entry) continue;
                if (addresses.TryGetValue(entry.Value, out var first))
                {
                    sink.ErrorAtValue(entry,
                        $"nodelist.node.{entry.Key}: address '{entry.Value}' is already used by node '{first.Node.Node.DisplayName}' " +
                        $"({first.Entry.Key}, line {first.Entry.Line}); every node and link needs its own address");
                }
                else
                {
                    addresses[entry.Value] = (bound, entry);
                }
            }
        }
    }

    private static void CheckLinks(List<BoundNode> nodes, DiagnosticSink sink)
    {
        if (nodes.Count == 0) return;
        BoundNode reference = nodes[0];
        string referenceLinks = LinkList(reference.Node);
        foreach (BoundNode bound in nodes.Skip(1))
        {
            string links = LinkList(bound.Node);
            if (links != referenceLinks)
            {
                sink.ErrorAt(bound.Reader.Syntax,
                    $"node '{bound.Node.DisplayName}' has addresses on links {links} but node '{reference.Node.DisplayName}' " +
                    $"(line {reference.Reader.Syntax.Line}) has links {referenceLinks}: every node needs an address on the same links");
            }
        }

        for (int link = 0; link < ClusterNode.LinksMax; link++)
        {
            (BoundNode Node, AddressKind Kind)? firstLiteral = null;
            foreach (BoundNode bound in nodes)
            {
                AddressKind kind = NodeAddress.Classify(bound.Node.AddressOf(link));
                if (kind is not (AddressKind.Ipv4 or AddressKind.Ipv6)) continue;
                if (firstLiteral is null)
                {
                    firstLiteral = (bound, kind);
                }
                else if (firstLiteral.Value.Kind != kind && bound.Reader.Entry(Schema.LinkAddressKeys[link]) is SyntaxEntry entry)
                {
                    sink.ErrorAtValue(entry,
                        $"link {link} mixes IPv4 and IPv6: node '{firstLiteral.Value.Node.Node.DisplayName}' has " +
                        $"'{firstLiteral.Value.Node.Node.AddressOf(link)}' but this node has '{entry.Value}'; use one address family per link");
                }
            }
        }
    }

    private static string LinkList(ClusterNode node) =>
        node.Links.Any() ? string.Join(", ", node.Links) : "(none)";
}
