namespace Concord.Resources.Scheduling;

/// <summary>A cluster node as the scheduler sees it after unpacking configuration and status.</summary>
internal sealed class SchedNode
{
    public SchedNode(int index, string id, string name)
    {
        Index = index;
        Id = id;
        Name = name;
    }

    public int Index { get; }
    public string Id { get; }
    public string Name { get; }
    public Dictionary<string, string> Attributes { get; } = new(StringComparer.Ordinal);
    public bool Online { get; set; }
    public bool Standby { get; set; }
    public bool Maintenance { get; set; }
    public bool Unclean { get; set; }
    public bool Shutdown { get; set; }
    public bool Pending { get; set; }
    public bool ExpectedUp { get; set; }
    public bool Unpacked { get; set; }
    public bool SeenInStatus { get; set; }
    public string? FenceReason { get; set; }
    /// <summary>Resources assigned so far (Pacemaker's num_resources, used as a tie-breaker).</summary>
    public int AssignedCount { get; set; }
    /// <summary>Pacemaker's node->weight in the node list: -INFINITY once status shows it offline or shutting down.</summary>
    public int BaseWeight { get; set; }

    public bool Available => Online && !Shutdown && !Unclean && !Standby && !Maintenance;

    public string? Attribute(string name) => Attributes.TryGetValue(name, out string? v) ? v : null;

    public override string ToString() => Name;
}
