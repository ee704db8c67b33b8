using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Concord.Client.Protocol;

namespace Concord.Client;

/// <summary>
/// A connection to the local concordd for process groups (like libcpg): join groups, send
/// messages that every member receives in one total order, and read messages and membership
/// changes as an async stream. Sends apply back-pressure: when the ring is saturated,
/// <see cref="SendAsync"/> waits instead of queueing without bound or dropping.
/// </summary>
public sealed class CpgClient : IAsyncDisposable
{
    public const string SocketName = "concord-client.sock";
    private const int EventsBufferMax = 65_536;
    private const int HandshakeTimeoutMs = 10_000;
    private const int WritablePollMicroseconds = 50_000;
    private readonly Socket _socket;
    private readonly FrameBuffer _inbound = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<uint, TaskCompletionSource<(CpgStatus, byte[])>> _pending = new();
    private readonly Channel<CpgEvent> _events = Channel.CreateBounded<CpgEvent>(new BoundedChannelOptions(EventsBufferMax) { SingleReader = true, AllowSynchronousContinuations = true });
    private readonly CancellationTokenSource _closing = new();
    private readonly TaskCompletionSource _readerDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private uint _nextRequest;

    private CpgClient(Socket socket) => _socket = socket;

    /// <summary>This node's id, as the daemon told us when we connected.</summary>
    public uint NodeId { get; private set; }

    /// <summary>Our pid, as the other members see us.</summary>
    public uint Pid { get; } = (uint)Environment.ProcessId;

    /// <summary>The client socket of the daemon whose run directory is <paramref name="runDirectory"/> (default $CONCORD_RUN_DIR or /run/concord).</summary>
    public static string SocketPath(string? runDirectory = null) =>
        Path.Combine(runDirectory ?? (Environment.GetEnvironmentVariable("CONCORD_RUN_DIR") is { Length: > 0 } dir ? dir : "/run/concord"), SocketName);

    public static Task<CpgClient> ConnectAsync(string? runDirectory = null, CancellationToken cancel = default)
    {
        cancel.ThrowIfCancellationRequested();
        // Plain blocking calls: connecting to and greeting a local socket does not wait on the network,
        // and a socket never handed to the async machinery keeps its reads on our own thread (below).
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(SocketPath(runDirectory)));
            var client = new CpgClient(socket);
            client.Handshake();
            return Task.FromResult(client);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private void Handshake()
    {
        _socket.ReceiveTimeout = HandshakeTimeoutMs;
        _socket.Send(new FrameWriter(FrameType.Hello).U16(1).U32(Pid).ToArray());
        if (!_inbound.TryReceive(_socket, out var type, out var body))
            throw new IOException("concordd closed the connection before welcoming us");
        if (type != FrameType.Welcome) throw new CpgException(CpgStatus.BadRequest, ReadError(body));
        NodeId = new FrameReader(body).U32();
        // From here sends must never block a caller's thread: they wait for room asynchronously.
        _socket.Blocking = false;
        new Thread(ReadLoop) { Name = "concord-client-reader", IsBackground = true }.Start();
    }

    private static string ReadError(byte[] body)
    {
        var reader = new FrameReader(body);
        reader.U32();
        reader.U8();
        return reader.String();
    }

    public Task JoinAsync(string group, CancellationToken cancel = default) => RequestAsync(FrameType.Join, group, cancel);

    public Task LeaveAsync(string group, CancellationToken cancel = default) => RequestAsync(FrameType.Leave, group, cancel);

    /// <summary>
    /// Send to every member of <paramref name="group"/> (we must be one). Completes once the daemon
    /// has the message; it waits while the ring pushes back. A refusal (not a member, too large)
    /// arrives later as a <see cref="CpgException"/> from <see cref="ReadEventsAsync"/>.
    /// </summary>
    public ValueTask SendAsync(string group, ReadOnlyMemory<byte> payload, CancellationToken cancel = default)
    {
        uint id = Interlocked.Increment(ref _nextRequest);
        var frame = new FrameWriter(FrameType.Send).U32(id).String(group).Bytes(payload.Span).ToArray();
        return WriteAsync(frame, cancel);
    }

    public async Task<IReadOnlyList<CpgGroup>> ListGroupsAsync(CancellationToken cancel = default)
    {
        var (_, body) = await ExchangeAsync(FrameType.ListGroups, w => { }, cancel);
        var reader = new FrameReader(body);
        int count = reader.U16();
        var groups = new List<CpgGroup>(count);
        for (int i = 0; i < count && !reader.Failed; i++) groups.Add(new CpgGroup(reader.String(), ReadMembers(ref reader)));
        return groups;
    }

    /// <summary>
    /// Messages, membership changes and ring changes, in the order the daemon delivers them. When
    /// your loop is waiting for the next event, it resumes on the connection's reading thread (as
    /// libcpg's callbacks run inside cpg_dispatch): no thread hand-off between the socket and your
    /// code. So await rather than block inside the loop — a blocking wait there (`.Result`,
    /// `Thread.Sleep`) stalls this connection's events and replies until it returns.
    /// </summary>
    public async IAsyncEnumerable<CpgEvent> ReadEventsAsync([EnumeratorCancellation] CancellationToken cancel = default)
    {
        await foreach (var ev in _events.Reader.ReadAllAsync(cancel)) yield return ev;
    }

    private async Task RequestAsync(FrameType type, string group, CancellationToken cancel)
    {
        var (status, body) = await ExchangeAsync(type, w => w.String(group), cancel);
        if (status != CpgStatus.Ok) throw new CpgException(status, $"{type} '{group}' refused: {status} {new FrameReader(body).String()}".TrimEnd());
    }

    private async Task<(CpgStatus, byte[])> ExchangeAsync(FrameType type, Action<FrameWriter> fill, CancellationToken cancel)
    {
        uint id = Interlocked.Increment(ref _nextRequest);
        var done = new TaskCompletionSource<(CpgStatus, byte[])>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = done;
        var writer = new FrameWriter(type).U32(id);
        fill(writer);
        await WriteAsync(writer.ToArray(), cancel);
        using var registration = cancel.Register(() => done.TrySetCanceled(cancel));
        return await done.Task;
    }

    private async ValueTask WriteAsync(byte[] frame, CancellationToken cancel)
    {
        await _writeLock.WaitAsync(cancel);
        try
        {
            int offset = 0;
            while (true)
            {
                offset += SendNow(frame, offset);
                if (offset == frame.Length) return;
                // The daemon is not reading (the ring pushes back): wait for room without holding a thread long.
                await Task.Run(() => _socket.Poll(WritablePollMicroseconds, SelectMode.SelectWrite), cancel);
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Non-blocking: how many bytes from <paramref name="offset"/> the socket took (0 when full).</summary>
    private int SendNow(byte[] frame, int offset)
    {
        int sent = _socket.Send(frame, offset, frame.Length - offset, SocketFlags.None, out var error);
        if (error is SocketError.Success) return sent;
        if (error is SocketError.WouldBlock) return 0;
        throw new IOException($"writing to concordd failed: {error}", new SocketException((int)error));
    }

    /// <summary>
    /// Our own reading thread: the kernel wakes it directly when frames arrive (no event-loop thread
    /// and thread-pool hand-off in between), and it takes every frame the socket holds at once.
    /// </summary>
    private void ReadLoop()
    {
        Exception? failure = null;
        try
        {
            while (true)
            {
                while (_inbound.TryTake(out var type, out var body))
                {
                    if (Dispatch(type, body) is { } ev && !_events.Writer.TryWrite(ev))
                        _events.Writer.WriteAsync(ev, _closing.Token).AsTask().GetAwaiter().GetResult();
                }
                if (_closing.IsCancellationRequested) break;
                if (_inbound.Fill(_socket)) continue;
                if (_inbound.InsideFrame) throw new EndOfStreamException("concordd closed the connection inside a frame");
                break;
            }
        }
        catch (SocketException ex)
        {
            if (!_closing.IsCancellationRequested) failure = new IOException($"reading from concordd failed: {ex.SocketErrorCode}", ex);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or OperationCanceledException or ObjectDisposedException)
        {
            if (!_closing.IsCancellationRequested) failure = ex;
        }
        foreach (var pending in _pending.Values) pending.TrySetException(failure ?? new IOException("connection closed"));
        _events.Writer.TryComplete(failure);
        _readerDone.TrySetResult();
    }

    private CpgEvent? Dispatch(FrameType type, byte[] body)
    {
        var reader = new FrameReader(body);
        switch (type)
        {
            case FrameType.Result or FrameType.Groups:
                uint id = reader.U32();
                var status = type == FrameType.Groups ? CpgStatus.Ok : (CpgStatus)reader.U8();
                if (_pending.TryRemove(id, out var waiter)) waiter.TrySetResult((status, reader.Rest().ToArray()));
                else if (status != CpgStatus.Ok) throw new InvalidDataException(new CpgException(status, $"send refused: {status} {reader.String()}").Message);
                return null;
            case FrameType.Message:
                string group = reader.String();
                var sender = new CpgMember(reader.U32(), reader.U32());
                return reader.Failed ? null : new CpgMessage(group, sender, reader.Rest().ToArray());
            case FrameType.Membership:
                string name = reader.String();
                var members = ReadMembers(ref reader);
                var joined = ReadChanges(ref reader);
                var left = ReadChanges(ref reader);
                return reader.Failed ? null : new CpgMembershipChange(name, members, joined, left);
            case FrameType.Ring:
                string ring = reader.String();
                int count = reader.U16();
                var nodes = new List<uint>(count);
                for (int i = 0; i < count; i++) nodes.Add(reader.U32());
                return reader.Failed ? null : new CpgRingChange(ring, nodes);
            case FrameType.Quorum:
                bool quorate = reader.U8() != 0;
                string quorumRing = reader.String();
                var quorum = new QuorumChange(quorate, quorumRing, reader.U32(), reader.U32(), reader.U32());
                return reader.Failed ? null : quorum;
            default:
                return null;
        }
    }

    internal static List<CpgMember> ReadMembers(ref FrameReader reader)
    {
        int count = reader.U16();
        var members = new List<CpgMember>(count);
        for (int i = 0; i < count && !reader.Failed; i++) members.Add(new CpgMember(reader.U32(), reader.U32()));
        return members;
    }

    private static List<CpgMemberChange> ReadChanges(ref FrameReader reader)
    {
        int count = reader.U16();
        var changes = new List<CpgMemberChange>(count);
        for (int i = 0; i < count && !reader.Failed; i++)
            changes.Add(new CpgMemberChange(new CpgMember(reader.U32(), reader.U32()), (CpgReason)reader.U8()));
        return changes;
    }

    public async ValueTask DisposeAsync()
    {
        _closing.Cancel();
        try { _socket.Shutdown(SocketShutdown.Both); }
        catch (SocketException) { }
        await _readerDone.Task;
        _socket.Dispose();
        _writeLock.Dispose();
        _closing.Dispose();
    }
}
