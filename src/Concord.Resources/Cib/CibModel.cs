namespace Concord.Resources.Cib;

/// <summary>An in-memory Pacemaker CIB (schema pacemaker-3.x): configuration plus status.</summary>
public sealed class CibDocument
{
    public Dictionary<string, string> Attributes { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> ClusterOptions { get; } = new(StringComparer.Ordinal);
    public List<CibNode> Nodes { get; } = [];
    public List<ResourceDef> Resources { get; } = [];
    public List<LocationConstraint> Locations { get; } = [];
    public List<ColocationConstraint> Colocations { get; } = [];
    public List<OrderConstraint> Orders { get; } = [];
    public Dictionary<string, string> RscDefaults { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> OpDefaults { get; } = new(StringComparer.Ordinal);
    public List<NodeState> Status { get; } = [];
    /// <summary>Things that were read but are not supported; never silently ignored.</summary>
    public List<string> Warnings { get; } = [];

    public bool HaveQuorum => !Attributes.TryGetValue("have-quorum", out string? q) || CibText.IsTrue(q);
}

public sealed class CibNode
{
    public required string Id { get; init; }
    public required string Uname { get; init; }
    public string Type { get; init; } = "member";
    public Dictionary<string, string> Attributes { get; } = new(StringComparer.Ordinal);
}

public abstract class ResourceDef
{
    public required string Id { get; init; }
    public Dictionary<string, string> Meta { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> Params { get; } = new(StringComparer.Ordinal);
}

public sealed class PrimitiveDef : ResourceDef
{
    public required string Class { get; init; }
    public string? Provider { get; init; }
    public required string Type { get; init; }
    public List<OpDef> Ops { get; } = [];

    public string Agent => Provider is null ? $"{Class}:{Type}" : $"{Class}:{Provider}:{Type}";
}

public sealed class GroupDef : ResourceDef
{
    public List<PrimitiveDef> Children { get; } = [];
}

public sealed class CloneDef : ResourceDef
{
    public required ResourceDef Child { get; init; }
    /// <summary>True for &lt;master&gt; or promotable=true.</summary>
    public bool Promotable { get; init; }
    public bool LegacyMaster { get; init; }
}

public sealed class OpDef
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public long IntervalMs { get; init; }
    public string? Role { get; init; }
    public Dictionary<string, string> Attributes { get; } = new(StringComparer.Ordinal);
}

public sealed class LocationConstraint
{
    public required string Id { get; init; }
    public required string Rsc { get; init; }
    public string? Node { get; init; }
    public int Score { get; init; }
    public string? Role { get; init; }
    public string ResourceDiscovery { get; init; } = "always";
    public List<Rule> Rules { get; } = [];
}

public sealed class Rule
{
    public required string Id { get; init; }
    public int Score { get; init; }
    public string? ScoreAttribute { get; init; }
    public bool IsAnd { get; init; } = true;
    public string? Role { get; init; }
    public List<Expression> Expressions { get; } = [];
    public List<Rule> SubRules { get; } = [];
}

public sealed class Expression
{
    public required string Attribute { get; init; }
    public required string Operation { get; init; }
    public string? Value { get; init; }
    /// <summary>string, integer, number or version (Pacemaker's "type").</summary>
    public string? Type { get; init; }
}

public sealed class ResourceSet
{
    public required string Id { get; init; }
    public List<string> Resources { get; } = [];
    public bool Sequential { get; init; } = true;
    /// <summary>sequential="true" written out: Pacemaker's order_rsc_sets only narrows to the first/last member then.</summary>
    public bool SequentialExplicit { get; init; }
    public bool RequireAll { get; init; } = true;
    public string? Role { get; init; }
    public string? Action { get; init; }
    public int? Score { get; init; }
}

public sealed class ColocationConstraint
{
    public required string Id { get; init; }
    public string? Rsc { get; init; }
    public string? WithRsc { get; init; }
    public int Score { get; init; }
    public string? RscRole { get; init; }
    public string? WithRscRole { get; init; }
    public string? NodeAttribute { get; init; }
    public string? Influence { get; init; }
    public List<ResourceSet> Sets { get; } = [];
}

public enum OrderKind
{
    Mandatory,
    Optional,
    Serialize,
}

public sealed class OrderConstraint
{
    public required string Id { get; init; }
    public string? First { get; init; }
    public string? Then { get; init; }
    public string FirstAction { get; init; } = "start";
    public string? ThenAction { get; init; }
    public OrderKind Kind { get; init; } = OrderKind.Mandatory;
    public bool? Symmetrical { get; init; }
    public List<ResourceSet> Sets { get; } = [];
}

public sealed class NodeState
{
    public required string Id { get; init; }
    public required string Uname { get; init; }
    public string? InCcm { get; set; }
    public string? Crmd { get; set; }
    public string? Join { get; set; }
    public string? Expected { get; set; }
    public Dictionary<string, string> Transient { get; } = new(StringComparer.Ordinal);
    public List<LrmResource> Lrm { get; } = [];
}

public sealed class LrmResource
{
    public required string Id { get; init; }
    public string? Class { get; init; }
    public string? Provider { get; init; }
    public string? Type { get; init; }
    public List<LrmOp> Ops { get; } = [];
}

public sealed class LrmOp
{
    public required string Id { get; init; }
    public required string Operation { get; init; }
    public string? OperationKey { get; init; }
    public int CallId { get; init; }
    public int Rc { get; init; }
    public int OpStatus { get; init; }
    public long IntervalMs { get; init; }
    public string? TransitionKey { get; init; }
    public string? OpDigest { get; init; }
    public long LastRcChange { get; init; }
    public Dictionary<string, string> Extra { get; } = new(StringComparer.Ordinal);

    /// <summary>The expected rc from the transition key (action:transition:target_rc:uuid), or -1 if absent.</summary>
    public int TargetRc
    {
        get
        {
            if (TransitionKey is null)
            {
                return -1;
            }
            string[] parts = TransitionKey.Split(':');
            return parts.Length >= 4 && int.TryParse(parts[2], System.Globalization.CultureInfo.InvariantCulture, out int rc) ? rc : -1;
        }
    }
}

internal static class CibText
{
    public static bool IsTrue(string? v) => v is not null && (v.Equals("true", StringComparison.OrdinalIgnoreCase) || v.Equals("on", StringComparison.OrdinalIgnoreCase)
        || v.Equals("yes", StringComparison.OrdinalIgnoreCase) || v.Equals("y", StringComparison.OrdinalIgnoreCase) || v == "1");
}
