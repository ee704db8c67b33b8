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

    /// <summary>
    /// The extra users and groups that `uidgid { uid: … gid: … }` sections grant client access
    /// (as corosync's uidgid), by number or name.
    /// </summary>
    public static (HashSet<uint> Uids, HashSet<uint> Gids) ExtraGrants(IEnumerable<(string? Uid, string? Gid)> grants,
        string groupFile = "/etc/group", string passwdFile = "/etc/passwd")
    {
        var uids = new HashSet<uint>();
        var gids = new HashSet<uint>();
        foreach (var (uid, gid) in grants)
        {
            if (Resolve(uid, passwdFile) is uint u) uids.Add(u);
            if (Resolve(gid, groupFile) is uint g) gids.Add(g);
        }
        return (uids, gids);
    }

    private static uint? Resolve(string? nameOrId, string file)
    {
        if (string.IsNullOrEmpty(nameOrId)) return null;
        if (uint.TryParse(nameOrId, out uint id)) return id;
        foreach (var line in SafeLines(file))
        {
            var fields = line.Split(':');
            if (fields.Length >= 3 && fields[0] == nameOrId && uint.TryParse(fields[2], out uint found)) return found;
        }
        return null;
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
