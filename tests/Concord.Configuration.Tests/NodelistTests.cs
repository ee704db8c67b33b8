namespace Concord.Configuration.Tests;

[Trait("Category", "Unit")]
public sealed class NodelistTests
{
    /// <summary>Totem (lines 1-6), then a nodelist opening on line 7 whose nodes are given.</summary>
    private static string WithNodes(string nodes) => Conf.EncryptedTotem + "\n" + "nodelist {\n" + nodes + "}\n" +
        "quorum {\n    provider: corosync_votequorum\n}\n";

    private static string Node(string body) => "    node {\n" + body + "    }\n";

    [Fact]
    public void Parse_MissingNodelist_IsErrorWithExample()
    {
        ConfigLoadResult result = Conf.Parse(Conf.EncryptedTotem);

        Conf.SingleError(result, 1, 1, "no 'nodelist' section", "unicast-only", "ring0_addr");
    }

    [Fact]
    public void Parse_EmptyNodelist_IsError()
    {
        ConfigLoadResult result = Conf.Parse(WithNodes(string.Empty));

        Conf.SingleError(result, 7, 1, "nodelist has no 'node { }' blocks");
    }

    [Fact]
    public void Parse_NodeWithoutRing0Addr_IsErrorAtNode()
    {
        ConfigLoadResult result = Conf.Parse(WithNodes(
            Node("        ring0_addr: 192.0.2.1\n        nodeid: 1\n") +
            Node("        name: node2\n        nodeid: 2\n")));

        Assert.Null(result.Config);
        Assert.Contains(result.Errors, d => d.Line == 12 && d.Column == 5 && d.Message.Contains("node 'node2' has no ring0_addr", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_NodeIdZero_IsReserved()
    {
        ConfigLoadResult result = Conf.Parse(WithNodes(Node("        ring0_addr: 192.0.2.1\n        nodeid: 0\n")));

        Conf.SingleError(result, 10, 17, "nodeid: 0 is reserved", "1 to 4294967295");
    }

    [Fact]
    public void Parse_NodeIdNotNumber_IsError()
    {
        ConfigLoadResult result = Conf.Parse(WithNodes(Node("        ring0_addr: 192.0.2.1\n        nodeid: one\n")));

        Conf.SingleError(result, 10, 17, "nodelist.node.nodeid: expected a whole number from 1 to 4294967295", "got 'one'");
    }

    [Fact]
    public void Parse_NodeIdMissing_IsErrorAtNode()
    {
        ConfigLoadResult result = Conf.Parse(WithNodes(Node("        ring0_addr: 192.0.2.1\n        name: alpha\n")));

        Conf.SingleError(result, 8, 5, "node 'alpha' has no nodeid");
    }

    [Fact]
    public void Parse_DuplicateNodeId_PointsAtSecondAndNamesFirst()
    {
        ConfigLoadResult result = Conf.Parse(WithNodes(
            Node("        ring0_addr: 192.0.2.1\n        name: a\n        nodeid: 1\n") +
            Node("        ring0_addr: 192.0.2.2\n        name: b\n        nodeid: 1\n")));

        Conf.SingleError(result, 16, 17, "nodeid: 1 is already used by node 'a' (line 8)");
    }

    [Fact]
    public void Parse_DuplicateNodeName_IsError()
    {
        ConfigLoadResult result = Conf.Parse(WithNodes(
            Node("        ring0_addr: 192.0.2.1\n        name: a\n        nodeid: 1\n") +
            Node("        ring0_addr: 192.0.2.2\n        name: a\n        nodeid: 2\n")));

        Conf.SingleError(result, 15, 15, "name: 'a' is already used by the node on line 8");
    }

    [Fact]
    public void Parse_DuplicateAddress_IsError()
    {
        ConfigLoadResult result = Conf.Parse(WithNodes(
            Node("        ring0_addr: 192.0.2.1\n        nodeid: 1\n") +
            Node("        ring0_addr: 192.0.2.1\n        nodeid: 2\n")));

        Conf.SingleError(result, 13, 21, "address '192.0.2.1' is already used by node '192.0.2.1' (ring0_addr, line 9)");
    }

    [Theory]
    [InlineData("192.0.2.256")]
    [InlineData("192.0.2")]
    [InlineData("192.0.02.1")]
    [InlineData("fe80::zz")]
    [InlineData("-node1")]
    [InlineData("node 1")]
    public void Parse_BadAddress_IsErrorWithExpectation(string address)
    {
        ConfigLoadResult result = Conf.Parse(WithNodes(Node($"        ring0_addr: {address}\n        nodeid: 1\n")));

        Conf.SingleError(result, 9, 21, $"'{address}' is not a valid address", "expected an IPv4 address");
    }

    [Fact]
    public void Parse_DifferentLinkCounts_IsErrorNamingBothNodes()
    {
        ConfigLoadResult result = Conf.Parse(WithNodes(
            Node("        ring0_addr: 192.0.2.1\n        ring1_addr: 198.51.100.1\n        name: a\n        nodeid: 1\n") +
            Node("        ring0_addr: 192.0.2.2\n        name: b\n        nodeid: 2\n")));

        Conf.SingleError(result, 14, 5, "node 'b' has addresses on links 0 but node 'a' (line 8) has links 0, 1", "same links");
    }

    [Fact]
    public void Parse_MixedFamiliesOnOneLink_IsError()
    {
        ConfigLoadResult result = Conf.Parse(WithNodes(
            Node("        ring0_addr: 192.0.2.1\n        nodeid: 1\n") +
            Node("        ring0_addr: 2001:db8::2\n        nodeid: 2\n")));

        Conf.SingleError(result, 13, 21, "link 0 mixes IPv4 and IPv6", "one address family per link");
    }

    [Fact]
    public void Parse_Ipv6AddressWithIpVersion4_IsError()
    {
        string text = WithNodes(
            Node("        ring0_addr: 2001:db8::1\n        nodeid: 1\n") +
            Node("        ring0_addr: 2001:db8::2\n        nodeid: 2\n"))
            .Replace("    crypto_hash: sha256\n", "    crypto_hash: sha256\n    ip_version: ipv4\n", StringComparison.Ordinal);

        ConfigLoadResult result = Conf.Parse(text);

        Assert.Equal(2, result.Errors.Count());
        Assert.Contains(result.Errors, d => d.Line == 10 && d.Column == 21 && d.Message.Contains("is an IPv6 address but totem.ip_version is ipv4", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_HostNamesAndIpv6_AreKeptAsWritten()
    {
        ClusterConfig config = Conf.ParseValid(WithNodes(
            Node("        ring0_addr: node1.example.com\n        ring1_addr: 2001:db8::1\n        nodeid: 1\n        quorum_votes: 2\n") +
            Node("        ring0_addr: node2\n        ring1_addr: fe80::2%eth0\n        nodeid: 2\n")));

        Assert.Equal("node1.example.com", config.Nodes[0].AddressOf(0));
        Assert.Equal("fe80::2%eth0", config.Nodes[1].AddressOf(1));
        Assert.Equal(2, config.Nodes[0].QuorumVotes);
        Assert.Equal(3, config.EffectiveExpectedVotes);
        Assert.Equal("node1.example.com", config.Nodes[0].DisplayName);
    }

    [Fact]
    public void Parse_LargeNodeId_IsAccepted()
    {
        ClusterConfig config = Conf.ParseValid(WithNodes(Node("        ring0_addr: 192.0.2.1\n        nodeid: 4294967295\n")));

        Assert.Equal(uint.MaxValue, config.Nodes[0].NodeId);
    }

    [Fact]
    public void Parse_UnknownNodeKey_SuggestsRingAddr()
    {
        ConfigLoadResult result = Conf.Parse(WithNodes(Node("        ring0addr: 192.0.2.1\n        ring0_addr: 192.0.2.1\n        nodeid: 1\n")));

        Conf.HasWarning(result, 9, 9, "unknown key 'ring0addr' in 'nodelist.node'", "did you mean 'ring0_addr'?");
    }

    [Fact]
    public void Parse_NodelistRepeated_NodesOfBothAreUsed()
    {
        string text = Conf.EncryptedTotem + "\n" +
            "nodelist {\n" + Node("        ring0_addr: 192.0.2.1\n        nodeid: 1\n") + "}\n" +
            "nodelist {\n" + Node("        ring0_addr: 192.0.2.2\n        nodeid: 2\n") + "}\n" +
            "quorum {\n    provider: corosync_votequorum\n}\n";

        Assert.Equal(2, Conf.ParseValid(text).Nodes.Count);
    }
}
