using System.Net;
using System.Net.NetworkInformation;
using Concord.Configuration;

namespace Concord.Host;

/// <summary>Loads and checks what the daemon needs from disk: the configuration and the key.</summary>
internal static class ConfigSource
{
    public const string NodeVariable = "CONCORD_NODE";

    /// <summary>The config and its diagnostics; a read failure becomes one error diagnostic.</summary>
    public static (ClusterConfig? Config, IReadOnlyList<Diagnostic> Diagnostics) Load(string path)
    {
        var result = ConfigParser.Load(path);
        if (result.ReadFailure is { } failure)
            return (null, [new Diagnostic(DiagnosticSeverity.Error, path, 0, 0, failure)]);
        return (result.Config, [.. result.Diagnostics]);
    }

    /// <summary>
    /// This host's node: named explicitly (-n or $CONCORD_NODE, by name or nodeid — several daemons
    /// on one host need it), else found as corosync does, by host name or local address.
    /// </summary>
    public static ClusterNode? FindLocalNode(ClusterConfig config, string? explicitNode = null)
    {
        explicitNode ??= Environment.GetEnvironmentVariable(NodeVariable);
        if (!string.IsNullOrEmpty(explicitNode))
        {
            return uint.TryParse(explicitNode, out uint id)
                ? config.FindNode(id)
                : config.Nodes.FirstOrDefault(n => n.Name == explicitNode);
        }
        return config.FindLocalNode(Dns.GetHostName(), LocalAddresses());
    }

    private static IEnumerable<IPAddress> LocalAddresses()
    {
        try
        {
            return NetworkInterface.GetAllNetworkInterfaces()
                .SelectMany(i => i.GetIPProperties().UnicastAddresses)
                .Select(a => a.Address)
                .ToArray();
        }
        catch (NetworkInformationException)
        {
            return [];
        }
    }

    /// <summary>The authkey, when crypto is on. Missing: exit 66; readable by others: exit 77.</summary>
    public static byte[] ReadKey(ClusterConfig config)
    {
        if (!config.Totem.Encrypted) return [];
        string path = config.Totem.EffectiveKeyFile;
        if (!File.Exists(path))
            throw new DaemonStartException($"key file {path} does not exist; create it with 'concord keygen -k {path}' and copy it to every node", 66);
        var mode = File.GetUnixFileMode(path);
        if ((mode & (UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.GroupWrite)) != 0)
            throw new DaemonStartException($"key file {path} is accessible by other users (mode {Convert.ToString((int)mode, 8)}); run 'chmod 0400 {path}'", 77);
        var read = AuthKeyFile.Read(path);
        if (read.Key is null) throw new DaemonStartException(read.Error ?? $"cannot read key file {path}", 65);
        return read.Key;
    }
}
