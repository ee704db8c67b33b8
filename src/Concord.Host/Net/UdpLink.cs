using System.Net;
using System.Net.Sockets;

namespace Concord.Host.Net;

/// <summary>One UDP socket for one link (ringN_addr), with a receive thread. Unicast only.</summary>
internal sealed class UdpLink : IDisposable
{
    private const int DatagramBytesMax = 65_536;
    private readonly Socket _socket;
    private readonly Thread _receiver;
    private readonly Action<byte, IPEndPoint, byte[]> _onReceive;
    private volatile bool _closed;

    public UdpLink(byte number, IPEndPoint local, Action<byte, IPEndPoint, byte[]> onReceive)
    {
        Number = number;
        Local = local;
        _onReceive = onReceive;
        _socket = new Socket(local.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        _socket.ReceiveBufferSize = 4 << 20;
        _socket.SendBufferSize = 4 << 20;
        _socket.Bind(local);
        _receiver = new Thread(ReceiveLoop) { Name = $"concord-link{number}", IsBackground = true };
    }

    public byte Number { get; }

    public IPEndPoint Local { get; }

    public long SendErrors;

    public void Start() => _receiver.Start();

    public void Send(byte[] datagram, IPEndPoint destination)
    {
        try
        {
            _socket.SendTo(datagram, SocketFlags.None, destination);
        }
        catch (SocketException)
        {
            // Unreachable peers (ICMP errors, no route) are link health's business, not an error.
            Interlocked.Increment(ref SendErrors);
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private void ReceiveLoop()
    {
        Realtime.ElevateCurrentThread();
        var buffer = new byte[DatagramBytesMax];
        EndPoint any = new IPEndPoint(Local.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!_closed)
        {
            try
            {
                EndPoint from = any;
                int length = _socket.ReceiveFrom(buffer, ref from);
                _onReceive(Number, (IPEndPoint)from, buffer.AsSpan(0, length).ToArray());
            }
            catch (SocketException) when (!_closed)
            {
                // ICMP port unreachable from a peer that is down surfaces here on Linux; keep going.
            }
            catch (Exception) when (_closed)
            {
                return;
            }
        }
    }

    public void Dispose()
    {
        _closed = true;
        _socket.Dispose();
    }
}
