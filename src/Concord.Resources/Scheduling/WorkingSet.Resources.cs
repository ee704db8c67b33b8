using Concord.Resources.Cib;

namespace Concord.Resources.Scheduling;

internal sealed partial class WorkingSet
{
    private void UnpackResources()
    {
        var top = new List<SchedResource>();
        foreach (ResourceDef def in Cib.Resources)
        {
            top.Add(Unpack(def, null));
        }
        // g_list_sort is a stable merge sort: CIB order within equal priority.
        Resources = [.. top.OrderByDescending(r => r.Priority)];
    }

    private SchedResource Unpack(ResourceDef def, SchedResource? parent) => Unpack(def, parent, def.Id, -1);

    private SchedResource Unpack(ResourceDef def, SchedResource? parent, string id, int instance)
    {
        Variant v = def switch
        {
            PrimitiveDef => Variant.Primitive,
            GroupDef => Variant.Group,
            _ => Variant.Clone,
        };
        var r = new SchedResource(id, v, def, Nodes.Count) { Parent = parent, BaseId = def.Id, InstanceNumber = instance };
        if (_byId.ContainsKey(id))
        {
            throw new CibException($"resource id '{id}' is used more than once");
        }
        _byId[id] = r;
        foreach (KeyValuePair<string, string> kv in def.Meta)
        {
            r.Meta[kv.Key] = kv.Value;
        }
        if (parent is not null)
        {
            foreach (KeyValuePair<string, string> kv in parent.Meta)
            {
                r.Meta.TryAdd(kv.Key, kv.Value);
            }
        }
        foreach (KeyValuePair<string, string> kv in Cib.RscDefaults)
        {
            r.Meta.TryAdd(kv.Key, kv.Value);
        }
        if (v == Variant.Clone)
        {
            // Clones are ever so slightly sticky by default; instances inherit it.
            r.Meta.TryAdd("resource-stickiness", "1");
        }
        ApplyMeta(r);
        if (SymmetricCluster)
        {
            for (int i = 0; i < Nodes.Count; i++)
            {
                // A copy of the node: an orphan created while status is unpacked starts at -INFINITY on offline nodes.
                r.Allowed[i] = true;
                r.Weights[i] = Nodes[i].BaseWeight;
            }
        }
        if (def is GroupDef g)
        {
            foreach (PrimitiveDef child in g.Children)
            {
                r.Children.Add(Unpack(child, r, instance < 0 ? child.Id : $"{child.Id}:{instance}", instance));
            }
        }
        else if (def is CloneDef clone)
        {
            UnpackClone(r, clone);
        }
        else
        {
            Primitives.Add(r);
        }
        return r;
    }

    /// <summary>Pacemaker's unpack_requires. "unfencing" (and the default once anything mentions unfencing) means
    /// fencing, or quorum for fence devices and without fencing; the unfencing ("on") actions themselves are not implemented.</summary>
    private string Requires(string? value, bool isStonith) => value switch
    {
        "nothing" or "quorum" or "fencing" => value,
        "unfencing" => isStonith || !StonithEnabled ? "quorum" : "fencing",
        _ => isStonith ? "quorum"
            : UnfencingEnabled ? Requires("unfencing", isStonith)
            : StonithEnabled ? "fencing"
            : NoQuorumPolicy == NoQuorumPolicy.Ignore ? "nothing" : "quorum",
    };

    /// <summary>Pacemaker's pe_flag_enable_unfencing: any resource or rsc_defaults meta attribute requires/provides=unfencing.</summary>
    private bool UnfencingEnabled => _unfencingEnabled ??= Cib.RscDefaults.Any(IsUnfencing) || Cib.Resources.Any(MentionsUnfencing);

    private bool? _unfencingEnabled;

    private static bool IsUnfencing(KeyValuePair<string, string> kv) => kv.Key is "requires" or "provides" && kv.Value == "unfencing";

    private static bool MentionsUnfencing(ResourceDef d) => d.Meta.Any(IsUnfencing) || d switch
    {
        GroupDef g => g.Children.Any(MentionsUnfencing),
        CloneDef c => MentionsUnfencing(c.Child),
        _ => false,
    };

    private void ApplyMeta(SchedResource r)
    {
        Dictionary<string, string> m = r.Meta;
        r.Priority = Score.ParseOr(m.GetValueOrDefault("priority"), 0);
        r.Critical = m.GetValueOrDefault("critical") is not { } crit || CibText.IsTrue(crit);
        r.Managed = !MaintenanceMode;
        if (m.GetValueOrDefault("is-managed") is { } managed && managed != "default")
        {
            r.Managed = CibText.IsTrue(managed);
        }
        if (CibText.IsTrue(m.GetValueOrDefault("maintenance")) || MaintenanceMode)
        {
            r.Managed = false;
            r.InMaintenance = true;
        }
        r.MultipleActive = m.GetValueOrDefault("multiple-active") ?? "stop_start";
        if (m.GetValueOrDefault("resource-stickiness") is { } st && st != "default")
        {
            r.Stickiness = Score.ParseOr(st, 0);
        }
        if (m.GetValueOrDefault("migration-threshold") is { } mt && mt != "default")
        {
            r.MigrationThreshold = Score.ParseOr(mt, 0);
            if (r.MigrationThreshold < 0)
            {
                r.MigrationThreshold = 1;
            }
        }
        r.IsStonith = r.Def is PrimitiveDef { Class: "stonith" };
        if (r.IsStonith)
        {
            HaveStonithResource = true;
        }
        r.Requires = Requires(m.GetValueOrDefault("requires"), r.IsStonith);
        if (m.GetValueOrDefault("failure-timeout") is { } ft && Interval.TryParseMs(ft, out long ftMs))
        {
            r.FailureTimeoutS = ftMs / 1000;
        }
        SchedResource top = r;
        while (top.Parent is not null)
        {
            top = top.Parent;
        }
        if (top.Variant == Variant.Clone)
        {
            r.Unique = CibText.IsTrue(m.GetValueOrDefault("globally-unique"));
            r.Promotable = top.Def is CloneDef { Promotable: true };
        }
        else
        {
            r.Unique = true;
        }
        Role target = TargetRole(r);
        if (target != Role.Unknown)
        {
            r.NextRole = target;
        }
    }

    internal Role TargetRole(SchedResource r)
    {
        string? value = r.Meta.GetValueOrDefault("target-role");
        if (value is null || value.Equals("started", StringComparison.OrdinalIgnoreCase) || value == "default")
        {
            return Role.Unknown;
        }
        Role role = RoleText.Parse(value);
        if (role == Role.Unknown)
        {
            Warnings.Add($"ignoring target-role '{value}' for {r.Id} because it is not valid");
            return Role.Unknown;
        }
        if (role > Role.Started)
        {
            SchedResource top = r;
            while (top.Parent is not null)
            {
                top = top.Parent;
            }
            if (!top.Promotable || role > Role.Unpromoted)
            {
                return Role.Unknown;
            }
        }
        return role;
    }
}
