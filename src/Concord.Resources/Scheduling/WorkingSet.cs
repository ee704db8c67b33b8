using Concord.Resources.Cib;

namespace Concord.Resources.Scheduling;

internal enum NoQuorumPolicy
{
    Stop,
    Freeze,
    Ignore,
    Demote,
    Suicide,
}

/// <summary>The scheduler's view of a CIB: nodes, resources, constraints and options after unpacking.</summary>
internal sealed partial class WorkingSet
{
    private readonly Dictionary<string, SchedResource> _byId = new(StringComparer.Ordinal);

    public WorkingSet(CibDocument cib, long nowEpochSeconds)
    {
        Cib = cib;
        NowEpochSeconds = nowEpochSeconds;
        Options = cib.ClusterOptions;
        StonithEnabled = Flag("stonith-enabled", true);
        SymmetricCluster = Flag("symmetric-cluster", true);
        MaintenanceMode = Flag("maintenance-mode", false);
        StopEverything = Flag("stop-all-resources", false);
        HaveQuorum = cib.HaveQuorum;
        NoQuorumPolicy = (Options.GetValueOrDefault("no-quorum-policy") ?? "stop").ToLowerInvariant() switch
        {
            "ignore" => NoQuorumPolicy.Ignore,
            "freeze" => NoQuorumPolicy.Freeze,
            "demote" => NoQuorumPolicy.Demote,
            // A partition that never had quorum (no no-quorum-panic on the cib element) is only stopped, not fenced.
            "suicide" when StonithEnabled && (HaveQuorum || QuorumPanic(cib)) => NoQuorumPolicy.Suicide,
            _ => NoQuorumPolicy.Stop,
        };
        StonithAction = Options.GetValueOrDefault("stonith-action") ?? "reboot";
        if (StonithAction == "poweroff")
        {
            StonithAction = "off";
        }
        string placement = Options.GetValueOrDefault("placement-strategy") ?? "default";
        if (placement != "default")
        {
            Warnings.Add($"placement-strategy={placement} is not supported; using default");
        }
        UnpackNodes();
        UnpackResources();
        UnpackConstraints();
        UnpackStatus();
    }

    public CibDocument Cib { get; }
    public long NowEpochSeconds { get; }
    public Dictionary<string, string> Options { get; }
    public bool StonithEnabled { get; }
    public bool SymmetricCluster { get; }
    public bool MaintenanceMode { get; }
    public bool StopEverything { get; }
    public bool HaveQuorum { get; }
    public bool HaveStonithResource { get; private set; }
    public NoQuorumPolicy NoQuorumPolicy { get; }
    public string StonithAction { get; }
    public List<string> Warnings { get; } = [];

    /// <summary>Adds a warning once (the same condition is often found for every clone instance).</summary>
    public void Warn(string message)
    {
        if (!Warnings.Contains(message))
        {
            Warnings.Add(message);
        }
    }

    public List<SchedNode> Nodes { get; } = [];
    /// <summary>Top-level resources in allocation order (CIB order, stably sorted by priority).</summary>
    public List<SchedResource> Resources { get; private set; } = [];
    public List<SchedResource> Primitives { get; } = [];
    public List<Colocation> Colocations { get; } = [];
    public List<(LocationConstraint Def, SchedResource Rsc)> Locations { get; } = [];
    public List<OrderConstraint> Orders { get; } = [];
    /// <summary>Actions Pacemaker creates while unpacking status (fencing, stops of failed resources), oldest first.</summary>
    public List<(SchedResource? Rsc, string Task, SchedNode Node)> EarlyActions { get; } = [];
    /// <summary>Nodes to fence, in the order Pacemaker decided it.</summary>
    public List<SchedNode> FenceList { get; } = [];

    public SchedResource? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>The cib element's no-quorum-panic: any value but an integer 0 counts (Pacemaker reads it as an int, -1 if unparsable).</summary>
    private static bool QuorumPanic(CibDocument cib) =>
        cib.Attributes.TryGetValue("no-quorum-panic", out string? v) && !(long.TryParse(v, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out long n) && n == 0);

    private bool Flag(string name, bool fallback) => Options.TryGetValue(name, out string? v) ? CibText.IsTrue(v) : fallback;

    private void UnpackNodes()
    {
        string? dc = Cib.Attributes.GetValueOrDefault("dc-uuid");
        foreach (CibNode n in Cib.Nodes)
        {
            var node = new SchedNode(Nodes.Count, n.Id, n.Uname);
            node.Attributes["#uname"] = n.Uname;
            node.Attributes["#id"] = n.Id;
            node.Attributes["#kind"] = "cluster";
            node.Attributes["#is_dc"] = n.Id == dc ? "true" : "false";
            node.Attributes["#cluster-name"] = Options.GetValueOrDefault("cluster-name") ?? string.Empty;
            if (node.Attributes["#cluster-name"].Length == 0)
            {
                node.Attributes.Remove("#cluster-name");
            }
            foreach (KeyValuePair<string, string> a in n.Attributes)
            {
                node.Attributes[a.Key] = a.Value;
            }
            // Unseen nodes are unclean until status proves otherwise (startup fencing).
            node.Unclean = StonithEnabled && Flag("startup-fencing", true);
            node.Standby = CibText.IsTrue(node.Attribute("standby"));
            node.Maintenance = CibText.IsTrue(node.Attribute("maintenance"));
            Nodes.Add(node);
        }
    }

    public SchedNode? FindNode(string? nameOrId)
    {
        if (nameOrId is null)
        {
            return null;
        }
        foreach (SchedNode n in Nodes)
        {
            if (n.Name == nameOrId)
            {
                return n;
            }
        }
        return null;
    }

    internal void Fence(SchedNode node, string reason)
    {
        if (node.Unclean)
        {
            return;
        }
        node.Unclean = true;
        node.FenceReason = reason;
        FenceList.Add(node);
        EarlyActions.Add((null, "stonith", node));
    }
}
