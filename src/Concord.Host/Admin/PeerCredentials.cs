using System.Buffers.Binary;
using System.Net.Sockets;

namespace Concord.Host.Admin;

/// <summary>
/// Who is on the other end of a Unix socket (SO_PEERCRED), and whether they may administer the
/// cluster: root, or a member of the haclient group (as Pacemaker's IPC allows).
/// </summary>
internal static class PeerCredentials
{
    private const int SolSocket = 1;
    private const int SoPeerCred = 17;
    public const string AdminGroup = "haclient";

    public static bool TryGet(Socket socket, out int pid, out uint uid, out uint gid)
    {
        pid = 0;
        uid = gid = uint.MaxValue;
        var buffer = new byte[12];
        try
        {
            if (socket.GetRawSocketOption(SolSocket, SoPeerCred, buffer) != 12) return false;
        }
        catch (SocketException)
        {
            return false;
        }
        pid = BinaryPrimitives.ReadInt32LittleEndian(buffer);
        uid = BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(4));
        gid = BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(8));
        return true;
    }

    public static bool IsAllowed(uint uid, uint gid, string groupFile = "/etc/group", string passwdFile = "/etc/passwd")
    {
        if (uid == 0) return true;
        var group = ReadGroup(groupFile, AdminGroup);
        if (group is null) return false;
        if (gid == group.Value.Gid) return true;
        string? user = UserName(passwdFile, uid);
        return user is not null && group.Value.Members.Contains(user);
    }

    private static (uint Gid, string[] Members)? ReadGroup(string path, string name)
    {
        foreach (var line in SafeLines(path))
        {
            var fields = line.Split(':');
            if (fields.Length >= 4 && fields[0] == name && uint.TryParse(fields[2], out uint gid))
                return (gid, fields[3].Split(',', StringSplitOptions.RemoveEmptyEntries));
        }
        return null;
    }

    private static string? UserName(string path, uint uid)
    {
        foreach (var line in SafeLines(path))
        {
            var fields = line.Split(':');
            if (fields.Length >= 3 && uint.TryParse(fields[2], out uint id) && id == uid) return fields[0];
        }
        return null;
    }

    private static IEnumerable<string> SafeLines(string path)
    {
        try
        {
            return File.ReadAllLines(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
