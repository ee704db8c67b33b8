using Concord.Core;
using Concord.Services.Quorum;
using CsCheck;

namespace Concord.Services.Tests.Quorum;

[Trait("Category", "Unit")]
public sealed class QuorumCodecTests
{
    private static readonly NodeStateMessage State = new(new NodeId(7), new RingId(new NodeId(3), 0x1c), 2, 9,
        NodeStateFlags.Quorate | NodeStateFlags.WaitForAllStatus);

    [Fact]
    public void Encode_NodeState_RoundTrips()
    {
        byte[] bytes = QuorumCodec.Encode(State);
        Assert.Equal(QuorumCodec.NodeStateBytes, bytes.Length);
        Assert.Equal(QuorumDecodeStatus.Ok, QuorumCodec.TryDecode(bytes, out QuorumMessage? decoded));
        Assert.Equal(State, decoded);
    }

    [Theory]
    [InlineData(ReconfigureKind.ExpectedVotes, 5u)]
    [InlineData(ReconfigureKind.NodeVotes, 0u)]
    [InlineData(ReconfigureKind.CancelWaitForAll, 0u)]
    public void Encode_Reconfigure_RoundTrips(ReconfigureKind kind, uint value)
    {
        var message = new ReconfigureMessage(new NodeId(4), kind, value);
        Assert.Equal(QuorumDecodeStatus.Ok, QuorumCodec.TryDecode(QuorumCodec.Encode(message), out QuorumMessage? decoded));
        Assert.Equal(message, decoded);
    }

    [Fact]
    public void Encode_NodeState_IsBigEndianWithVersionedHeader()
    {
        byte[] bytes = QuorumCodec.Encode(State);
        Assert.Equal(new byte[] { 0x51, 1, 1, 0, 0, 0, 0, 7 }, bytes[..8]);
    }

    [Fact]
    public void TryDecode_Truncated_ReportsWithoutThrowing()
    {
        byte[] bytes = QuorumCodec.Encode(State);
        for (int length = 0; length < bytes.Length; length++)
        {
            QuorumDecodeStatus status = QuorumCodec.TryDecode(bytes.AsSpan(0, length), out QuorumMessage? decoded);
            Assert.NotEqual(QuorumDecodeStatus.Ok, status);
            Assert.Null(decoded);
        }
    }

    [Theory]
    [InlineData(0, 0x52, QuorumDecodeStatus.BadMagic)]
    [InlineData(1, 2, QuorumDecodeStatus.UnsupportedVersion)]
    [InlineData(2, 9, QuorumDecodeStatus.UnknownType)]
    [InlineData(3, 1, QuorumDecodeStatus.InvalidField)]
    public void TryDecode_CorruptHeader_IsRejected(int offset, byte value, QuorumDecodeStatus expected)
    {
        byte[] bytes = QuorumCodec.Encode(State);
        bytes[offset] = value;
        Assert.Equal(expected, QuorumCodec.TryDecode(bytes, out _));
    }

    [Fact]
    public void TryDecode_VotesAboveLimit_IsInvalid()
    {
        byte[] bytes = QuorumCodec.Encode(State with { Votes = QuorumLimits.VotesPerNodeMax });
        Assert.Equal(QuorumDecodeStatus.Ok, QuorumCodec.TryDecode(bytes, out _));
        bytes[QuorumCodec.HeaderBytes + 16] = 0xff;
        Assert.Equal(QuorumDecodeStatus.InvalidField, QuorumCodec.TryDecode(bytes, out _));
    }

    [Fact]
    public void TryDecode_TrailingBytes_IsBadLength()
    {
        byte[] bytes = [.. QuorumCodec.Encode(State), 0];
        Assert.Equal(QuorumDecodeStatus.BadLength, QuorumCodec.TryDecode(bytes, out _));
    }

    [Fact]
    public void TryDecode_RandomBytes_NeverThrows()
    {
        Gen.Byte.Array[0, 48].Sample(bytes =>
        {
            QuorumDecodeStatus status = QuorumCodec.TryDecode(bytes, out QuorumMessage? message);
            return status == QuorumDecodeStatus.Ok == (message is not null);
        }, iter: 20_000);
    }

    [Fact]
    public void TryDecode_MutatedValidMessages_NeverThrowsAndReencodesIdentically()
    {
        Gen.Select(Gen.Int[0, QuorumCodec.NodeStateBytes - 1], Gen.Byte).Sample((index, value) =>
        {
            byte[] bytes = QuorumCodec.Encode(State);
            bytes[index] = value;
            if (QuorumCodec.TryDecode(bytes, out QuorumMessage? message) != QuorumDecodeStatus.Ok) return true;
            return QuorumCodec.Encode(message!).AsSpan().SequenceEqual(bytes);
        }, iter: 20_000);
    }
}
