using System.Buffers.Binary;
using Concord.Client.Protocol;
using CsCheck;

namespace Concord.Client.Tests;

[Trait("Category", "Unit")]
public sealed class FrameTests
{
    [Fact]
    public async Task FrameWriter_RoundTripThroughStream_FieldsSurvive()
    {
        var frame = new FrameWriter(FrameType.Message).String("gröup").U32(7).U32(4242).Bytes([1, 2, 3]).ToArray();
        using var stream = new MemoryStream(frame);
        var read = await FrameStream.ReadAsync(stream, CancellationToken.None);
        Assert.NotNull(read);
        Assert.Equal(FrameType.Message, read.Value.Type);
        var reader = new FrameReader(read.Value.Body);
        Assert.Equal("gröup", reader.String());
        Assert.Equal(7u, reader.U32());
        Assert.Equal(4242u, reader.U32());
        Assert.Equal(new byte[] { 1, 2, 3 }, reader.Rest().ToArray());
        Assert.False(reader.Failed);
        Assert.Null(await FrameStream.ReadAsync(stream, CancellationToken.None));
    }

    [Fact]
    public async Task FrameStream_OversizedLength_IsRejectedNotAllocated()
    {
        var header = new byte[5];
        BinaryPrimitives.WriteUInt32LittleEndian(header, uint.MaxValue);
        using var stream = new MemoryStream(header);
        await Assert.ThrowsAsync<InvalidDataException>(async () => await FrameStream.ReadAsync(stream, CancellationToken.None));
    }

    [Fact]
    public async Task FrameStream_TruncatedFrame_IsAnEndOfStreamError()
    {
        var frame = new FrameWriter(FrameType.Join).U32(1).String("group").ToArray();
        using var stream = new MemoryStream(frame[..^2]);
        await Assert.ThrowsAsync<EndOfStreamException>(async () => await FrameStream.ReadAsync(stream, CancellationToken.None));
    }

    [Fact]
    public void FrameReader_AnyBytes_NeverThrows()
    {
        Gen.Byte.Array[0, 64].Sample(bytes =>
        {
            var reader = new FrameReader(bytes);
            reader.U32();
            string s = reader.String();
            reader.U8();
            reader.U64();
            _ = reader.Rest();
            return s is not null;
        });
    }

    [Fact]
    public void FrameReader_InvalidUtf8String_Fails()
    {
        var body = new byte[] { 2, 0, 0xC3, 0x28 };
        var reader = new FrameReader(body);
        Assert.Equal("", reader.String());
        Assert.True(reader.Failed);
    }
}
