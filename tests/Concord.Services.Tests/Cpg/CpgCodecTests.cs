using Concord.Core;
using Concord.Services.Cpg;
using CsCheck;

namespace Concord.Services.Tests.Cpg;

[Trait("Category", "Unit")]
public sealed class CpgCodecTests
{
    private static readonly RingId Ring = new(new NodeId(2), 0x1c);

    private static readonly byte[][] Valid =
    [
        CpgCodec.EncodeJoin(42, "alpha"),
        CpgCodec.EncodeLeave(42, "alpha"),
        CpgCodec.EncodeProcessDown(7, "ü-group"),
        CpgCodec.EncodeMessage(9, "g", [1, 2, 3]),
        CpgCodec.EncodeMessage(9, "g", []),
        CpgCodec.EncodeSyncJoinList(Ring, final: true, [new CpgSyncEntry("a", 1), new CpgSyncEntry("bb", 2)]),
        CpgCodec.EncodeSyncJoinList(Ring, final: false, []),
    ];

    public static TheoryData<byte[]> ValidMessages() => [.. Valid];

    [Theory]
    [InlineData(CpgMessageType.Join)]
    [InlineData(CpgMessageType.Leave)]
    [InlineData(CpgMessageType.ProcessDown)]
    public void Encode_MembershipMessage_RoundTrips(CpgMessageType type)
    {
        byte[] bytes = type switch
        {
            CpgMessageType.Join => CpgCodec.EncodeJoin(4242, "databases"),
            CpgMessageType.Leave => CpgCodec.EncodeLeave(4242, "databases"),
            _ => CpgCodec.EncodeProcessDown(4242, "databases"),
        };

        Assert.Equal(CpgDecodeStatus.Ok, CpgCodec.TryDecode(bytes, out var decoded));
        Assert.Equal(type, decoded.Type);
        Assert.Equal(4242u, decoded.Pid);
        Assert.Equal("databases", decoded.Group);
    }

    [Fact]
    public void Encode_Message_RoundTripsPayload()
    {
        byte[] payload = [.. Enumerable.Range(0, 300).Select(i => (byte)i)];

        Assert.Equal(CpgDecodeStatus.Ok, CpgCodec.TryDecode(CpgCodec.EncodeMessage(17, "grp", payload), out var decoded));
        Assert.Equal(CpgMessageType.Message, decoded.Type);
        Assert.Equal(17u, decoded.Pid);
        Assert.Equal("grp", decoded.Group);
        Assert.Equal(payload, decoded.Payload.ToArray());
    }

    [Fact]
    public void Encode_SyncJoinList_RoundTripsRingFinalAndEntries()
    {
        CpgSyncEntry[] entries = [new("a", 1), new("a", 2), new(new string('x', 128), uint.MaxValue)];

        Assert.Equal(CpgDecodeStatus.Ok, CpgCodec.TryDecode(CpgCodec.EncodeSyncJoinList(Ring, final: true, entries), out var decoded));
        Assert.Equal(CpgMessageType.SyncJoinList, decoded.Type);
        Assert.Equal(Ring, decoded.SyncRing);
        Assert.True(decoded.Final);
        Assert.Equal(entries, decoded.Entries);
    }

    [Fact]
    public void Encode_Join_IsBigEndianWithVersionedHeader()
    {
        byte[] bytes = CpgCodec.EncodeJoin(0x01020304, "g");

        Assert.Equal(new byte[] { 0x43, 1, 1, 0, 1, 2, 3, 4, 1, (byte)'g' }, bytes);
    }

    [Theory]
    [MemberData(nameof(ValidMessages))]
    public void TryDecode_EveryTruncation_FailsWithoutThrowing(byte[] message)
    {
        for (int length = 0; length < message.Length; length++)
            Assert.NotEqual(CpgDecodeStatus.Ok, CpgCodec.TryDecode(message.AsSpan(0, length), out _));
    }

    [Theory]
    [MemberData(nameof(ValidMessages))]
    public void TryDecode_TrailingByte_BadLength(byte[] message)
    {
        Assert.Equal(CpgDecodeStatus.BadLength, CpgCodec.TryDecode([.. message, 0], out _));
    }

    [Theory]
    [InlineData(0, 0x44, CpgDecodeStatus.BadMagic)]
    [InlineData(1, 2, CpgDecodeStatus.UnsupportedVersion)]
    [InlineData(2, 9, CpgDecodeStatus.UnknownType)]
    [InlineData(2, 0, CpgDecodeStatus.UnknownType)]
    [InlineData(3, 1, CpgDecodeStatus.InvalidField)]
    public void TryDecode_BadHeaderByte_Refused(int index, byte value, CpgDecodeStatus expected)
    {
        byte[] bytes = CpgCodec.EncodeJoin(1, "g");
        bytes[index] = value;

        Assert.Equal(expected, CpgCodec.TryDecode(bytes, out _));
    }

    [Fact]
    public void TryDecode_SyncWithUnknownFlag_InvalidField()
    {
        byte[] bytes = CpgCodec.EncodeSyncJoinList(Ring, final: true, []);
        bytes[3] |= 2;

        Assert.Equal(CpgDecodeStatus.InvalidField, CpgCodec.TryDecode(bytes, out _));
    }

    [Fact]
    public void TryDecode_SyncForRingOfNodeZero_InvalidField()
    {
        byte[] bytes = CpgCodec.EncodeSyncJoinList(new RingId(NodeId.None, 4), final: true, []);

        Assert.Equal(CpgDecodeStatus.InvalidField, CpgCodec.TryDecode(bytes, out _));
    }

    [Fact]
    public void TryDecode_SyncCountBeyondData_BadLength()
    {
        byte[] bytes = CpgCodec.EncodeSyncJoinList(Ring, final: true, []);
        bytes[16] = 0xff;
        bytes[17] = 0xff;

        Assert.Equal(CpgDecodeStatus.BadLength, CpgCodec.TryDecode(bytes, out _));
    }

    [Fact]
    public void TryDecode_GroupNotUtf8_InvalidGroup()
    {
        byte[] bytes = CpgCodec.EncodeJoin(1, "ab");
        bytes[^1] = 0xff;

        Assert.Equal(CpgDecodeStatus.InvalidGroup, CpgCodec.TryDecode(bytes, out _));
    }

    [Fact]
    public void TryDecode_EmptyGroup_InvalidGroup()
    {
        byte[] bytes = [0x43, 1, 1, 0, 0, 0, 0, 1, 0];

        Assert.Equal(CpgDecodeStatus.InvalidGroup, CpgCodec.TryDecode(bytes, out _));
    }

    [Fact]
    public void TryDecode_GroupLongerThanLimit_InvalidGroup()
    {
        byte[] bytes = [0x43, 1, 1, 0, 0, 0, 0, 1, 129, .. Enumerable.Repeat((byte)'a', 129)];

        Assert.Equal(CpgDecodeStatus.InvalidGroup, CpgCodec.TryDecode(bytes, out _));
    }

    [Fact]
    public void TryDecode_MessageLengthDisagrees_BadLength()
    {
        byte[] bytes = CpgCodec.EncodeMessage(1, "g", [1, 2, 3]);
        bytes[^4] = 9;

        Assert.Equal(CpgDecodeStatus.BadLength, CpgCodec.TryDecode(bytes, out _));
    }

    [Fact]
    public void TryDecode_RandomBytes_NeverThrows()
    {
        Gen.Byte.Array[0, 200].Sample(bytes => CpgCodec.TryDecode(bytes, out _) is >= CpgDecodeStatus.Ok, iter: 20_000);
    }

    [Fact]
    public void TryDecode_MutatedValidMessages_NeverThrows()
    {
        var messages = Valid;
        Gen.Select(Gen.Int[0, messages.Length - 1], Gen.Int[0, 1000], Gen.Byte).Sample((which, at, value) =>
        {
            byte[] copy = [.. messages[which]];
            copy[at % copy.Length] = value;
            return CpgCodec.TryDecode(copy, out _) is >= CpgDecodeStatus.Ok;
        }, iter: 20_000);
    }

    [Theory]
    [InlineData("g", true)]
    [InlineData("", false)]
    [InlineData("ok\u0000with-nul", true)]
    public void GroupName_Validation_FollowsUtf8Rules(string name, bool valid)
    {
        Assert.Equal(valid, CpgGroupName.IsValid(name));
    }

    [Fact]
    public void GroupName_LoneSurrogate_Invalid()
    {
        Assert.False(CpgGroupName.IsValid(new string((char)0xD800, 1)));
        Assert.False(CpgGroupName.IsValid("a" + (char)0xDC00));
    }

    [Fact]
    public void GroupName_128Bytes_ValidAnd129Not()
    {
        Assert.True(CpgGroupName.IsValid(new string('a', 128)));
        Assert.False(CpgGroupName.IsValid(new string('a', 129)));
        Assert.True(CpgGroupName.IsValid(new string('é', 64)));
        Assert.False(CpgGroupName.IsValid(new string('é', 65)));
    }

    [Fact]
    public void Encode_InvalidGroup_Throws()
    {
        Assert.Throws<ArgumentException>(() => CpgCodec.EncodeJoin(1, ""));
    }
}
