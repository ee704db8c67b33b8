using Concord.Resources.Cib;

namespace Concord.Resources.Scheduling;

internal enum Variant
{
    Primitive = 0,
    Group = 1,
    Clone = 2,
}

/// <summary>A resource as the scheduler sees it: configuration, unpacked state and assignment bookkeeping.</summary>
internal sealed class SchedResource
{
    public SchedResource(string id, Variant variant, ResourceDef def, int nodeCount)
    {
        Id = id;
        Variant = variant;
        Def = def;
        Weights = new int[nodeCount];
        Allowed = new bool[nodeCount];
    }

    public string Id { get; }
    public Variant Variant { get; }
    public ResourceDef Def { get; }
    public SchedResource? Parent { get; set; }
    public List<SchedResource> Children { get; } = [];
    public Dictionary<string, string> Meta { get; } = new(StringComparer.Ordinal);

    public int Priority { get; set; }
    public int Stickiness { get; set; }
    public int MigrationThreshold { get; set; } = Score.Infinity;
    public long FailureTimeoutS { get; set; }
    public bool Managed { get; set; } = true;
    public bool Blocked { get; set; }
    /// <summary>Pacemaker's pe_rsc_maintenance: maintenance meta-attribute or maintenance-mode.</summary>
    public bool InMaintenance { get; set; }
    public bool Failed { get; set; }
    public bool NeedsStop { get; set; }
    public bool StartPending { get; set; }
    public bool Unique { get; set; }
    public bool Promotable { get; set; }
    public bool Critical { get; set; } = true;
    public bool Orphan { get; set; }
    public string MultipleActive { get; set; } = "stop_start";
    /// <summary>Pacemaker's pe_rsc_stop_unexpected: multiply active with multiple-active=stop_unexpected.</summary>
    public bool StopUnexpected { get; set; }
    /// <summary>Pacemaker's pe_rsc_restarting: set while the stop/start actions of a restart are scheduled.</summary>
    public bool Restarting { get; set; }
    public string Requires { get; set; } = "quorum";

    /// <summary>Id without the clone instance suffix (":N"); equals Id outside clones.</summary>
    public string BaseId { get; set; } = string.Empty;
    public int InstanceNumber { get; set; } = -1;
    /// <summary>The id this instance had in the status section (Pacemaker's clone_name), if different.</summary>
    public string? HistoryName { get; set; }
    public int CloneMax { get; set; }
    public int CloneNodeMax { get; set; } = 1;
    public int PromotedMax { get; set; } = 1;
    public int PromotedNodeMax { get; set; } = 1;
    public bool Interleave { get; set; }
    public bool Ordered { get; set; }
    public bool Notify { get; set; }
    /// <summary>For clones: instances assigned per node so far (Pacemaker's node->count on the clone's table).</summary>
    public int[] Counts { get; set; } = [];
    public bool IsStonith { get; set; }

    public Role Role { get; set; } = Role.Stopped;
    public Role NextRole { get; set; } = Role.Unknown;
    public List<SchedNode> RunningOn { get; } = [];
    public HashSet<int> KnownOn { get; } = [];

    /// <summary>Node score table (Pacemaker's allowed_nodes): a node is in the table iff Allowed[i].</summary>
    public int[] Weights { get; set; }
    public bool[] Allowed { get; set; }

    public bool Provisional { get; set; } = true;
    public bool Allocating { get; set; }
    public bool Merging { get; set; }
    public SchedNode? AllocatedTo { get; set; }
    /// <summary>Weight of the node copy Pacemaker keeps as allocated_to (the node's score when it was assigned).</summary>
    public int AllocatedWeight { get; set; }

    /// <summary>Colocations where this resource is the dependent, sorted as Pacemaker sorts rsc_cons.</summary>
    public List<Colocation> ThisWith { get; } = [];
    /// <summary>Colocations where this resource is the primary, sorted as Pacemaker sorts rsc_cons_lhs.</summary>
    public List<Colocation> WithThis { get; } = [];

    public List<SchedAction> Actions { get; } = [];

    /// <summary>Pacemaker's pe__current_node: the first active node, except that a resource which does not require
    /// fencing prefers the first clean online one (it is not considered active on a node about to be fenced).</summary>
    public SchedNode? CurrentNode => Requires == "fencing"
        ? RunningOn.FirstOrDefault()
        : RunningOn.FirstOrDefault(n => n.Online && !n.Unclean) ?? RunningOn.FirstOrDefault();

    public PrimitiveDef? Primitive => Def as PrimitiveDef;

    public void SetWeight(SchedNode node, int weight)
    {
        Allowed[node.Index] = true;
        Weights[node.Index] = weight;
    }

    /// <summary>Pacemaker's resource_location: add a score for one node (or all nodes) to this resource and its children.</summary>
    public void AddLocation(SchedNode? node, int score, IReadOnlyList<SchedNode> allNodes)
    {
        if (Children.Count > 0)
        {
            foreach (SchedResource c in Children)
            {
                c.AddLocation(node, score, allNodes);
            }
            // Collective resources keep their own table too (used for clones and for display).
        }
        if (node is null)
        {
            foreach (SchedNode n in allNodes)
            {
                AddOne(n, score);
            }
        }
        else
        {
            AddOne(node, score);
        }
    }

    private void AddOne(SchedNode n, int score)
    {
        if (Allowed[n.Index])
        {
            Weights[n.Index] = Score.Add(Weights[n.Index], score);
        }
        else
        {
            // resource_location copies the node, whose weight is -INFINITY once status shows it offline.
            Allowed[n.Index] = true;
            Weights[n.Index] = Score.Add(n.BaseWeight, score);
        }
    }

    public override string ToString() => Id;
}

internal sealed class Colocation
{
    public required string Id { get; init; }
    public required SchedResource Dependent { get; init; }
    public required SchedResource Primary { get; init; }
    public int Score { get; init; }
    public Role DependentRole { get; init; }
    public Role PrimaryRole { get; init; }
    public string? NodeAttribute { get; init; }
    public bool Influence { get; init; }

    public bool IsMandatory => Score >= Cib.Score.Infinity || Score <= Cib.Score.MinusInfinity;
}
