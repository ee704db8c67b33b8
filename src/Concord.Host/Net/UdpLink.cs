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

    public UdpLink(byte number, IPEndPoint local, Action<byte, IPEndPoint, byte[]> onReceive, int packetBytesMax)
    {
        PacketBytesMax = packetBytesMax;
        Number = number;
        Local = local;
        _onReceive = onReceive;
        _socket = new Socket(local.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        SetBuffers(_socket, 4 << 20);
        _socket.Bind(local);
        Segmentation = TryEnableSegmentation(_socket, packetBytesMax);
        _receiver = new Thread(ReceiveLoop) { Name = $"concord-link{number}", IsBackground = true };
    }

    /// <summary>
    /// Room for a token visit's burst (up to max_messages datagrams of 64 KiB, in fragments). The
    /// plain options are capped by net.core.rmem_max/wmem_max (about 200 KiB by default); as root
    /// the FORCE variants are not, as corosync/knet do.
    /// </summary>
    private static void SetBuffers(Socket socket, int bytes)
    {
        const int SolSocket = 1, SoSndBufForce = 32, SoRcvBufForce = 33;
        socket.ReceiveBufferSize = bytes;
        socket.SendBufferSize = bytes;
        if (!OperatingSystem.IsLinux()) return;
        var value = BitConverter.GetBytes(bytes);
        try
        {
            socket.SetRawSocketOption(SolSocket, SoRcvBufForce, value);
            socket.SetRawSocketOption(SolSocket, SoSndBufForce, value);
        }
        catch (SocketException)
        {
            // Not root (no CAP_NET_ADMIN): the capped sizes above stay.
        }
    }

    /// <summary>Linux UDP_SEGMENT: sends longer than one packet are cut by the kernel into packets of PacketBytesMax.</summary>
    private static bool TryEnableSegmentation(Socket socket, int packetBytesMax)
    {
        const int SolUdp = 17, UdpSegment = 103;
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            socket.SetRawSocketOption(SolUdp, UdpSegment, BitConverter.GetBytes(packetBytesMax));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>The kernel's limit on segments per send (UDP_MAX_SEGMENTS).</summary>
    private const int SegmentsPerSendMax = 64;

    public int PacketBytesMax { get; }

    public bool Segmentation { get; }

    public byte Number { get; }

    public IPEndPoint Local { get; }

    public long SendErrors;

    public void Start() => _receiver.Start();

    /// <summary>Send <paramref name="count"/> packets laid end to end in <paramref name="wire"/> (see LinkFragments.Split).</summary>
    public void Send(byte[] wire, int count, IPEndPoint destination)
    {
        if (count == 1 || (Segmentation && count <= SegmentsPerSendMax))
        {
            Send(wire, destination);
            return;
        }
        for (int i = 0; i < count; i++)
        {
            int start = i * PacketBytesMax;
            Send(wire.AsSpan(start, Math.Min(PacketBytesMax, wire.Length - start)), destination);
        }
    }

    public void Send(ReadOnlySpan<byte> datagram, IPEndPoint destination)
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
