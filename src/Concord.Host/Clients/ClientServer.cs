using System.Net.Sockets;
using Concord.Client.Protocol;
using Concord.Host.Admin;
using Concord.Host.Logging;
using Microsoft.Extensions.Logging;

namespace Concord.Host.Clients;

/// <summary>What the client socket needs from the process-group service (all called on the loop).</summary>
internal interface IClientHandler
{
    uint NodeId { get; }

    void Connected(ClientConnection connection);

    /// <summary>Handle one request; null means "the ring pushes back, ask again shortly".</summary>
    byte[]? Handle(ClientConnection connection, FrameType type, byte[] body);

    void Disconnected(ClientConnection connection);
}

/// <summary>
/// The client socket (`$CONCORD_RUN_DIR/concord-client.sock`): framed binary protocol
/// (docs/protocols/client.md), peer credentials checked like the admin socket.
/// </summary>
internal sealed class ClientServer : IDisposable
{
    private const int PushBackRetryMs = 1;
    private const int BatchFramesMax = 256;
    private readonly string _path;
    private readonly Loop.EventLoop _loop;
    private readonly IClientHandler _handler;
    private readonly ILogger _logger;
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private long _nextConnection;

    public ClientServer(string path, Loop.EventLoop loop, IClientHandler handler, ILogger logger)
    {
        _path = path;
        _loop = loop;
        _handler = handler;
        _logger = logger;
        if (File.Exists(path)) File.Delete(path);
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(path));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite);
        _listener.Listen(128);
    }

    /// <summary>Users and groups granted by `uidgid` sections, besides root and haclient (replaced on reload).</summary>
    public HashSet<uint> ExtraUids { get; set; } = [];

    public HashSet<uint> ExtraGids { get; set; } = [];

    public void Start() => _ = AcceptLoopAsync();

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var socket = await _listener.AcceptAsync(_stop.Token);
                _ = ServeAsync(socket);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
            }
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        using var owned = socket;
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        if (!PeerCredentials.TryGet(socket, out int pid, out uint uid, out uint gid)
            || !(PeerCredentials.IsAllowed(uid, gid) || ExtraUids.Contains(uid) || ExtraGids.Contains(gid)))
        {
            _logger.AdminRefused(uid, gid);
            await stream.WriteAsync(ClientConnection.Result(0, 6, "permission denied: root or the haclient group only"));
            return;
        }
        ClientConnection? connection = null;
        Task? writer = null;
        try
        {
            var hello = await FrameStream.ReadAsync(stream, _stop.Token);
            if (hello is not { Type: FrameType.Hello }) return;
            connection = new ClientConnection(socket, (ulong)Interlocked.Increment(ref _nextConnection), (uint)pid, uid);
            var welcome = new FrameWriter(FrameType.Welcome).U32(_handler.NodeId).ToArray();
            await stream.WriteAsync(welcome, _stop.Token);
            writer = connection.WriteLoopAsync(stream, _stop.Token);
            var registered = connection;
            await _loop.InvokeAsync(() => { _handler.Connected(registered); return true; });
            var batch = new List<(FrameType Type, byte[] Body)>();
            while (await FrameStream.ReadAsync(stream, _stop.Token) is { } frame)
            {
                // Frames already waiting in the socket go to the loop together: one hop, not one per message.
                batch.Add(frame);
                while (batch.Count < BatchFramesMax && socket.Available > 0 && await FrameStream.ReadAsync(stream, _stop.Token) is { } more)
                    batch.Add(more);
                int done = 0;
                while (done < batch.Count)
                {
                    var current = connection;
                    int start = done;
                    done = await _loop.InvokeAsync(() => HandleBatch(current, batch, start));
                    if (done < batch.Count) await Task.Delay(PushBackRetryMs, _stop.Token);
                }
                batch.Clear();
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away or spoke nonsense: it is removed from its groups below.
        }
        finally
        {
            if (connection is not null)
            {
                var gone = connection;
                connection.Complete();
                _loop.Post(() => _handler.Disconnected(gone));
                if (writer is not null) await writer;
            }
        }
    }

    /// <summary>Loop thread: handle frames in order from <paramref name="start"/>; returns how far it got (stops at push-back).</summary>
    private int HandleBatch(ClientConnection connection, List<(FrameType Type, byte[] Body)> batch, int start)
    {
        for (int i = start; i < batch.Count; i++)
        {
            var reply = _handler.Handle(connection, batch[i].Type, batch[i].Body);
            if (reply is null) return i;
            if (reply.Length > 0) connection.Enqueue(reply);
        }
        return batch.Count;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Dispose();
        try { File.Delete(_path); }
        catch (IOException) { }
    }
}
