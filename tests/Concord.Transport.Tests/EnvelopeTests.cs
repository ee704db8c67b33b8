using System.Text;

namespace Concord.Transport.Tests;

[Trait("Category", "Unit")]
public sealed class EnvelopeTests
{
    private const ulong Epoch = 0x0000_019A_0000_0001;

    [Fact]
    public void Overhead_WithIpv6AndUdpHeaders_FitsTotemReservation()
    {
        const int totemReservedBytes = 100;

        Assert.Equal(48, DatagramEnvelope.EncryptedOverheadBytes);
        Assert.True(DatagramEnvelope.TotalOverheadBytesMax <= totemReservedBytes);
        Assert.Equal(1500 - 48 - 48, DatagramEnvelope.PayloadBytesMax(1500, EnvelopeCipher.Aes256Gcm));
        Assert.Equal(32, DatagramEnvelope.OverheadBytes(EnvelopeCipher.None));
    }

    [Fact]
    public void SealThenOpen_Encrypted_ReturnsPayloadSenderAndLink()
    {
        using var sealer = new DatagramSealer(Keys.Fixed, Keys.Cluster, 2, Epoch);
        using var opener = new DatagramOpener(Keys.Fixed, Keys.Cluster, Keys.Nodes);
        byte[] payload = Encoding.UTF8.GetBytes("totem token");

        byte[] datagram = Keys.Seal(sealer, payload, link: 3);
        var (result, sender, link, opened) = Keys.Open(opener, datagram);

        Assert.Equal(OpenResult.Ok, result);
        Assert.Equal(2u, sender);
        Assert.Equal(3, link);
        Assert.Equal(payload, opened);
        Assert.Equal(payload.Length + 48, datagram.Length);
        Assert.Equal(-1, datagram.AsSpan(32).IndexOf(payload));
        Assert.True(opener.TryGetPeerEpoch(2, out ulong epoch));
        Assert.Equal(Epoch, epoch);
    }

    [Fact]
    public void SealThenOpen_Plain_ReturnsPayloadInTheClear()
    {
        using var sealer = DatagramSealer.CreatePlain(Keys.Cluster, 1, Epoch);
        using var opener = DatagramOpener.CreatePlain(Keys.Cluster, Keys.Nodes);
        byte[] payload = [1, 2, 3, 4];

        byte[] datagram = Keys.Seal(sealer, payload);

        Assert.Equal(36, datagram.Length);
        Assert.Equal(payload, datagram[32..]);
        Assert.Equal((OpenResult.Ok, 1u), (Keys.Open(opener, datagram).Result, Keys.Open(opener, Keys.Seal(sealer, payload)).Sender));
    }

    [Fact]
    public void SealThenOpen_EmptyPayload_IsOk()
    {
        using var sealer = new DatagramSealer(Keys.Fixed, Keys.Cluster, 1, Epoch);
        using var opener = new DatagramOpener(Keys.Fixed, Keys.Cluster, Keys.Nodes);

        var (result, _, _, payload) = Keys.Open(opener, Keys.Seal(sealer, []));

        Assert.Equal(OpenResult.Ok, result);
        Assert.Empty(payload);
    }

    [Fact]
    public void Open_SameDatagramTwice_SecondIsReplay()
    {
        using var sealer = new DatagramSealer(Keys.Fixed, Keys.Cluster, 1, Epoch);
        using var opener = new DatagramOpener(Keys.Fixed, Keys.Cluster, Keys.Nodes);
        byte[] datagram = Keys.Seal(sealer, [42]);

        Assert.Equal(OpenResult.Ok, Keys.Open(opener, datagram).Result);
        Assert.Equal(OpenResult.Replay, Keys.Open(opener, datagram).Result);
        Assert.Equal(1, opener.Counters[OpenResult.Replay]);
        Assert.Equal(1, opener.Counters.Accepted);
        Assert.Equal(1, opener.Counters.Dropped);
    }

    [Fact]
    public void Open_PlainReplay_IsAlsoDetected()
    {
        using var sealer = DatagramSealer.CreatePlain(Keys.Cluster, 1, Epoch);
        using var opener = DatagramOpener.CreatePlain(Keys.Cluster, Keys.Nodes);
        byte[] datagram = Keys.Seal(sealer, [42]);

        Assert.Equal(OpenResult.Ok, Keys.Open(opener, datagram).Result);
        Assert.Equal(OpenResult.Replay, Keys.Open(opener, datagram).Result);
    }

    [Fact]
    public void Open_ReorderedWithinWindow_AllAcceptedOnce()
    {
        using var sealer = new DatagramSealer(Keys.Fixed, Keys.Cluster, 1, Epoch);
        using var opener = new DatagramOpener(Keys.Fixed, Keys.Cluster, Keys.Nodes);
        byte[][] datagrams = [.. Enumerable.Range(0, 50).Select(i => Keys.Seal(sealer, [(byte)i]))];

        foreach (byte[] d in datagrams.Reverse()) Assert.Equal(OpenResult.Ok, Keys.Open(opener, d).Result);
        foreach (byte[] d in datagrams) Assert.Equal(OpenResult.Replay, Keys.Open(opener, d).Result);
    }

    [Fact]
    public void Open_OlderThanWindow_IsReplay()
    {
        using var sealer = new DatagramSealer(Keys.Fixed, Keys.Cluster, 1, Epoch);
        using var opener = new DatagramOpener(Keys.Fixed, Keys.Cluster, Keys.Nodes);
        byte[] old = Keys.Seal(sealer, [0]);
        for (int i = 0; i < 1023; i++) Keys.Seal(sealer, [1]);
        byte[] newest = Keys.Seal(sealer, [2]);

        Assert.Equal(OpenResult.Ok, Keys.Open(opener, newest).Result);
        Assert.Equal(OpenResult.Replay, Keys.Open(opener, old).Result);
    }

    [Fact]
    public void Open_SenderRestartsWithNewerEpoch_IsAcceptedAndOldBootIsStale()
    {
        using var firstBoot = new DatagramSealer(Keys.Fixed, Keys.Cluster, 1, Epoch);
        using var secondBoot = new DatagramSealer(Keys.Fixed, Keys.Cluster, 1, Epoch + 1);
        using var opener = new DatagramOpener(Keys.Fixed, Keys.Cluster, Keys.Nodes);
        byte[] recorded = Keys.Seal(firstBoot, [1]);
        byte[] later = Keys.Seal(firstBoot, [2]);
        Assert.Equal(OpenResult.Ok, Keys.Open(opener, recorded).Result);

        byte[] afterRestart = Keys.Seal(secondBoot, [3]);

        Assert.Equal(OpenResult.Ok, Keys.Open(opener, afterRestart).Result);
        Assert.True(opener.TryGetPeerEpoch(1, out ulong epoch));
        Assert.Equal(Epoch + 1, epoch);
        Assert.Equal(OpenResult.StaleEpoch, Keys.Open(opener, recorded).Result);
        Assert.Equal(OpenResult.StaleEpoch, Keys.Open(opener, later).Result);
        Assert.Equal(OpenResult.Replay, Keys.Open(opener, afterRestart).Result);
        Assert.Equal(OpenResult.Ok, Keys.Open(opener, Keys.Seal(secondBoot, [4])).Result);
    }

    [Fact]
    public void Open_ForgedNewerEpoch_DoesNotDisturbCurrentEpoch()
    {
        using var sealer = new DatagramSealer(Keys.Fixed, Keys.Cluster, 1, Epoch);
        using var forger = new DatagramSealer(Keys.Other, Keys.Cluster, 1, Epoch + 5);
        using var opener = new DatagramOpener(Keys.Fixed, Keys.Cluster, Keys.Nodes);
        Assert.Equal(OpenResult.Ok, Keys.Open(opener, Keys.Seal(sealer, [1])).Result);

        Assert.Equal(OpenResult.AuthenticationFailed, Keys.Open(opener, Keys.Seal(forger, [9])).Result);
        Assert.Equal(OpenResult.AuthenticationFailed, Keys.Open(opener, Keys.Seal(forger, [9])).Result);

        Assert.True(opener.TryGetPeerEpoch(1, out ulong epoch));
        Assert.Equal(Epoch, epoch);
        Assert.Equal(OpenResult.Ok, Keys.Open(opener, Keys.Seal(sealer, [2])).Result);
    }

    [Fact]
    public void Open_WrongKey_IsAuthenticationFailed()
    {
        using var sealer = new DatagramSealer(Keys.Other, Keys.Cluster, 1, Epoch);
        using var opener = new DatagramOpener(Keys.Fixed, Keys.Cluster, Keys.Nodes);

        var (result, sender, _, payload) = Keys.Open(opener, Keys.Seal(sealer, [1, 2, 3]));

        Assert.Equal(OpenResult.AuthenticationFailed, result);
        Assert.Equal(1u, sender);
        Assert.Empty(payload);
        Assert.False(opener.TryGetPeerEpoch(1, out _));
    }

    [Fact]
    public void Open_WrongClusterName_IsWrongCluster()
    {
        using var sealer = new DatagramSealer(Keys.Fixed, "othercluster", 1, Epoch);
        using var opener = new DatagramOpener(Keys.Fixed, Keys.Cluster, Keys.Nodes);

        Assert.Equal(OpenResult.WrongCluster, Keys.Open(opener, Keys.Seal(sealer, [1])).Result);
    }

    [Fact]
    public void Open_WrongClusterNameWithForgedTag_FailsAuthentication()
    {
        using var sealer = new DatagramSealer(Keys.Fixed, "othercluster", 1, Epoch);
        using var reference = new DatagramSealer(Keys.Fixed, Keys.Cluster, 1, Epoch);
        using var opener = new DatagramOpener(Keys.Fixed, Keys.Cluster, Keys.Nodes);
        byte[] datagram = Keys.Seal(sealer, [1]);
        Keys.Seal(reference, [1]).AsSpan(4, 4).CopyTo(datagram.AsSpan(4, 4));

        Assert.Equal(OpenResult.AuthenticationFailed, Keys.Open(opener, datagram).Result);
    }

    [Fact]
    public void Open_UnlistedSender_IsUnknownSenderUntilAdded()
    {
        using var sealer = new DatagramSealer(Keys.Fixed, Keys.Cluster, 9, Epoch);
        using var opener = new DatagramOpener(Keys.Fixed, Keys.Cluster, Keys.Nodes);
        byte[] first = Keys.Seal(sealer, [1]);

        Assert.Equal(OpenResult.UnknownSender, Keys.Open(opener, first).Result);
        opener.AddSender(9);
        Assert.Equal(OpenResult.Ok, Keys.Open(opener, first).Result);
        opener.RemoveSender(9);
        Assert.Equal(OpenResult.UnknownSender, Keys.Open(opener, Keys.Seal(sealer, [2])).Result);
    }

    [Fact]
    public void Open_PlainDatagramAtEncryptingNode_IsCipherMismatch()
    {
        using var plain = DatagramSealer.CreatePlain(Keys.Cluster, 1, Epoch);
        using var encrypted = new DatagramSealer(Keys.Fixed, Keys.Cluster, 1, Epoch);
        using var opener = new DatagramOpener(Keys.Fixed, Keys.Cluster, Keys.Nodes);
        using var plainOpener = DatagramOpener.CreatePlain(Keys.Cluster, Keys.Nodes);

        Assert.Equal(OpenResult.CipherMismatch, Keys.Open(opener, Keys.Seal(plain, [1])).Result);
        Assert.Equal(OpenResult.CipherMismatch, Keys.Open(plainOpener, Keys.Seal(encrypted, [1])).Result);
    }

    [Fact]
    public void Open_SmallPlaintextBuffer_IsBufferTooSmall()
    {
        using var sealer = new DatagramSealer(Keys.Fixed, Keys.Cluster, 1, Epoch);
        using var opener = new DatagramOpener(Keys.Fixed, Keys.Cluster, Keys.Nodes);
        byte[] datagram = Keys.Seal(sealer, new byte[100]);

        OpenResult result = opener.TryOpen(datagram, new byte[99], out _, out _, out int length);

        Assert.Equal(OpenResult.BufferTooSmall, result);
        Assert.Equal(0, length);
        Assert.Equal(OpenResult.Ok, Keys.Open(opener, datagram).Result);
    }

    [Theory]
    [InlineData(0, OpenResult.BadMagicOrVersion)]
    [InlineData(1, OpenResult.BadMagicOrVersion)]
    [InlineData(2, OpenResult.BadMagicOrVersion)]
    [InlineData(3, OpenResult.Malformed)]
    [InlineData(4, OpenResult.WrongCluster)]
    [InlineData(8, OpenResult.UnknownSender)]
    [InlineData(12, OpenResult.Malformed)]
    [InlineData(13, OpenResult.Malformed)]
    [InlineData(16, OpenResult.AuthenticationFailed)]
    [InlineData(24, OpenResult.AuthenticationFailed)]
    [InlineData(32, OpenResult.AuthenticationFailed)]
    [InlineData(-1, OpenResult.AuthenticationFailed)]
    public void Open_TamperedByte_NamesTheReason(int offset, OpenResult expected)
    {
        using var sealer = new DatagramSealer(Keys.Fixed, Keys.Cluster, 1, Epoch);
        using var opener = new DatagramOpener(Keys.Fixed, Keys.Cluster, Keys.Nodes);
        byte[] datagram = Keys.Seal(sealer, [1, 2, 3, 4]);
        int at = offset < 0 ? datagram.Length + offset : offset;
        datagram[at] ^= 0x80;

        Assert.Equal(expected, Keys.Open(opener, datagram).Result);
        Assert.Equal(1, opener.Counters[expected]);
    }

    [Fact]
    public void Open_LinkNumberAboveSeven_IsMalformed()
    {
        using var sealer = DatagramSealer.CreatePlain(Keys.Cluster, 1, Epoch);
        using var opener = DatagramOpener.CreatePlain(Keys.Cluster, Keys.Nodes);
        byte[] datagram = Keys.Seal(sealer, [1]);
        datagram[12] = 8;

        Assert.Equal(OpenResult.Malformed, Keys.Open(opener, datagram).Result);
    }

    [Fact]
    public void Seal_OutputTooSmallOrBadLink_Throws()
    {
        using var sealer = new DatagramSealer(Keys.Fixed, Keys.Cluster, 1, Epoch);

        Assert.Throws<ArgumentException>(() => sealer.Seal([1, 2], 0, new byte[49]));
        Assert.Throws<ArgumentOutOfRangeException>(() => sealer.Seal([1], 8, new byte[100]));
        Assert.Equal(0UL, sealer.NextCounter);
    }

    [Fact]
    public void Constructor_KeyOutOfRange_Throws()
    {
        Assert.Throws<ArgumentException>(() => new DatagramSealer(new byte[127], Keys.Cluster, 1, Epoch));
        Assert.Throws<ArgumentException>(() => new DatagramOpener(new byte[4097], Keys.Cluster, Keys.Nodes));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DatagramSealer(Keys.Fixed, Keys.Cluster, 0, Epoch));
    }

    [Fact]
    public void Seal_SamePayloadTwice_DiffersByCounter()
    {
        using var sealer = new DatagramSealer(Keys.Fixed, Keys.Cluster, 1, Epoch);

        byte[] a = Keys.Seal(sealer, [7, 7, 7]);
        byte[] b = Keys.Seal(sealer, [7, 7, 7]);

        Assert.NotEqual(a[32..], b[32..]);
        Assert.Equal(2UL, sealer.NextCounter);
    }

    [Fact]
    public void Sealers_ForDifferentSenders_UseDifferentKeys()
    {
        using var one = new DatagramSealer(Keys.Fixed, Keys.Cluster, 1, Epoch);
        using var two = new DatagramSealer(Keys.Fixed, Keys.Cluster, 2, Epoch);
        using var opener = new DatagramOpener(Keys.Fixed, Keys.Cluster, Keys.Nodes);
        byte[] datagram = Keys.Seal(one, [5]);
        datagram[11] = 2;

        Assert.Equal(OpenResult.AuthenticationFailed, Keys.Open(opener, datagram).Result);
        Assert.Equal(OpenResult.Ok, Keys.Open(opener, Keys.Seal(two, [5])).Result);
    }

    [Fact]
    public void Counters_ToString_ListsNonZeroReasons()
    {
        using var opener = new DatagramOpener(Keys.Fixed, Keys.Cluster, Keys.Nodes);
        Keys.Open(opener, []);
        Keys.Open(opener, new byte[40]);

        Assert.Equal("Malformed=1 BadMagicOrVersion=1", opener.Counters.ToString());
    }

    [Theory]
    [InlineData(1_700_000_000_000UL, 0UL, (ushort)7, (1_700_000_000_000UL << 16) | 7)]
    [InlineData(1_000UL, ulong.MaxValue - 1, (ushort)0, ulong.MaxValue)]
    [InlineData(5UL, 5UL << 16, (ushort)0, (5UL << 16) + 1)]
    public void TransportEpoch_Next_IsAlwaysLarger(ulong unixMs, ulong previous, ushort random, ulong expected)
    {
        Assert.Equal(expected, TransportEpoch.Next(unixMs, previous, random));
    }
}
