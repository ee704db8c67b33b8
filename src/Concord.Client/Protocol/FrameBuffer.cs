using System.Buffers.Binary;
using System.Net.Sockets;

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

    /// <summary>Length (4) and type (1) in front of every frame body.</summary>
    public const int HeaderBytes = 5;
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

    /// <summary>
    /// Receive once from <paramref name="socket"/> (a non-blocking one is first waited on with
    /// `poll`, on this thread); false at the end of the stream. Errors, including a blocking
    /// socket's receive timeout, are <see cref="SocketException"/>s.
    /// </summary>
    public bool Fill(Socket socket)
    {
        while (true)
        {
            if (!socket.Blocking && !socket.Poll(-1, SelectMode.SelectRead)) continue;
            int n = socket.Receive(FreeSpace().Span, SocketFlags.None, out var error);
            if (error == SocketError.WouldBlock) continue;
            if (error != SocketError.Success) throw new SocketException((int)error);
            if (n == 0) return false;
            Commit(n);
            return true;
        }
    }

    /// <summary>The next whole frame, receiving as needed; false if the stream ends first.</summary>
    public bool TryReceive(Socket socket, out FrameType type, out byte[] body)
    {
        while (!TryTake(out type, out body))
        {
            if (!Fill(socket)) return false;
        }
        return true;
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
        if (buffered < HeaderBytes) return false;
        int total = PendingFrameBytes();
        if (buffered < total) return false;
        type = (FrameType)_data[_start + 4];
        body = _data.AsSpan(_start + HeaderBytes, total - HeaderBytes).ToArray();
        _start += total;
        if (_start == _end) _start = _end = 0;
        return true;
    }

    /// <summary>Bytes of the frame at the front (header included), or the header's while it is incomplete.</summary>
    private int PendingFrameBytes()
    {
        if (_end - _start < HeaderBytes) return HeaderBytes;
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(_data.AsSpan(_start));
        if (length < 1 || length > FrameBytesMax)
            throw new InvalidDataException($"frame of {length} bytes is outside 1..{FrameBytesMax}");
        return (int)length + 4;
    }
}
