using System.Buffers.Binary;
using Concord.Client.Protocol;
using CsCheck;

namespace Concord.Client.Tests;

[Trait("Category", "Unit")]
public sealed class FrameTests
{
    /// <summary>Feeds <paramref name="bytes"/> as reads of at most <paramref name="chunk"/> (and never more than the free space) and collects the frames cut out.</summary>
    private static List<(FrameType Type, byte[] Body)> Feed(FrameBuffer buffer, byte[] bytes, int chunk)
    {
        var frames = new List<(FrameType, byte[])>();
        for (int offset = 0; offset < bytes.Length;)
        {
            var free = buffer.FreeSpace().Span;
            int read = Math.Min(Math.Min(chunk, free.Length), bytes.Length - offset);
            bytes.AsSpan(offset, read).CopyTo(free);
            buffer.Commit(read);
            offset += read;
            while (buffer.TryTake(out var type, out var body)) frames.Add((type, body));
        }
        return frames;
    }

    [Fact]
    public void FrameWriter_RoundTripThroughBuffer_FieldsSurvive()
    {
        var frame = new FrameWriter(FrameType.Message).String("gröup").U32(7).U32(4242).Bytes([1, 2, 3]).ToArray();
        var buffer = new FrameBuffer();
        var frames = Feed(buffer, frame, frame.Length);
        var (type, body) = Assert.Single(frames);
        Assert.Equal(FrameType.Message, type);
        var reader = new FrameReader(body);
        Assert.Equal("gröup", reader.String());
        Assert.Equal(7u, reader.U32());
        Assert.Equal(4242u, reader.U32());
        Assert.Equal(new byte[] { 1, 2, 3 }, reader.Rest().ToArray());
        Assert.False(reader.Failed);
        Assert.False(buffer.InsideFrame);
    }

    [Fact]
    public void FrameBuffer_AnySplitOfManyFrames_YieldsThemInOrder()
    {
        // Frames of 0 B to 200 KiB, cut into reads of any size: every frame comes out whole and in order.
        Gen.Select(Gen.Int[0, 200_000].Array[1, 8], Gen.Int[1, 70_000]).Sample((sizes, chunk) =>
        {
            var stream = new MemoryStream();
            for (int i = 0; i < sizes.Length; i++)
                stream.Write(new FrameWriter(FrameType.Message).U32((uint)i).Bytes(new byte[sizes[i]]).ToArray());
            var frames = Feed(new FrameBuffer(), stream.ToArray(), chunk);
            return frames.Count == sizes.Length
                   && frames.Select((f, i) => new FrameReader(f.Body).U32() == (uint)i && f.Body.Length == sizes[i] + 4).All(ok => ok);
        }, iter: 200);
    }

    [Fact]
    public void FrameBuffer_OversizedLength_IsRejectedNotAllocated()
    {
        var header = new byte[5];
        BinaryPrimitives.WriteUInt32LittleEndian(header, uint.MaxValue);
        Assert.Throws<InvalidDataException>(() => Feed(new FrameBuffer(), header, header.Length));
    }

    [Fact]
    public void FrameBuffer_TruncatedFrame_StaysInsideFrame()
    {
        var frame = new FrameWriter(FrameType.Join).U32(1).String("group").ToArray();
        var buffer = new FrameBuffer();
        Assert.Empty(Feed(buffer, frame[..^2], 3));
        Assert.True(buffer.InsideFrame);
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
