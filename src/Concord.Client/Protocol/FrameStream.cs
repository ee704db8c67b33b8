using System.Buffers.Binary;

namespace Concord.Client.Protocol;

/// <summary>Reads whole frames from a stream: the type and the body, or null at a clean end.</summary>
internal static class FrameStream
{
    /// <summary>Upper bound on one frame: a 1 MiB message plus its envelope.</summary>
    public const int FrameBytesMax = (1 << 20) + 4096;

    public static async ValueTask<(FrameType Type, byte[] Body)?> ReadAsync(Stream stream, CancellationToken cancel)
    {
        var header = new byte[5];
        if (!await ReadExactlyOrEndAsync(stream, header, cancel)) return null;
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(header);
        if (length < 1 || length > FrameBytesMax) throw new InvalidDataException($"frame of {length} bytes is outside 1..{FrameBytesMax}");
        var body = new byte[length - 1];
        if (body.Length > 0 && !await ReadExactlyOrEndAsync(stream, body, cancel)) throw new EndOfStreamException("connection closed inside a frame");
        return ((FrameType)header[4], body);
    }

    private static async ValueTask<bool> ReadExactlyOrEndAsync(Stream stream, byte[] buffer, CancellationToken cancel)
    {
        int read = 0;
        while (read < buffer.Length)
        {
            int n = await stream.ReadAsync(buffer.AsMemory(read), cancel);
            if (n == 0)
            {
                if (read == 0) return false;
                throw new EndOfStreamException("connection closed inside a frame");
            }
            read += n;
        }
        return true;
    }
}
