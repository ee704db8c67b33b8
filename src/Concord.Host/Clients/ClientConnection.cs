using System.Net.Sockets;
using System.Threading.Channels;
using Concord.Client.Protocol;

namespace Concord.Host.Clients;

/// <summary>
/// One local client process on the client socket. Frames it sends are handled one at a time (so a
/// send held back by the ring stops us reading: back-pressure reaches the client's socket). Frames
/// for it go through a bounded queue and a writer task; a client that stops reading is cut off
/// rather than allowed to grow the daemon's memory.
/// </summary>
internal sealed class ClientConnection(Socket socket, ulong id, uint pid, uint uid)
{
    /// <summary>Bytes queued for a client that is not reading before it is cut off.</summary>
    public const long OutboundBytesMax = 256L << 20;
    private readonly Channel<byte[]> _outbound = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
    private long _queuedBytes;

    public ulong Id { get; } = id;

    public uint Pid { get; } = pid;

    public uint Uid { get; } = uid;

    public Socket Socket { get; } = socket;

    public bool Overflowed { get; private set; }

    /// <summary>Any thread: queue a frame; false (and the connection is doomed) if the client is not keeping up.</summary>
    public bool Enqueue(byte[] frame)
    {
        if (Interlocked.Add(ref _queuedBytes, frame.Length) <= OutboundBytesMax && _outbound.Writer.TryWrite(frame)) return true;
        Overflowed = true;
        _outbound.Writer.TryComplete();
        try { Socket.Shutdown(SocketShutdown.Both); }
        catch (SocketException) { }
        return false;
    }

    public void Complete() => _outbound.Writer.TryComplete();

    public async Task WriteLoopAsync(NetworkStream stream, CancellationToken cancel)
    {
        try
        {
            var buffer = new MemoryStream();
            while (await _outbound.Reader.WaitToReadAsync(cancel))
            {
                // Coalesce what is queued into one write: one syscall for many small frames.
                buffer.SetLength(0);
                while (buffer.Length < 256 * 1024 && _outbound.Reader.TryRead(out var frame))
                {
                    buffer.Write(frame);
                    Interlocked.Add(ref _queuedBytes, -frame.Length);
                }
                await stream.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancel);
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    public static byte[] Result(uint request, byte status, string message = "") =>
        new FrameWriter(FrameType.Result).U32(request).U8(status).String(message).ToArray();
}
