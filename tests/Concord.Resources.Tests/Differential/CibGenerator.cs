using System.Globalization;
using Concord.Resources.Cib;

namespace Concord.Resources.Tests.Differential;

/// <summary>Which features the generator may use; widen as the scheduler is verified against crm_simulate.</summary>
public sealed record GeneratorProfile
{
    public int NodesMin { get; init; } = 2;
    public int NodesMax { get; init; } = 8;
    public int ResourcesMin { get; init; } = 1;
    public int ResourcesMax { get; init; } = 12;
    public bool Stonith { get; init; } = true;
    public bool Groups { get; init; } = true;
    public bool Orders { get; init; } = true;
    public bool Rules { get; init; } = true;
    public bool Failures { get; init; } = true;
    public bool Clones { get; init; } = true;
    public bool Promotable { get; init; } = true;
    public double PromotableChance { get; init; } = 0.08;
    public double CloneChance { get; init; } = 0.15;

    /// <summary>A profile that makes every other resource a (promotable) clone, to stress clone logic.</summary>
    public static GeneratorProfile CloneHeavy { get; } = new() { PromotableChance = 0.3, CloneChance = 0.4 };
    /// <summary>Chance that a node's status records a probe of an inactive resource.</summary>
    public double ProbeChance { get; init; } = 0.6;
    /// <summary>rsc_order constraints may name clones (and "promote then start" for promotable ones).</summary>
    public bool CloneOrders { get; init; } = true;
    /// <summary>Chance that a clone has notify=true (notifications are in the graph, not the summary).</summary>
    public double NotifyChance { get; init; } = 0.3;
    /// <summary>Colocations of a primitive or group with a promotable clone may name with-rsc-role=Promoted.</summary>
    public bool PromotedColocations { get; init; } = true;
    /// <summary>Promotable clones may get locations with role=Promoted (by node or by rule).</summary>
    public bool PromotedLocations { get; init; } = true;
    /// <summary>Recurring monitors may carry a non-default on-fail (ignore/block/stop/restart/fence).</summary>
    public bool OnFail { get; init; } = true;
    /// <summary>Resources may carry failure-timeout (crm_simulate runs with --set-datetime at the runner's "now").</summary>
    public bool FailureTimeout { get; init; } = true;
    /// <summary>Some CIBs are of a partition without quorum, with no-quorum-policy stop/freeze/ignore/demote.</summary>
    public bool NoQuorum { get; init; } = true;
    /// <summary>Chance that a CIB gets one rsc_order with 2–3 resource sets (own random stream, so other CIB content is unchanged).</summary>
    public double OrderSetChance { get; init; } = 0.15;
    /// <summary>Chance that an order resource set followed by another set gets require-all="false" (mostly with sequential="false").</summary>
    public double RequireAllFalseChance { get; init; } = 0.25;

    // Third pass (own random stream, see CibGenerator.Features.cs).
    /// <summary>Chance that a group is wrapped in an anonymous clone (cloned group).</summary>
    public double ClonedGroupChance { get; init; } = 0.2;
    /// <summary>Chance that a top-level resource gets a multiple-active meta attribute.</summary>
    public double MultipleActiveMetaChance { get; init; } = 0.05;
    /// <summary>Chance that a CIB records one primitive as active on 2+ nodes.</summary>
    public double MultiplyActiveChance { get; init; } = 0.1;
    /// <summary>Chance that a top-level resource gets requires=nothing/quorum/fencing (unfencing only without fencing).</summary>
    public double RequiresChance { get; init; } = 0.1;
    /// <summary>Chance that a top-level resource gets maintenance=true.</summary>
    public double ResourceMaintenanceChance { get; init; } = 0.03;
    /// <summary>Chance that a node has the node attribute maintenance=true.</summary>
    public double NodeMaintenanceChance { get; init; } = 0.03;
    /// <summary>Chance of the cluster option maintenance-mode=true.</summary>
    public double MaintenanceModeChance { get; init; } = 0.03;
    /// <summary>Chance of the cluster option stop-all-resources=true.</summary>
    public double StopAllChance { get; init; } = 0.03;
    /// <summary>Chance of a partition without quorum and no-quorum-policy=suicide.</summary>
    public double SuicideChance { get; init; } = 0.03;
    /// <summary>Chance that a CIB gets one rsc_colocation with resource sets.</summary>
    public double ColocationSetChance { get; init; } = 0.15;
    /// <summary>Chance that a CIB with a promotable clone gets 1–2 colocations whose dependent has a role (or is a clone with a role), see CibGenerator.RoleColocations.cs.</summary>
    public double RoleColocationChance { get; init; } = 0.3;

    public static GeneratorProfile Default { get; } = new();
}

/// <summary>A seeded generator of valid random CIBs (nodes, resources, constraints and a random status section).</summary>
public sealed partial class CibGenerator
{
    private static readonly int[] LocationScores = [Score.MinusInfinity, -100, -10, 0, 10, 50, 100, 1000, Score.Infinity];
    private static readonly int[] ColocationScores = [Score.Infinity, Score.MinusInfinity, 100, -100, 500, 10, -10];
    private static readonly string[] Stickiness = ["0", "1", "50", "100", "200", "INFINITY"];

    private readonly Random _rng;
    private readonly GeneratorProfile _p;
    private readonly Random _setRng;
    private readonly Random _featRng;
    private int _callId = 10;
    private readonly Dictionary<string, CloneDef> _clones = new(StringComparer.Ordinal);

    public CibGenerator(int seed, GeneratorProfile? profile = null)
    {
        _rng = new Random(seed);
        _setRng = new Random(unchecked((seed * 7919) + 17));
        _featRng = new Random(unchecked((seed * 104729) + 31));
        _p = profile ?? GeneratorProfile.Default;
    }

    private bool Chance(double p) => _rng.NextDouble() < p;

    private T Pick<T>(IReadOnlyList<T> items) => items[_rng.Next(items.Count)];

    public CibDocument Generate()
    {
        var cib = new CibDocument();
        cib.Attributes["crm_feature_set"] = "3.16.2";
        cib.Attributes["validate-with"] = "pacemaker-3.9";
        cib.Attributes["have-quorum"] = "1";
        bool stonith = _p.Stonith && Chance(0.5);
        cib.ClusterOptions["stonith-enabled"] = stonith ? "true" : "false";
        if (Chance(0.15))
        {
            cib.ClusterOptions["symmetric-cluster"] = "false";
        }
        if (Chance(0.3))
        {
            cib.RscDefaults["resource-stickiness"] = Pick(Stickiness);
        }
        int nodeCount = _rng.Next(_p.NodesMin, _p.NodesMax + 1);
        var nodes = new List<CibNode>();
        for (int i = 1; i <= nodeCount; i++)
        {
            var n = new CibNode { Id = i.ToString(CultureInfo.InvariantCulture), Uname = $"node{i}" };
            if (Chance(0.1))
            {
                n.Attributes["standby"] = "on";
            }
            if (_p.Rules)
            {
                n.Attributes["rack"] = Pick(new[] { "r1", "r2", "r3" });
                if (Chance(0.7))
                {
                    n.Attributes["cpus"] = Pick(new[] { "2", "4", "8", "16", "32" });
                }
            }
            nodes.Add(n);
            cib.Nodes.Add(n);
        }
        cib.Attributes["dc-uuid"] = "1";

        var primitives = new List<PrimitiveDef>();
        int rscCount = _rng.Next(_p.ResourcesMin, _p.ResourcesMax + 1);
        int made = 0;
        int groupNo = 0;
        while (made < rscCount)
        {
            if (_p.Promotable && Chance(_p.PromotableChance))
            {
                var p = new PrimitiveDef { Id = $"rsc{++made}", Class = "ocf", Provider = "pacemaker", Type = "Stateful" };
                var promotedMon = new OpDef { Id = $"{p.Id}-monitor-promoted", Name = "monitor", IntervalMs = 10_000, Role = "Promoted" };
                promotedMon.Attributes["interval"] = "10s";
                promotedMon.Attributes["role"] = "Promoted";
                var unpromotedMon = new OpDef { Id = $"{p.Id}-monitor-unpromoted", Name = "monitor", IntervalMs = 11_000, Role = "Unpromoted" };
                unpromotedMon.Attributes["interval"] = "11s";
                unpromotedMon.Attributes["role"] = "Unpromoted";
                p.Ops.Add(promotedMon);
                p.Ops.Add(unpromotedMon);
                var clone = new CloneDef { Id = $"{p.Id}-clone", Child = p, Promotable = true };
                clone.Meta["promotable"] = "true";
                if (Chance(0.3))
                {
                    clone.Meta["clone-max"] = _rng.Next(1, nodeCount + 1).ToString(CultureInfo.InvariantCulture);
                }
                if (Chance(0.2))
                {
                    clone.Meta["promoted-max"] = "2";
                }
                AddMeta(clone);
                clone.Meta.Remove("target-role");
                if (Chance(_p.NotifyChance))
                {
                    clone.Meta["notify"] = "true";
                }
                cib.Resources.Add(clone);
                _clones[clone.Id] = clone;
                primitives.Add(p);
            }
            else if (_p.Clones && Chance(_p.CloneChance))
            {
                PrimitiveDef p = NewPrimitive($"rsc{++made}");
                var clone = new CloneDef { Id = $"{p.Id}-clone", Child = p };
                if (Chance(0.3))
                {
                    clone.Meta["clone-max"] = _rng.Next(1, nodeCount + 1).ToString(CultureInfo.InvariantCulture);
                }
                if (p.Class == "ocf" && Chance(0.2))
                {
                    // Only OCF agents can be globally unique (Pacemaker silently converts the others).
                    clone.Meta["globally-unique"] = "true";
                    if (Chance(0.5))
                    {
                        clone.Meta["clone-node-max"] = "2";
                    }
                }
                AddMeta(clone);
                if (Chance(_p.NotifyChance))
                {
                    clone.Meta["notify"] = "true";
                }
                cib.Resources.Add(clone);
                _clones[clone.Id] = clone;
                primitives.Add(p);
            }
            else if (_p.Groups && Chance(0.2) && rscCount - made >= 2)
            {
                var g = new GroupDef { Id = $"grp{++groupNo}" };
                int members = _rng.Next(2, Math.Min(4, rscCount - made) + 1);
                for (int m = 0; m < members; m++)
                {
                    PrimitiveDef p = NewPrimitive($"rsc{++made}");
                    g.Children.Add(p);
                    primitives.Add(p);
                }
                AddMeta(g);
                cib.Resources.Add(g);
            }
            else
            {
                PrimitiveDef p = NewPrimitive($"rsc{++made}");
                AddMeta(p);
                primitives.Add(p);
                cib.Resources.Add(p);
            }
        }
        if (stonith)
        {
            var fence = new PrimitiveDef { Id = "fencing", Class = "stonith", Type = "fence_xvm" };
            cib.Resources.Add(fence);
            primitives.Add(fence);
        }
        CloneSomeGroups(cib, nodeCount);
        var topIds = cib.Resources.Select(r => r.Id).ToList();
        AddConstraints(cib, topIds, nodes);
        DropRolesOfClonedGroupDependents(cib);
        AddOrderSet(cib, topIds);
        AddColocationSet(cib, topIds);
        AddRoleColocations(cib, topIds);
        AddStatus(cib, nodes, primitives, stonith);
        AddFeatureStatus(cib);
        AddFeatureMeta(cib, stonith);
        AddFeatureOptions(cib, nodes);
        if (_p.NoQuorum && Chance(0.12))
        {
            // The partition this CIB describes lost quorum (the other nodes may be offline or merely unreachable).
            cib.Attributes["have-quorum"] = "0";
            cib.ClusterOptions["no-quorum-policy"] = Pick(new[] { "stop", "freeze", "ignore", "demote" });
        }
        AddSuicide(cib);
        return cib;
    }

    private PrimitiveDef NewPrimitive(string id)
    {
        (string cls, string? provider, string type) = Pick(new (string, string?, string)[] { ("ocf", "heartbeat", "Dummy"), ("ocf", "heartbeat", "Dummy"), ("ocf", "pacemaker", "Dummy"), ("lsb", null, "foo"), ("systemd", null, "bar") });
        var p = new PrimitiveDef { Id = id, Class = cls, Provider = provider, Type = type };
        if (Chance(0.6))
        {
            var op = new OpDef { Id = $"{id}-monitor-10s", Name = "monitor", IntervalMs = 10_000 };
            op.Attributes["interval"] = "10s";
            if (_p.OnFail && Chance(0.25))
            {
                op.Attributes["on-fail"] = Pick(new[] { "ignore", "block", "stop", "restart", "fence" });
            }
            p.Ops.Add(op);
        }
        if (Chance(0.2))
        {
            p.Params["state"] = $"/run/{id}.state";
        }
        return p;
    }

    private void AddMeta(ResourceDef r)
    {
        if (Chance(0.3))
        {
            r.Meta["resource-stickiness"] = Pick(Stickiness);
        }
        if (Chance(0.15))
        {
            r.Meta["migration-threshold"] = Pick(new[] { "1", "2", "3", "0" });
        }
        if (Chance(0.05))
        {
            r.Meta["target-role"] = "Stopped";
        }
        if (Chance(0.04))
        {
            r.Meta["is-managed"] = "false";
        }
        if (Chance(0.1))
        {
            r.Meta["priority"] = _rng.Next(0, 11).ToString(CultureInfo.InvariantCulture);
        }
        if (_p.FailureTimeout && Chance(0.15))
        {
            // Failures are recorded 100 s before "now": 60s has expired, 300s and 1h have not.
            r.Meta["failure-timeout"] = Pick(new[] { "60s", "300s", "1h" });
        }
    }

    private void AddConstraints(CibDocument cib, List<string> ids, List<CibNode> nodes)
    {
        int c = 0;
        foreach (string id in ids)
        {
            int locs = _rng.Next(0, 3);
            for (int i = 0; i < locs; i++)
            {
                if (_p.Rules && Chance(0.3))
                {
                    cib.Locations.Add(RuleLocation($"loc{++c}", id));
                }
                else
                {
                    cib.Locations.Add(new LocationConstraint { Id = $"loc{++c}", Rsc = id, Node = Pick(nodes).Uname, Score = Pick(LocationScores) });
                }
            }
            if (_p.PromotedLocations && _clones.TryGetValue(id, out CloneDef? pc) && pc.Promotable && Chance(0.5))
            {
                cib.Locations.Add(PromotedLocation($"loc{++c}", id, nodes));
            }
        }
        for (int i = 1; i < ids.Count; i++)
        {
            if (ids[i] == "fencing" || !Chance(0.35))
            {
                continue;
            }
            string primary = ids[_rng.Next(0, i)];
            if (primary == "fencing")
            {
                continue;
            }
            int score = Pick(ColocationScores);
            // with-rsc-role=Promoted only for a non-clone dependent of a promotable clone (the RNG is untouched otherwise)
            string? withRole = _p.PromotedColocations && _clones.TryGetValue(primary, out CloneDef? pp) && pp.Promotable && !_clones.ContainsKey(ids[i]) && Chance(0.3)
                ? "Promoted" : null;
            cib.Colocations.Add(new ColocationConstraint { Id = $"col{++c}", Rsc = ids[i], WithRsc = primary, Score = score, WithRscRole = withRole });
        }
        if (_p.Orders)
        {
            for (int i = 1; i < ids.Count; i++)
            {
                if (ids[i] == "fencing" || !Chance(0.3))
                {
                    continue;
                }
                string first = ids[_rng.Next(0, i)];
                if (first == "fencing" || (!_p.CloneOrders && (_clones.ContainsKey(first) || _clones.ContainsKey(ids[i]))))
                {
                    continue;
                }
                // Orders with a promotable clone sometimes start after its promotion ("promote then start").
                bool promoteFirst = _clones.TryGetValue(first, out CloneDef? fc) && fc.Promotable && Chance(0.4);
                cib.Orders.Add(new OrderConstraint
                {
                    Id = $"ord{++c}",
                    First = first,
                    FirstAction = promoteFirst ? "promote" : "start",
                    ThenAction = promoteFirst ? "start" : null,
                    Then = ids[i],
                    Kind = Pick(new[] { OrderKind.Mandatory, OrderKind.Mandatory, OrderKind.Optional, OrderKind.Serialize }),
                    Symmetrical = Chance(0.2) ? false : null,
                });
            }
        }
    }

    /// <summary>One rsc_order with resource sets: 2–3 sets of 1–3 distinct top-level resources, sequential
    /// default/true/false, action start (stop sometimes, promote for promotable clones), any kind, symmetrical or not.</summary>
    private void AddOrderSet(CibDocument cib, List<string> ids)
    {
        List<string> pool = [.. ids.Where(id => id != "fencing" && (_p.CloneOrders || !_clones.ContainsKey(id)))];
        if (pool.Count < 2 || _setRng.NextDouble() >= _p.OrderSetChance)
        {
            return;
        }
        OrderKind[] kinds = [OrderKind.Mandatory, OrderKind.Mandatory, OrderKind.Optional, OrderKind.Serialize];
        var order = new OrderConstraint
        {
            Id = "ordset",
            Kind = kinds[_setRng.Next(kinds.Length)],
            Symmetrical = _setRng.NextDouble() < 0.25 ? false : null,
        };
        int sets = _setRng.Next(2, 4);
        for (int i = 0; i < sets && pool.Count > 0; i++)
        {
            int n = Math.Min(pool.Count, _setRng.Next(1, 4));
            double seq = _setRng.NextDouble();
            var members = new List<string>();
            for (int j = 0; j < n; j++)
            {
                int k = _setRng.Next(pool.Count);
                members.Add(pool[k]);
                pool.RemoveAt(k);
            }
            bool allPromotable = members.All(m => _clones.TryGetValue(m, out CloneDef? c) && c.Promotable);
            double a = _setRng.NextDouble();
            var set = new ResourceSet
            {
                Id = $"ordset-{i}",
                Sequential = seq >= 0.3,
                SequentialExplicit = seq >= 0.65,
                Action = allPromotable && a < 0.5 ? "promote" : a < 0.1 ? "stop" : null,
            };
            set.Resources.AddRange(members);
            order.Sets.Add(set);
        }
        // Drawn after the sets, so CIBs without require-all=false stay as they were.
        for (int i = 0; i + 1 < order.Sets.Count; i++)
        {
            if (_setRng.NextDouble() < _p.RequireAllFalseChance)
            {
                order.Sets[i] = WithoutRequireAll(order.Sets[i], unordered: _setRng.NextDouble() < 0.7);
            }
        }
        if (order.Sets.Count >= 2)
        {
            cib.Orders.Add(order);
        }
    }

    /// <summary>The set with require-all="false"; it only relaxes anything when the set is also unordered.</summary>
    private static ResourceSet WithoutRequireAll(ResourceSet set, bool unordered)
    {
        var relaxed = new ResourceSet
        {
            Id = set.Id,
            Sequential = !unordered && set.Sequential,
            SequentialExplicit = !unordered && set.SequentialExplicit,
            RequireAll = false,
            Action = set.Action,
        };
        relaxed.Resources.AddRange(set.Resources);
        return relaxed;
    }

    /// <summary>A location that applies to the promoted role only: by node (role attribute) or by a rule with role.</summary>
    private LocationConstraint PromotedLocation(string id, string rsc, List<CibNode> nodes)
    {
        if (Chance(0.5))
        {
            return new LocationConstraint { Id = id, Rsc = rsc, Node = Pick(nodes).Uname, Score = Pick(LocationScores), Role = "Promoted" };
        }
        var loc = new LocationConstraint { Id = id, Rsc = rsc };
        var rule = new Rule { Id = $"{id}-rule", Score = Pick(LocationScores), Role = "Promoted" };
        rule.Expressions.Add(Chance(0.5)
            ? new Expression { Attribute = "#uname", Operation = Pick(new[] { "eq", "ne" }), Value = $"node{_rng.Next(1, 9)}" }
            : new Expression { Attribute = "rack", Operation = "eq", Value = Pick(new[] { "r1", "r2", "r3" }) });
        loc.Rules.Add(rule);
        return loc;
    }

    private LocationConstraint RuleLocation(string id, string rsc)
    {
        var loc = new LocationConstraint { Id = id, Rsc = rsc };
        var rule = new Rule { Id = $"{id}-rule", Score = Pick(LocationScores), IsAnd = Chance(0.7) };
        int exprs = _rng.Next(1, 3);
        for (int i = 0; i < exprs; i++)
        {
            rule.Expressions.Add(_rng.Next(5) switch
            {
                0 => new Expression { Attribute = "#uname", Operation = Pick(new[] { "eq", "ne" }), Value = $"node{_rng.Next(1, 9)}" },
                1 => new Expression { Attribute = "rack", Operation = Pick(new[] { "eq", "ne" }), Value = Pick(new[] { "r1", "r2", "r3" }) },
                2 => new Expression { Attribute = "cpus", Operation = Pick(new[] { "defined", "not_defined" }) },
                3 => new Expression { Attribute = "cpus", Operation = Pick(new[] { "lt", "gt", "lte", "gte" }), Value = Pick(new[] { "4", "8", "16" }), Type = Chance(0.5) ? "integer" : null },
                _ => new Expression { Attribute = "rack", Operation = Pick(new[] { "lt", "gte" }), Value = "r2", Type = "string" },
            });
        }
        loc.Rules.Add(rule);
        return loc;
    }

    private void AddStatus(CibDocument cib, List<CibNode> nodes, List<PrimitiveDef> primitives, bool stonith)
    {
        var states = new Dictionary<string, NodeState>();
        foreach (CibNode n in nodes)
        {
            double roll = _rng.NextDouble();
            NodeState s;
            if (n.Id == "1" || roll < 0.75)
            {
                s = new NodeState { Id = n.Id, Uname = n.Uname, InCcm = "true", Crmd = "online", Join = "member", Expected = "member" };
            }
            else if (roll < 0.9 || !stonith)
            {
                s = new NodeState { Id = n.Id, Uname = n.Uname, InCcm = "false", Crmd = "offline", Join = "down", Expected = "down" };
            }
            else
            {
                // Left uncleanly: the cluster expected it to be a member.
                s = new NodeState { Id = n.Id, Uname = n.Uname, InCcm = "false", Crmd = "offline", Join = "member", Expected = "member" };
            }
            states[n.Id] = s;
            cib.Status.Add(s);
        }
        foreach (CloneDef clone in _clones.Values)
        {
            var p = (PrimitiveDef)clone.Child;
            bool unique = clone.Meta.GetValueOrDefault("globally-unique") == "true";
            int max = clone.Meta.TryGetValue("clone-max", out string? cm) ? int.Parse(cm, CultureInfo.InvariantCulture) : nodes.Count;
            int next = 0;
            bool promotable = clone.Promotable;
            foreach (CibNode n in nodes)
            {
                NodeState s = states[n.Id];
                if (promotable && s.Crmd == "online" && Chance(0.6))
                {
                    s.Transient[$"master-{p.Id}"] = Pick(new[] { "5", "10", "50", "100" });
                }
                if (s.Crmd != "online" && !(stonith && s.Expected == "member"))
                {
                    continue;
                }
                string lrmId = unique ? $"{p.Id}:{next}" : p.Id;
                if (promotable)
                {
                    if (Chance(0.55))
                    {
                        AddOp(s, p, "start", 0, 0, 0, lrmId);
                        if (Chance(0.35))
                        {
                            AddOp(s, p, "promote", 0, 0, 0, lrmId);
                            AddOp(s, p, "monitor", 10_000, Chance(0.15) ? 7 : 8, 8, lrmId);
                        }
                        else
                        {
                            AddOp(s, p, "monitor", 11_000, Chance(0.1) ? 7 : 0, 0, lrmId);
                        }
                    }
                    else if (s.Crmd == "online" && Chance(_p.ProbeChance))
                    {
                        AddOp(s, p, "monitor", 0, rc: 7, target: 7, lrmId);
                    }
                    continue;
                }
                if (Chance(0.6) && (!unique || next < max))
                {
                    AddActiveHistory(s, p, lrmId);
                    next++;
                }
                else if (s.Crmd == "online" && Chance(_p.ProbeChance))
                {
                    AddOp(s, p, "monitor", 0, rc: 7, target: 7, unique ? $"{p.Id}:{_rng.Next(0, Math.Max(1, max))}" : p.Id);
                }
            }
        }
        foreach (PrimitiveDef p in primitives.Where(p => !_clones.Values.Any(c => c.Child == p)))
        {
            // Usually active on at most one node.
            CibNode? activeOn = Chance(0.55) ? Pick(nodes) : null;
            foreach (CibNode n in nodes)
            {
                NodeState s = states[n.Id];
                bool up = s.Crmd == "online";
                if (!up && !(stonith && n == activeOn && s.Expected == "member"))
                {
                    continue;
                }
                if (n == activeOn)
                {
                    AddActiveHistory(s, p);
                }
                else if (Chance(_p.ProbeChance))
                {
                    AddOp(s, p, "monitor", 0, rc: 7, target: 7);
                }
            }
        }
    }

    private void AddActiveHistory(NodeState s, PrimitiveDef p, string? lrmId = null)
    {
        lrmId ??= p.Id;
        double roll = _rng.NextDouble();
        OpDef? monitor = p.Ops.FirstOrDefault(o => o.Name == "monitor" && o.IntervalMs > 0);
        if (!_p.Failures || roll < 0.7)
        {
            AddOp(s, p, "start", 0, 0, 0, lrmId);
            if (monitor is not null)
            {
                AddOp(s, p, "monitor", monitor.IntervalMs, 0, 0, lrmId);
            }
        }
        else if (roll < 0.85 && monitor is not null)
        {
            // Recurring monitor found it failed.
            AddOp(s, p, "start", 0, 0, 0, lrmId);
            int rc = Chance(0.5) ? 7 : 1;
            AddOp(s, p, "monitor", monitor.IntervalMs, rc, 0, lrmId);
            int count = _rng.Next(1, 4);
            s.Transient[$"fail-count-{lrmId}#monitor_{monitor.IntervalMs}"] = count.ToString(CultureInfo.InvariantCulture);
            s.Transient[$"last-failure-{lrmId}#monitor_{monitor.IntervalMs}"] = "1700000000";
        }
        else if (roll < 0.95)
        {
            // Start failed: fail count goes to INFINITY (start-failure-is-fatal).
            AddOp(s, p, "start", 0, 1, 0, lrmId);
            s.Transient[$"fail-count-{lrmId}#start_0"] = "INFINITY";
            s.Transient[$"last-failure-{lrmId}#start_0"] = "1700000000";
        }
        else
        {
            // Cleanly stopped after running.
            AddOp(s, p, "start", 0, 0, 0, lrmId);
            AddOp(s, p, "stop", 0, 0, 0, lrmId);
        }
    }

    private void AddOp(NodeState s, PrimitiveDef p, string task, long intervalMs, int rc, int target, string? lrmId = null)
    {
        string id = lrmId ?? p.Id;
        LrmResource? lr = s.Lrm.FirstOrDefault(r => r.Id == id);
        if (lr is null)
        {
            lr = new LrmResource { Id = id, Class = p.Class, Provider = p.Provider, Type = p.Type };
            s.Lrm.Add(lr);
        }
        int call = ++_callId;
        string opId = intervalMs > 0 ? $"{id}_monitor_{intervalMs}" : $"{id}_last_0";
        if (rc != target && intervalMs == 0)
        {
            opId = $"{id}_last_failure_0";
        }
        lr.Ops.RemoveAll(o => o.Id == opId);
        string key = $"{call}:0:{target}:00000000-0000-0000-0000-000000000000";
        var op = new LrmOp
        {
            Id = opId,
            Operation = task,
            OperationKey = $"{id}_{task}_{intervalMs}",
            CallId = call,
            Rc = rc,
            OpStatus = rc == target ? 0 : 4,
            IntervalMs = intervalMs,
            TransitionKey = key,
            LastRcChange = 1_700_000_000,
            OpDigest = Digest(p, intervalMs),
        };
        op.Extra["crm-debug-origin"] = "do_update_resource";
        op.Extra["crm_feature_set"] = "3.16.2";
        op.Extra["transition-magic"] = $"{op.OpStatus}:{rc};{key}";
        op.Extra["exit-reason"] = string.Empty;
        op.Extra["on_node"] = s.Uname;
        op.Extra["exec-time"] = "0";
        op.Extra["queue-time"] = "0";
        lr.Ops.Add(op);
    }

    /// <summary>Pacemaker 2.1.5's op-digest (see <see cref="OpDigest"/>).</summary>
    public static string Digest(PrimitiveDef p, long intervalMs) => OpDigest.Compute(p, intervalMs);
}
