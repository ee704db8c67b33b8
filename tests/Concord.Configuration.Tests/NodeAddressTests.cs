using System.Net;

namespace Concord.Configuration.Tests;

[Trait("Category", "Unit")]
public sealed class NodeAddressTests
{
    [Theory]
    [InlineData("192.0.2.1", AddressKind.Ipv4)]
    [InlineData("0.0.0.0", AddressKind.Ipv4)]
    [InlineData("255.255.255.255", AddressKind.Ipv4)]
    [InlineData("2001:db8::1", AddressKind.Ipv6)]
    [InlineData("::1", AddressKind.Ipv6)]
    [InlineData("fe80::1%eth0", AddressKind.Ipv6)]
    [InlineData("::ffff:192.0.2.1", AddressKind.Ipv6)]
    [InlineData("node1", AddressKind.HostName)]
    [InlineData("node1.example.com", AddressKind.HostName)]
    [InlineData("node1.example.com.", AddressKind.HostName)]
    [InlineData("db_1", AddressKind.HostName)]
    [InlineData("1node", AddressKind.HostName)]
    [InlineData("", AddressKind.Invalid)]
    [InlineData(null, AddressKind.Invalid)]
    [InlineData("256.0.0.1", AddressKind.Invalid)]
    [InlineData("1.2.3", AddressKind.Invalid)]
    [InlineData("1.2.3.4.5", AddressKind.Invalid)]
    [InlineData("01.2.3.4", AddressKind.Invalid)]
    [InlineData("1.2.3.4:5405", AddressKind.Invalid)]
    [InlineData("gg::1", AddressKind.Invalid)]
    [InlineData("node..example", AddressKind.Invalid)]
    [InlineData("-node", AddressKind.Invalid)]
    [InlineData("node-", AddressKind.Invalid)]
    [InlineData("no de", AddressKind.Invalid)]
    public void Classify_Value_ReturnsKind(string? value, AddressKind expected)
    {
        Assert.Equal(expected, NodeAddress.Classify(value));
    }

    [Fact]
    public void Classify_LabelLongerThan63_IsInvalid()
    {
        Assert.Equal(AddressKind.Invalid, NodeAddress.Classify(new string('a', 64)));
        Assert.Equal(AddressKind.HostName, NodeAddress.Classify(new string('a', 63)));
    }

    [Fact]
    public void TryParseLiteral_HostName_ReturnsFalse()
    {
        Assert.False(NodeAddress.TryParseLiteral("node1", out _));
        Assert.True(NodeAddress.TryParseLiteral("192.0.2.7", out IPAddress? address));
        Assert.Equal(IPAddress.Parse("192.0.2.7"), address);
    }
}
