using System.Net.Sockets;
using Concord.Client.Protocol;
using Concord.Host.Admin;
using Concord.Host.Logging;
using Concord.Host.Loop;
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
    private const int HelloTimeoutMs = 10_000;
    private readonly string _path;
    private readonly EventLoop _loop;
    private readonly IClientHandler _handler;
    private readonly ILogger _logger;
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<ulong, ClientConnection> _connections = new();
    private readonly List<ClientConnection> _toFlush = [];
    private long _nextConnection;

    public ClientServer(string path, EventLoop loop, IClientHandler handler, ILogger logger)
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
        _loop.AfterEachBatch(FlushClients);
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
                new Thread(() => Serve(socket)) { Name = "concord-client-in", IsBackground = true }.Start();
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

    /// <summary>A connection's own thread: credentials, hello, then reading frames until the client goes.</summary>
    private void Serve(Socket socket)
    {
        ClientConnection? connection = null;
        try
        {
            if (!PeerCredentials.TryGet(socket, out int pid, out uint uid, out uint gid)
                || !(PeerCredentials.IsAllowed(uid, gid) || ExtraUids.Contains(uid) || ExtraGids.Contains(gid)))
            {
                _logger.AdminRefused(uid, gid);
                socket.Send(ClientConnection.Result(0, 6, "permission denied: root or the haclient group only"));
                return;
            }
            var buffer = new FrameBuffer();
            socket.ReceiveTimeout = HelloTimeoutMs;
            if (!buffer.TryReceive(socket, out var helloType, out _) || helloType != FrameType.Hello) return;
            connection = new ClientConnection(socket, (ulong)Interlocked.Increment(ref _nextConnection), (uint)pid, uid, _toFlush.Add);
            _connections[connection.Id] = connection;
            socket.Send(new FrameWriter(FrameType.Welcome).U32(_handler.NodeId).ToArray());
            // From here the loop writes to this socket itself, so it must never block.
            socket.Blocking = false;
            var registered = connection;
            _loop.Post(() => _handler.Connected(registered));
            ReadFrames(connection, buffer);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or SocketException or ObjectDisposedException)
        {
            // The client went away or spoke nonsense: it is removed from its groups below.
        }
        finally
        {
            if (connection is null) socket.Dispose();
            else
            {
                var gone = connection;
                gone.Close();
                _loop.Post(() =>
                {
                    gone.ReaderDone = true;
                    Pump(gone);
                });
            }
        }
    }

    /// <summary>
    /// Queue every whole frame the socket holds for the loop, waiting while the loop is far behind.
    /// One wake-up of this thread per burst from the client: nothing else sits between the socket and the loop.
    /// </summary>
    private void ReadFrames(ClientConnection connection, FrameBuffer buffer)
    {
        while (true)
        {
            bool tellLoop = false;
            while (buffer.TryTake(out var type, out var body)) tellLoop |= connection.AddInbound(type, body);
            if (tellLoop) _loop.RunOrPost(() => Pump(connection));
            connection.WaitForInboundRoom();
            if (!buffer.Fill(connection.Socket)) return;
        }
    }

    /// <summary>Loop thread: handle the client's frames in order until the ring pushes back (then retry shortly).</summary>
    private void Pump(ClientConnection connection)
    {
        if (connection.Disconnected) return;
        while (connection.TryPeekInbound(out var frame))
        {
            var reply = _handler.Handle(connection, frame.Type, frame.Body);
            if (reply is null)
            {
                _loop.Arm(connection, EventLoop.NowMs + PushBackRetryMs, () => Pump(connection));
                return;
            }
            connection.RemoveInbound();
            if (reply.Length > 0) connection.Enqueue(reply);
        }
        if (!connection.ReaderDone) return;
        // Everything it sent before going is handled: now it leaves its groups.
        connection.Disconnected = true;
        _connections.TryRemove(connection.Id, out _);
        _handler.Disconnected(connection);
        connection.Socket.Dispose();
    }

    /// <summary>Loop thread, after each batch: one write per client for everything the batch produced.</summary>
    private void FlushClients()
    {
        foreach (var connection in _toFlush) connection.Flush();
        _toFlush.Clear();
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Dispose();
        foreach (var connection in _connections.Values) connection.Close();
        try { File.Delete(_path); }
        catch (IOException) { }
    }
}
