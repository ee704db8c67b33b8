using System.Collections.Concurrent;
using System.Net.Sockets;
using Concord.Client.Protocol;

namespace Concord.Host.Clients;

/// <summary>
/// One local client process on the client socket.
///
/// In: its reading thread queues whole frames here and the loop takes them one at a time; when the
/// loop stops taking (the ring pushes back) the queue fills and the reader stops reading, so the
/// back-pressure reaches the client's socket.
///
/// Out: the loop queues frames with <see cref="Enqueue"/> and writes them all with one non-blocking
/// send after each batch (<see cref="Flush"/>); only what the socket cannot take at once goes to a
/// writer thread. An idle client therefore gets its delivery with no thread hand-off at all. A
/// client that stops reading is cut off rather than allowed to grow the daemon's memory.
/// </summary>
internal sealed class ClientConnection(Socket socket, ulong id, uint pid, uint uid, Action<ClientConnection> onFirstPending)
{
    /// <summary>Bytes queued for a client that is not reading before it is cut off.</summary>
    public const long OutboundBytesMax = 256L << 20;

    /// <summary>Bytes read from a client but not yet taken by the loop before the reader waits.</summary>
    public const long InboundBytesMax = 2L << 20;

    private readonly ConcurrentQueue<(FrameType Type, byte[] Body)> _inbound = new();
    private readonly object _inboundGate = new();
    private long _inboundBytes;
    private int _inboundCount;

    private readonly object _outboundGate = new();
    private List<byte[]> _outbound = [];
    private long _outboundBytes;
    private bool _flushPending;
    private bool _writerBusy;
    private bool _closed;
    private Thread? _writer;
    private readonly SemaphoreSlim _writerWake = new(0);

    public ulong Id { get; } = id;

    public uint Pid { get; } = pid;

    public uint Uid { get; } = uid;

    public Socket Socket { get; } = socket;

    /// <summary>Loop thread: the reader has seen the end of the stream (handle what is queued, then forget the client).</summary>
    public bool ReaderDone { get; set; }

    /// <summary>Loop thread: the service has been told the client is gone.</summary>
    public bool Disconnected { get; set; }

    // ---- in ----

    /// <summary>Reader thread: queue a frame; true if the queue was empty (the loop must be told).</summary>
    public bool AddInbound(FrameType type, byte[] body)
    {
        _inbound.Enqueue((type, body));
        Interlocked.Add(ref _inboundBytes, body.Length + FrameBuffer.HeaderBytes);
        return Interlocked.Increment(ref _inboundCount) == 1;
    }

    /// <summary>Reader thread: wait while the loop is behind by more than <see cref="InboundBytesMax"/>.</summary>
    public void WaitForInboundRoom()
    {
        lock (_inboundGate)
        {
            while (Volatile.Read(ref _inboundBytes) > InboundBytesMax && !Volatile.Read(ref _closed)) Monitor.Wait(_inboundGate);
        }
    }

    /// <summary>Loop thread: the oldest frame not yet handled.</summary>
    public bool TryPeekInbound(out (FrameType Type, byte[] Body) frame) => _inbound.TryPeek(out frame);

    /// <summary>Loop thread: the frame from <see cref="TryPeekInbound"/> is handled.</summary>
    public void RemoveInbound()
    {
        if (!_inbound.TryDequeue(out var frame)) return;
        int size = frame.Body.Length + FrameBuffer.HeaderBytes;
        long after = Interlocked.Add(ref _inboundBytes, -size);
        Interlocked.Decrement(ref _inboundCount);
        if (after + size > InboundBytesMax && after <= InboundBytesMax) WakeReader();
    }

    private void WakeReader()
    {
        lock (_inboundGate) Monitor.PulseAll(_inboundGate);
    }

    // ---- out ----

    /// <summary>Loop thread: queue a frame for the next flush; false (and the connection is doomed) if the client is not keeping up.</summary>
    public bool Enqueue(byte[] frame)
    {
        bool announce;
        lock (_outboundGate)
        {
            if (_closed) return false;
            _outboundBytes += frame.Length;
            if (_outboundBytes > OutboundBytesMax)
            {
                CloseLocked();
                return false;
            }
            _outbound.Add(frame);
            // A busy writer takes new frames itself when it finishes its batch.
            announce = !_flushPending && !_writerBusy;
            if (announce) _flushPending = true;
        }
        if (announce) onFirstPending(this);
        return true;
    }

    /// <summary>Loop thread: write what is queued with one non-blocking send; hand any rest to the writer thread.</summary>
    public void Flush()
    {
        List<byte[]> batch;
        lock (_outboundGate)
        {
            _flushPending = false;
            if (_closed || _writerBusy || _outbound.Count == 0) return;
            batch = _outbound;
            _outbound = [];
        }
        byte[] data = Concat(batch);
        int sent = SendNow(data);
        lock (_outboundGate)
        {
            _outboundBytes -= sent;
            if (sent == data.Length || _closed) return;
            _outbound.Insert(0, sent == 0 ? data : data[sent..]);
            _writerBusy = true;
        }
        StartWriterIfNeeded();
        _writerWake.Release();
    }

    /// <summary>Reader thread or shutdown: no more output; wakes everything that waits on this client.</summary>
    public void Close()
    {
        lock (_outboundGate) CloseLocked();
        WakeReader();
    }

    private void CloseLocked()
    {
        if (_closed) return;
        _closed = true;
        _outbound.Clear();
        try { Socket.Shutdown(SocketShutdown.Both); }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException) { }
        _writerWake.Release();
    }

    /// <summary>Non-blocking: as many bytes from <paramref name="offset"/> on as the socket takes now (0 when it is full or gone).</summary>
    private int SendNow(byte[] data, int offset = 0)
    {
        int sent = 0;
        while (offset + sent < data.Length)
        {
            int n;
            try
            {
                n = Socket.Send(data, offset + sent, data.Length - offset - sent, SocketFlags.None, out var error);
                if (error != SocketError.Success) break;
            }
            catch (ObjectDisposedException)
            {
                break;
            }
            if (n <= 0) break;
            sent += n;
        }
        return sent;
    }

    private void StartWriterIfNeeded()
    {
        if (_writer is not null) return;
        _writer = new Thread(WriteLoop) { Name = $"concord-client{Id}-out", IsBackground = true };
        _writer.Start();
    }

    /// <summary>Writer thread: drain what the socket could not take at once, waiting for it to become writable.</summary>
    private void WriteLoop()
    {
        while (true)
        {
            _writerWake.Wait();
            while (true)
            {
                List<byte[]> batch;
                lock (_outboundGate)
                {
                    if (_closed) return;
                    if (_outbound.Count == 0)
                    {
                        _writerBusy = false;
                        break;
                    }
                    batch = _outbound;
                    _outbound = [];
                }
                byte[] data = Concat(batch);
                int offset = 0;
                while (offset < data.Length)
                {
                    int n = SendNow(data, offset);
                    offset += n;
                    lock (_outboundGate)
                    {
                        _outboundBytes -= n;
                        if (_closed) return;
                    }
                    if (offset < data.Length && !WaitWritable()) return;
                }
            }
        }
    }

    private bool WaitWritable()
    {
        try
        {
            Socket.Poll(TimeSpan.FromSeconds(1), SelectMode.SelectWrite);
            return true;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            return false;
        }
    }

    private static byte[] Concat(List<byte[]> frames)
    {
        if (frames.Count == 1) return frames[0];
        int total = 0;
        foreach (var frame in frames) total += frame.Length;
        var data = new byte[total];
        int offset = 0;
        foreach (var frame in frames)
        {
            frame.CopyTo(data, offset);
            offset += frame.Length;
        }
        return data;
    }

    public static byte[] Result(uint request, byte status, string message = "") =>
        new FrameWriter(FrameType.Result).U32(request).U8(status).String(message).ToArray();
}
