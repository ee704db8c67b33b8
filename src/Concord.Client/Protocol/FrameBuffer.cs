using System.Buffers.Binary;

namespace Concord.Client.Protocol;

/// <summary>
/// Bytes read from a stream socket, cut into whole frames. Lets one plain `Receive` take as many
/// frames as the socket holds, so a reading thread makes one system call per wake-up instead of
/// two per frame.
/// </summary>
internal sealed class FrameBuffer
{
    /// <summary>Upper bound on one frame: a 1 MiB message plus its envelope.</summary>
    public const int FrameBytesMax = (1 << 20) + 4096;
    private const int ReadChunkMin = 16 * 1024;
    private byte[] _data = new byte[64 * 1024];
    private int _start;
    private int _end;

    /// <summary>Room to receive into (at least 16 KiB, or what the frame being read still needs).</summary>
    public Memory<byte> FreeSpace()
    {
        int buffered = _end - _start;
        int need = Math.Max(ReadChunkMin, PendingFrameBytes() - buffered);
        if (_data.Length - _end < need)
        {
            var target = buffered + need > _data.Length ? new byte[Math.Max(_data.Length * 2, buffered + need)] : _data;
            Buffer.BlockCopy(_data, _start, target, 0, buffered);
            _data = target;
            _start = 0;
            _end = buffered;
        }
        return _data.AsMemory(_end);
    }

    /// <summary>Record that <paramref name="bytes"/> were received into <see cref="FreeSpace"/>.</summary>
    public void Commit(int bytes) => _end += bytes;

    /// <summary>True while a frame has been started but not finished (an end of stream here is an error).</summary>
    public bool InsideFrame => _end > _start;

    /// <summary>The next whole frame, if one is buffered; a length outside the protocol's bounds is an error.</summary>
    public bool TryTake(out FrameType type, out byte[] body)
    {
        type = default;
        body = [];
        int buffered = _end - _start;
        if (buffered < 5) return false;
        int total = PendingFrameBytes();
        if (buffered < total) return false;
        type = (FrameType)_data[_start + 4];
        body = _data.AsSpan(_start + 5, total - 5).ToArray();
        _start += total;
        if (_start == _end) _start = _end = 0;
        return true;
    }

    /// <summary>Bytes of the frame at the front (header included), or 5 while its header is incomplete.</summary>
    private int PendingFrameBytes()
    {
        if (_end - _start < 5) return 5;
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(_data.AsSpan(_start));
        if (length < 1 || length > FrameBytesMax)
            throw new InvalidDataException($"frame of {length} bytes is outside 1..{FrameBytesMax}");
        return (int)length + 4;
    }
}
