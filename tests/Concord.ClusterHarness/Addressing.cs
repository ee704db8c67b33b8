namespace Concord.ClusterHarness;

/// <summary>Where a test cluster's nodes live and how to cut their traffic.</summary>
public interface IAddressing : IDisposable
{
    string Address(int node, int link);

    /// <summary>Prefix for launching node <paramref name="node"/>'s process (e.g. `ip netns exec NS`).</summary>
    IReadOnlyList<string> LaunchPrefix(int node);

    /// <summary>Whether the daemon must be told which node it is (several on one host).</summary>
    bool NeedsExplicitNode { get; }
}

/// <summary>
/// One network namespace per node, with a veth per link into a bridge that lives in a namespace
/// of its own, so nothing touches the host's network. Partitions are iptables rules inside the
/// node's namespace. Addresses 10.213.LINK.NODE exist only inside these namespaces.
/// </summary>
public sealed class NamespaceNetwork : IAddressing
{
    private readonly string _prefix;
    private readonly int _nodes;
    private readonly int _links;
    private readonly List<string> _namespaces = [];

    public NamespaceNetwork(int nodes, int links)
    {
        _prefix = $"cc{Environment.ProcessId % 100000}{Random.Shared.Next(100, 999)}";
        _nodes = nodes;
        _links = links;
        try
        {
            Create();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public bool NeedsExplicitNode => false;

    private string BridgeNs => $"{_prefix}br";

    public string NodeNs(int node) => $"{_prefix}n{node}";

    private string NodeVeth(int node, int link) => $"{_prefix}n{node}l{link}";

    private string BridgeVeth(int node, int link) => $"{_prefix}b{node}l{link}";

    public string Address(int node, int link) => $"10.213.{link}.{node}";

    private void Create()
    {
        AddNamespace(BridgeNs);
        for (int link = 0; link < _links; link++)
        {
            Shell.Must("ip", "-n", BridgeNs, "link", "add", $"br{link}", "type", "bridge");
            Shell.Must("ip", "-n", BridgeNs, "link", "set", $"br{link}", "up");
        }
        for (int node = 1; node <= _nodes; node++)
        {
            string ns = NodeNs(node);
            AddNamespace(ns);
            Shell.Must("ip", "-n", ns, "link", "set", "lo", "up");
            for (int link = 0; link < _links; link++)
            {
                Shell.Must("ip", "link", "add", NodeVeth(node, link), "netns", ns, "type", "veth", "peer", "name", BridgeVeth(node, link), "netns", BridgeNs);
                Shell.Must("ip", "-n", ns, "addr", "add", $"{Address(node, link)}/24", "dev", NodeVeth(node, link));
                Shell.Must("ip", "-n", ns, "link", "set", NodeVeth(node, link), "up");
                Shell.Must("ip", "-n", BridgeNs, "link", "set", BridgeVeth(node, link), "master", $"br{link}");
                Shell.Must("ip", "-n", BridgeNs, "link", "set", BridgeVeth(node, link), "up");
            }
        }
    }

    private void AddNamespace(string name)
    {
        Shell.Must("ip", "netns", "add", name);
        _namespaces.Add(name);
    }

    public IReadOnlyList<string> LaunchPrefix(int node) => ["ip", "netns", "exec", NodeNs(node)];

    public void Isolate(int node)
    {
        InNode(node, "iptables", "-w", "-A", "INPUT", "-p", "udp", "-j", "DROP");
        InNode(node, "iptables", "-w", "-A", "OUTPUT", "-p", "udp", "-j", "DROP");
    }

    public void Heal(int node) => InNode(node, "iptables", "-w", "-F");

    public void FailLink(int node, int link)
    {
        InNode(node, "iptables", "-w", "-A", "INPUT", "-i", NodeVeth(node, link), "-j", "DROP");
        InNode(node, "iptables", "-w", "-A", "OUTPUT", "-o", NodeVeth(node, link), "-j", "DROP");
    }

    public void RestoreLink(int node, int link)
    {
        Shell.Run("ip", "netns", "exec", NodeNs(node), "iptables", "-w", "-D", "INPUT", "-i", NodeVeth(node, link), "-j", "DROP");
        Shell.Run("ip", "netns", "exec", NodeNs(node), "iptables", "-w", "-D", "OUTPUT", "-o", NodeVeth(node, link), "-j", "DROP");
    }

    private void InNode(int node, params string[] command) => Shell.Must("ip", ["netns", "exec", NodeNs(node), .. command]);

    public void Dispose()
    {
        foreach (var ns in _namespaces.AsEnumerable().Reverse()) Shell.Run("ip", "netns", "del", ns);
        _namespaces.Clear();
    }
}

/// <summary>Nodes on 127.0.LINK.NODE of the host's loopback, told apart by -n.</summary>
public sealed class LoopbackNetwork : IAddressing
{
    public bool NeedsExplicitNode => true;

    public string Address(int node, int link) => $"127.0.{link}.{node}";

    public IReadOnlyList<string> LaunchPrefix(int node) => [];

    public void Dispose()
    {
    }
}
