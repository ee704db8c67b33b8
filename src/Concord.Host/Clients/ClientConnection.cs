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
    public const int OutboundFramesMax = 65_536;
    private readonly Channel<byte[]> _outbound = Channel.CreateBounded<byte[]>(
        new BoundedChannelOptions(OutboundFramesMax) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    public ulong Id { get; } = id;

    public uint Pid { get; } = pid;

    public uint Uid { get; } = uid;

    public Socket Socket { get; } = socket;

    public bool Overflowed { get; private set; }

    /// <summary>Any thread: queue a frame; false (and the connection is doomed) if the client is not keeping up.</summary>
    public bool Enqueue(byte[] frame)
    {
        if (_outbound.Writer.TryWrite(frame)) return true;
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
            await foreach (var frame in _outbound.Reader.ReadAllAsync(cancel))
            {
                await stream.WriteAsync(frame, cancel);
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    public static byte[] Result(uint request, byte status, string message = "") =>
        new FrameWriter(FrameType.Result).U32(request).U8(status).String(message).ToArray();
}
