using Concord.Resources.Cib;

namespace Concord.Resources.Scheduling;

/// <summary>Assigns resources to nodes: location constraints, stickiness, failure thresholds, colocation
/// (Pacemaker's apply_node_criteria + allocate_resources).</summary>
internal sealed partial class Placement
{
    private readonly WorkingSet _ws;
    private readonly List<string>? _scores;
    private readonly List<SchedNode> _nodesByName;

    public Placement(WorkingSet ws, List<string>? scores)
    {
        _ws = ws;
        _scores = scores;
        _nodesByName = [.. ws.Nodes.OrderBy(n => n.Name, StringComparer.Ordinal)];
    }

    private IReadOnlyList<SchedNode> Nodes => _ws.Nodes;

    public void ApplyNodeCriteria()
    {
        foreach ((LocationConstraint def, SchedResource rsc) in _ws.Locations)
        {
            ApplyLocation(def, rsc);
        }
        foreach (SchedResource r in _ws.Resources)
        {
            ApplyStickiness(r);
        }
        foreach (SchedNode node in Nodes)
        {
            foreach (SchedResource r in _ws.Resources)
            {
                CheckFailureThreshold(r, node);
            }
        }
    }

    private void ApplyLocation(LocationConstraint def, SchedResource rsc)
    {
        if (def.Node is not null)
        {
            SchedNode? node = _ws.FindNode(def.Node);
            if (node is null)
            {
                return;
            }
            Role filter = RoleText.Parse(def.Role);
            if (filter is Role.Started or Role.Unpromoted)
            {
                filter = Role.Unknown;
            }
            ApplyToResource(rsc, filter, [(node, def.Score)]);
            return;
        }
        foreach (Rule rule in def.Rules)
        {
            Role filter = RoleText.Parse(rule.Role);
            if (filter == Role.Unpromoted)
            {
                filter = Role.Unknown;
            }
            var matched = new List<(SchedNode, int)>();
            foreach (SchedNode node in Nodes)
            {
                if (RuleEvaluator.Test(rule, node))
                {
                    int score = rule.ScoreAttribute is { } attr ? Score.ParseOr(node.Attribute(attr), 0) : rule.Score;
                    // Pacemaker copies the node for "or" rules, so its list weight (-INFINITY when offline) is added.
                    matched.Add((node, rule.IsAnd ? score : Score.Add(node.BaseWeight, score)));
                }
            }
            if (matched.Count > 0)
            {
                ApplyToResource(rsc, filter, matched);
            }
        }
    }

    private static void ApplyToResource(SchedResource rsc, Role filter, List<(SchedNode Node, int Score)> nodes)
    {
        if (rsc.Variant == Variant.Clone)
        {
            ApplyOne(rsc, filter, nodes);
            foreach (SchedResource child in rsc.Children)
            {
                ApplyToResource(child, filter, nodes);
            }
            return;
        }
        if (rsc.Variant == Variant.Group)
        {
            ApplyOne(rsc, filter, nodes);
            bool first = true;
            foreach (SchedResource member in rsc.Children)
            {
                // Only the first member of a colocated group carries the scores; later members get 0 entries.
                ApplyOne(member, filter, first ? nodes : [.. nodes.Select(n => (n.Node, 0))]);
                first = false;
            }
            return;
        }
        ApplyOne(rsc, filter, nodes);
    }

    private static void ApplyOne(SchedResource rsc, Role filter, List<(SchedNode Node, int Score)> nodes)
    {
        if (filter > Role.Unknown && filter != rsc.NextRole)
        {
            return;
        }
        foreach ((SchedNode node, int score) in nodes)
        {
            if (rsc.Allowed[node.Index])
            {
                rsc.Weights[node.Index] = Score.Add(rsc.Weights[node.Index], score);
            }
            else
            {
                rsc.SetWeight(node, score);
            }
        }
    }

    private void ApplyStickiness(SchedResource rsc)
    {
        if (rsc.Children.Count > 0)
        {
            foreach (SchedResource c in rsc.Children)
            {
                ApplyStickiness(c);
            }
            return;
        }
        if (!rsc.Managed || rsc.Stickiness < 1 || rsc.RunningOn.Count != 1)
        {
            return;
        }
        SchedNode node = rsc.RunningOn[0];
        if (!_ws.SymmetricCluster && !rsc.Allowed[node.Index])
        {
            return;
        }
        rsc.AddLocation(node, rsc.Stickiness, Nodes);
    }

    private void CheckFailureThreshold(SchedResource rsc, SchedNode node)
    {
        if (rsc.Children.Count > 0)
        {
            foreach (SchedResource c in rsc.Children)
            {
                CheckFailureThreshold(c, node);
            }
            return;
        }
        if (rsc.MigrationThreshold == 0)
        {
            return;
        }
        if (rsc.Orphan)
        {
            return;
        }
        int fails = _ws.FailCount(rsc, node, effective: true);
        if (fails <= 0)
        {
            return;
        }
        // Pacemaker bans the uber-parent unless it is a group/unique clone: failures of a group member ban the member.
        if (fails >= rsc.MigrationThreshold)
        {
            SchedResource banned = WorkingSet.BanTarget(rsc);
            _ws.Warn($"{banned.Id} cannot run on {node.Name} until its {fails} failure(s) are cleared (migration-threshold={Score.Format(rsc.MigrationThreshold)})");
            banned.AddLocation(node, Score.MinusInfinity, Nodes);
        }
    }

    /// <summary>Assign every resource in allocation order.</summary>
    public void AssignAll()
    {
        foreach (SchedResource r in _ws.Resources)
        {
            Assign(r, null);
        }
    }

    public SchedNode? Assign(SchedResource rsc, SchedNode? prefer) => rsc.Variant switch
    {
        Variant.Group => AssignGroup(rsc, prefer),
        Variant.Clone => AssignClone(rsc, prefer),
        _ => AssignPrimitive(rsc, prefer),
    };

    private SchedNode? AssignGroup(SchedResource rsc, SchedNode? prefer)
    {
        if (!rsc.Provisional)
        {
            return rsc.AllocatedTo;
        }
        if (rsc.Allocating)
        {
            return null;
        }
        rsc.Allocating = true;
        SchedResource first = rsc.Children[0];
        rsc.Role = first.Role;
        ExpandGroupColocations(rsc);
        ShowScores("pcmk__group_assign", rsc);
        SchedNode? firstNode = null;
        foreach (SchedResource member in rsc.Children)
        {
            SchedNode? node = AssignPrimitive(member, prefer);
            firstNode ??= node;
        }
        rsc.NextRole = first.NextRole;
        rsc.Allocating = false;
        rsc.Provisional = false;
        rsc.AllocatedTo = firstNode;
        return firstNode;
    }

    private static void ExpandGroupColocations(SchedResource group)
    {
        SchedResource first = group.Children[0];
        foreach (Colocation c in group.ThisWith)
        {
            InsertByPrimary(first.ThisWith, c);
        }
        bool anyUnmanaged = !first.Managed;
        foreach (SchedResource member in group.Children.Skip(1))
        {
            if (anyUnmanaged)
            {
                foreach (Colocation c in group.ThisWith.Where(c => c.Score == Score.Infinity))
                {
                    InsertByPrimary(member.ThisWith, c);
                }
            }
            else if (!member.Managed)
            {
                anyUnmanaged = true;
            }
        }
        group.ThisWith.Clear();
        SchedResource last = group.Children[^1];
        foreach (Colocation c in group.WithThis)
        {
            InsertByDependent(last.WithThis, c);
        }
        group.WithThis.Clear();
    }

    private static void InsertByPrimary(List<Colocation> list, Colocation c) => InsertSorted(list, c, static (a, b) => ComparePriority(a.Primary, b.Primary));

    private static void InsertByDependent(List<Colocation> list, Colocation c) => InsertSorted(list, c, static (a, b) => ComparePriority(a.Dependent, b.Dependent));

    internal static int ComparePriority(SchedResource x, SchedResource y)
    {
        if (x.Priority != y.Priority)
        {
            return x.Priority > y.Priority ? -1 : 1;
        }
        if (x.Variant != y.Variant)
        {
            return x.Variant > y.Variant ? -1 : 1;
        }
        return string.CompareOrdinal(x.Id, y.Id);
    }

    internal static void InsertSorted(List<Colocation> list, Colocation c, Comparison<Colocation> cmp)
    {
        int i = 0;
        while (i < list.Count && cmp(c, list[i]) > 0)
        {
            i++;
        }
        list.Insert(i, c);
    }

    private void ShowScores(string function, SchedResource rsc)
    {
        if (_scores is null)
        {
            return;
        }
        foreach (SchedNode n in _nodesByName)
        {
            if (rsc.Allowed[n.Index])
            {
                _scores.Add($"{function}: {rsc.Id} allocation score on {n.Name}: {Score.Format(rsc.Weights[n.Index])}");
            }
        }
    }
}
