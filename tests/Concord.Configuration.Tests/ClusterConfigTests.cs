using System.Net;

namespace Concord.Configuration.Tests;

[Trait("Category", "Unit")]
public sealed class ClusterConfigTests
{
    private static readonly ClusterConfig Three = new()
    {
        Totem = new TotemSection { ClusterName = "c" },
        Nodes =
        [
            new ClusterNode { NodeId = 1, Name = "alpha.example.com", Addresses = new(["192.0.2.1"]) },
            new ClusterNode { NodeId = 2, Name = "beta", Addresses = new(["192.0.2.2"]) },
            new ClusterNode { NodeId = 3, Addresses = new(["gamma", "198.51.100.3"]) },
        ],
    };

    [Fact]
    public void EffectiveTimings_ThreeNodes_ApplyTokenCoefficient()
    {
        Assert.Equal(3650, Three.EffectiveTokenMs);
        Assert.Equal(4380, Three.EffectiveConsensusMs);
        Assert.Equal(869, Three.EffectiveTokenRetransmitMs);
        Assert.Equal(180, Three.EffectiveHoldMs);
        Assert.Equal(2, Three.LinkCount);
        Assert.Equal(3, Three.EffectiveExpectedVotes);
    }

    [Theory]
    [InlineData("alpha.example.com", 1u)]
    [InlineData("alpha", 1u)]
    [InlineData("beta.example.com", 2u)]
    [InlineData("BETA", 2u)]
    [InlineData("gamma", 3u)]
    public void FindLocalNode_HostName_MatchesLikeCorosync(string hostName, uint expected)
    {
        Assert.Equal(expected, Three.FindLocalNode(hostName)?.NodeId);
    }

    [Fact]
    public void FindLocalNode_ByInterfaceAddress_MatchesLiteralRingAddress()
    {
        Assert.Null(Three.FindLocalNode("unknown"));
        Assert.Equal(3u, Three.FindLocalNode("unknown", [IPAddress.Parse("198.51.100.3")])?.NodeId);
    }

    [Fact]
    public void FindNode_ById_ReturnsNode()
    {
        Assert.Equal("beta", Three.FindNode(2)?.Name);
        Assert.Null(Three.FindNode(9));
    }

    [Fact]
    public void Records_WithEqualContent_AreEqual()
    {
        ClusterConfig copy = Three with { Nodes = new(Three.Nodes.ToList()) };

        Assert.Equal(Three, copy);
        Assert.Equal(Three.GetHashCode(), copy.GetHashCode());
        Assert.NotEqual(Three, copy with { Totem = copy.Totem with { TokenMs = 1 } });
    }
}
