using System.Net.Sockets;
using System.Text;

namespace Concord.Host;

/// <summary>
/// sd_notify(3) for Type=notify units: a datagram to $NOTIFY_SOCKET. A dozen lines, so no
/// dependency on the generic host just for this (keeps the daemon small and AOT-friendly).
/// </summary>
internal static class SystemdNotify
{
    public static void Send(string state)
    {
        string? path = Environment.GetEnvironmentVariable("NOTIFY_SOCKET");
        if (string.IsNullOrEmpty(path)) return;
        if (path[0] == '@') path = "\0" + path[1..]; // abstract namespace
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            socket.Connect(new UnixDomainSocketEndPoint(path));
            socket.Send(Encoding.UTF8.GetBytes(state));
        }
        catch (SocketException)
        {
            // Not fatal: systemd will time the start out and say so.
        }
    }
}
