using System.Net;
using Concord.Host.Net;
using CsCheck;

namespace Concord.Host.Tests;

[Trait("Category", "Unit")]
public sealed class LinkFragmentsTests
{
    private static readonly IPEndPoint Peer = new(IPAddress.Parse("127.0.0.2"), 5405);

    /// <summary>The packets of a Split, as the kernel (or the fallback loop) cuts the wire buffer.</summary>
    private static List<byte[]> Packets((byte[] Wire, int Count) split, int packetBytesMax) =>
        [.. Enumerable.Range(0, split.Count).Select(i => split.Wire.AsSpan(i * packetBytesMax, Math.Min(packetBytesMax, split.Wire.Length - (i * packetBytesMax))).ToArray())];

    [Fact]
    public void Split_SmallDatagram_IsSentAsItIs()
    {
        var datagram = new byte[1000];
        var (wire, count) = LinkFragments.Split(datagram, 1, 1452);
        Assert.Same(datagram, wire);
        Assert.Equal(1, count);
    }

    [Fact]
    public void SplitThenReassemble_AnySizeAnyOrder_GivesBackTheDatagram()
    {
        // Packets from the smallest netmtu concordd accepts (576 less 48 for IPv6/UDP) to jumbo frames.
        Gen.Select(Gen.Int[1, 65_000], Gen.Int[528, 9000], Gen.Int).Sample((size, packetBytesMax, shuffleSeed) =>
        {
            var datagram = new byte[size];
            new Random(size).NextBytes(datagram);
            var split = LinkFragments.Split(datagram, 7, packetBytesMax);
            if (split.Count == 1) return ReferenceEquals(split.Wire, datagram);
            var packets = Packets(split, packetBytesMax).OrderBy(_ => new Random(shuffleSeed).Next()).ToList();
            var reassembly = new FragmentReassembly();
            byte[]? whole = null;
            foreach (var packet in packets)
            {
                if (packet.Length > packetBytesMax || whole is not null) return false;
                whole = reassembly.Add(Peer, packet, nowMs: 0);
            }
            return whole is not null && whole.AsSpan().SequenceEqual(datagram) && reassembly.InFlight == 0;
        }, iter: 300);
    }

    [Fact]
    public void Split_MoreThanTheHeaderCanCount_IsRefusedClearly()
    {
        var error = Assert.Throws<ArgumentException>(() => LinkFragments.Split(new byte[64_000], 1, 200));
        Assert.Contains("at most 255", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reassembly_MissingFragment_YieldsNothing_AndIsForgottenWhenStale()
    {
        var split = LinkFragments.Split(new byte[10_000], 9, 1452);
        var packets = Packets(split, 1452);
        var drops = new List<string>();
        var reassembly = new FragmentReassembly { Dropped = drops.Add };
        foreach (var packet in packets.Skip(1)) Assert.Null(reassembly.Add(Peer, packet, nowMs: 0));
        Assert.Equal(1, reassembly.InFlight);
        // Any later fragment from that sender clears what is older than the stale limit.
        var next = Packets(LinkFragments.Split(new byte[3000], 10, 1452), 1452);
        reassembly.Add(Peer, next[0], nowMs: FragmentReassembly.StaleMs + 1);
        Assert.Contains("fragments timed out", drops);
        Assert.Equal(1, reassembly.InFlight);
    }

    [Fact]
    public void Reassembly_DuplicateAndMalformedFragments_AreDroppedNotTrusted()
    {
        var packets = Packets(LinkFragments.Split(new byte[5000], 3, 1452), 1452);
        var drops = new List<string>();
        var reassembly = new FragmentReassembly { Dropped = drops.Add };
        Assert.Null(reassembly.Add(Peer, packets[0], 0));
        Assert.Null(reassembly.Add(Peer, packets[0], 0));
        Assert.Contains("duplicate fragment", drops);
        var lying = (byte[])packets[1].Clone();
        lying[7] = 200; // a different fragment count for the same datagram id
        Assert.Null(reassembly.Add(Peer, lying, 0));
        Assert.Contains("malformed fragment", drops);
        Assert.Null(reassembly.Add(Peer, [LinkFragments.Magic0, LinkFragments.Magic1, 1, 2], 0));
        Assert.Equal(0, reassembly.InFlight);
    }

    [Fact]
    public void Reassembly_AnyBytes_NeverThrows_AndStaysBounded()
    {
        var reassembly = new FragmentReassembly();
        Gen.Byte.Array[0, 64].Sample(bytes =>
        {
            if (bytes.Length >= 2)
            {
                bytes[0] = LinkFragments.Magic0;
                bytes[1] = LinkFragments.Magic1;
            }
            reassembly.Add(Peer, bytes, 0);
            return reassembly.InFlight <= FragmentReassembly.InFlightPerSenderMax;
        }, iter: 2000, threads: 1); // one reassembly, like one link's receive thread: not shared across threads
    }
}
