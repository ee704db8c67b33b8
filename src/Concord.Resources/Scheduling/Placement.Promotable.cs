using Concord.Resources.Cib;

namespace Concord.Resources.Scheduling;

/// <summary>Promotable clones: promotion scores (master-RSC node attributes), instance priorities and the
/// choice of promoted instances (Pacemaker's pcmk_sched_promotable.c).</summary>
internal sealed partial class Placement
{
    private readonly HashSet<SchedResource> _promotionScoresAdded = [];

    /// <summary>Instances' promotion priority/sort index (Pacemaker's priority and sort_index during role selection).</summary>
    private readonly Dictionary<SchedResource, int> _sortIndex = [];

    private void AddPromotionScores(SchedResource clone)
    {
        if (!_promotionScoresAdded.Add(clone))
        {
            return;
        }
        foreach (SchedResource child in clone.Children)
        {
            for (int i = 0; i < Nodes.Count; i++)
            {
                if (!child.Allowed[i] || !Nodes[i].Available)
                {
                    continue;
                }
                int score = PromotionScore(clone, child, Nodes[i], out _);
                if (score > 0)
                {
                    child.Weights[i] = Score.Add(child.Weights[i], score);
                }
                if (score > child.Priority)
                {
                    child.Priority = score;
                }
            }
        }
    }

    private int PromotionScore(SchedResource clone, SchedResource rsc, SchedNode node, out bool isDefault)
    {
        isDefault = true;
        if (rsc.Children.Count > 0)
        {
            int sum = 0;
            foreach (SchedResource c in rsc.Children)
            {
                sum += PromotionScore(clone, c, node, out bool childDefault);
                isDefault &= childDefault;
            }
            return sum;
        }
        if (!PromotionScoreApplies(clone, rsc, node))
        {
            return 0;
        }
        string? value = node.Attribute($"master-{rsc.HistoryName ?? rsc.Id}");
        if (value is null && !rsc.Unique && rsc.BaseId != rsc.Id)
        {
            value = node.Attribute($"master-{rsc.BaseId}");
        }
        if (value is null)
        {
            return 0;
        }
        isDefault = false;
        return Score.ParseOr(value, 0);
    }

    private bool PromotionScoreApplies(SchedResource clone, SchedResource rsc, SchedNode node)
    {
        bool allowed = rsc.Allowed[node.Index] && rsc.Weights[node.Index] >= 0;
        if (!rsc.Unique)
        {
            SchedResource? active = null;
            bool knownOn = false;
            foreach (SchedResource child in clone.Children)
            {
                SchedResource? match = child.Variant == Variant.Primitive ? (child.BaseId == rsc.BaseId ? child : null) : child.Children.FirstOrDefault(c => c.BaseId == rsc.BaseId);
                if (match is null)
                {
                    continue;
                }
                if (active is null && match.RunningOn.Contains(node))
                {
                    active = match;
                }
                knownOn |= match.KnownOn.Contains(node.Index);
            }
            if (active == rsc)
            {
                return allowed;
            }
            if (active is null && knownOn)
            {
                return allowed;
            }
        }
        if (rsc.RunningOn.Count == 0 && rsc.KnownOn.Count == 0)
        {
            return allowed;
        }
        return (rsc.KnownOn.Contains(node.Index) || rsc.RunningOn.Contains(node)) && allowed;
    }

    /// <summary>Pacemaker's pcmk__set_instance_roles.</summary>
    private void SetInstanceRoles(SchedResource clone)
    {
        var promotedCount = new int[Nodes.Count];
        foreach (SchedResource child in clone.Children)
        {
            SetInstancePriority(clone, child);
        }
        SortPromotableInstances(clone);
        int promoted = 0;
        foreach (SchedResource child in clone.Children)
        {
            _scores?.Add($"{child.Id} promotion score on {(child.AllocatedTo?.Name ?? "none")}: {Score.Format(_sortIndex.GetValueOrDefault(child))}");
            SchedNode? chosen = null;
            if (_sortIndex.GetValueOrDefault(child) >= 0 && (promoted < clone.PromotedMax || !clone.Managed))
            {
                chosen = NodeToBePromotedOn(clone, child, promotedCount);
            }
            if (chosen is null)
            {
                SetNextRoleUnpromoted(child);
                continue;
            }
            if (child.Role < Role.Promoted && !_ws.HaveQuorum && _ws.NoQuorumPolicy == NoQuorumPolicy.Freeze)
            {
                SetNextRoleUnpromoted(child);
                continue;
            }
            promotedCount[chosen.Index]++;
            SetNextRolePromoted(child);
            promoted++;
        }
    }

    private void SetInstancePriority(SchedResource clone, SchedResource instance)
    {
        if (CurrentRole(instance) == Role.Started)
        {
            SetCurrentRoleUnpromoted(instance);
        }
        SchedNode? chosen = instance.AllocatedTo;
        if (chosen is null)
        {
            return;
        }
        Role next = instance.NextRole;
        switch (next)
        {
            case Role.Started or Role.Unknown:
                instance.Priority = PromotionScore(clone, instance, chosen, out bool isDefault);
                if (isDefault)
                {
                    instance.Priority = -1;
                }
                break;
            case Role.Unpromoted or Role.Stopped:
                instance.Priority = Score.MinusInfinity;
                break;
        }
        foreach ((LocationConstraint def, SchedResource rsc) in _ws.Locations)
        {
            if ((rsc == instance || rsc == clone) && RoleText.Parse(def.Role) == Role.Promoted && def.Node == chosen.Name)
            {
                instance.Priority = Score.Add(instance.Priority, def.Score);
            }
            if (rsc == instance || rsc == clone)
            {
                foreach (Rule rule in def.Rules.Where(r => RoleText.Parse(r.Role) == Role.Promoted && RuleEvaluator.Test(r, chosen)))
                {
                    int score = rule.ScoreAttribute is { } attr ? Score.ParseOr(chosen.Attribute(attr), 0) : rule.Score;
                    instance.Priority = Score.Add(instance.Priority, rule.IsAnd ? score : Score.Add(chosen.BaseWeight, score));
                }
            }
        }
        ApplyColocationsToPriority(instance);
        _sortIndex[instance] = next == Role.Promoted ? Score.Infinity : instance.Priority;
    }

    private static Role CurrentRole(SchedResource r) => r.Children.Count > 0 ? r.Children.Select(CurrentRole).DefaultIfEmpty(Role.Stopped).Max() : r.Role;

    private static void SetCurrentRoleUnpromoted(SchedResource r)
    {
        if (r.Role == Role.Started)
        {
            r.Role = Role.Unpromoted;
        }
        foreach (SchedResource c in r.Children)
        {
            SetCurrentRoleUnpromoted(c);
        }
    }

    private static void SetNextRoleUnpromoted(SchedResource r)
    {
        r.NextRole = r.AllocatedTo is null ? Role.Stopped : Role.Unpromoted;
        foreach (SchedResource c in r.Children)
        {
            SetNextRoleUnpromoted(c);
        }
    }

    private static void SetNextRolePromoted(SchedResource r)
    {
        if (r.NextRole == Role.Unknown)
        {
            r.NextRole = Role.Promoted;
        }
        foreach (SchedResource c in r.Children)
        {
            SetNextRolePromoted(c);
        }
    }

    private SchedNode? NodeToBePromotedOn(SchedResource clone, SchedResource rsc, int[] promotedCount)
    {
        foreach (SchedResource c in rsc.Children)
        {
            if (NodeToBePromotedOn(clone, c, promotedCount) is null)
            {
                return null;
            }
        }
        SchedNode? node = rsc.AllocatedTo;
        if (node is null)
        {
            return null;
        }
        if (!rsc.Managed)
        {
            if (CurrentRole(rsc) != Role.Promoted)
            {
                return null;
            }
        }
        else if (rsc.Priority < 0)
        {
            return null;
        }
        else if (!node.Available)
        {
            return null;
        }
        if (!clone.Allowed[node.Index])
        {
            return null;
        }
        if (promotedCount[node.Index] >= clone.PromotedNodeMax && rsc.Managed)
        {
            return null;
        }
        return node;
    }

    private void SortPromotableInstances(SchedResource clone)
    {
        foreach (SchedResource child in clone.Children)
        {
            int index = _sortIndex.GetValueOrDefault(child);
            if (index >= 0 && child.AllocatedTo is { } chosen && clone.Allowed[chosen.Index])
            {
                clone.Weights[chosen.Index] = Score.Add(index, clone.Weights[chosen.Index]);
            }
        }
        // Pacemaker marks the clone as merging while it sorts, which cuts colocation recursion at the clone.
        clone.Merging = true;
        (int[] W, bool[] A) table = (clone.Weights, clone.Allowed);
        foreach (Colocation c in clone.ThisWith)
        {
            // apply_coloc_to_dependent: "promoted CLONE with X" adds X's preferences to the promotion scores
            if (c.DependentRole != Role.Promoted)
            {
                continue;
            }
            AddColocatedNodeScores(c.Primary, ref table, c.NodeAttribute, c.Score / (float)Score.Infinity, thisWith: false, onlyPositive: false, active: c.Score < Score.Infinity, initFromSelf: false);
        }
        foreach (Colocation c in clone.WithThis)
        {
            // apply_coloc_to_primary: "X with promoted CLONE" adds X's preferences to the promotion scores
            if (c.PrimaryRole != Role.Promoted || !HasInfluence(c))
            {
                continue;
            }
            AddColocatedNodeScores(c.Dependent, ref table, c.NodeAttribute, c.Score / (float)Score.Infinity, thisWith: false, onlyPositive: true, active: true, initFromSelf: false);
        }
        clone.Weights = table.W;
        clone.Allowed = table.A;
        foreach (SchedResource child in clone.Children)
        {
            SchedNode? chosen = child.AllocatedTo;
            if (!child.Managed && child.NextRole == Role.Promoted)
            {
                _sortIndex[child] = Score.Infinity;
            }
            else if (chosen is not null && _sortIndex.GetValueOrDefault(child) >= 0)
            {
                _sortIndex[child] = clone.Weights[chosen.Index];
            }
        }
        _colocatedScoreCache.Clear();
        List<SchedResource> children = [.. clone.Children];
        StableSort(children, (a, b) =>
        {
            int sa = _sortIndex.GetValueOrDefault(a);
            int sb = _sortIndex.GetValueOrDefault(b);
            if (sa != sb)
            {
                return sa > sb ? -1 : 1;
            }
            Role ra = CurrentRole(a);
            Role rb = CurrentRole(b);
            if (ra != rb)
            {
                return ra > rb ? -1 : 1;
            }
            return CompareInstances(clone, a, b);
        });
        clone.Merging = false;
        clone.Children.Clear();
        clone.Children.AddRange(children);
    }
}
