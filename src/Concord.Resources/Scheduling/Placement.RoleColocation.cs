using Concord.Resources.Cib;

namespace Concord.Resources.Scheduling;

/// <summary>Colocations that name a role: a dependent placed with a role of a promotable clone, and the promotion
/// priority of promotable instances that are the dependent of a colocation with a role (Pacemaker 2.1.5's
/// pcmk__update_dependent_with_promotable, pcmk__update_promotable_dependent_priority, pcmk__apply_coloc_to_priority).</summary>
internal sealed partial class Placement
{
    /// <summary>Dependent colocated with a role of an assigned promotable clone. Returns false when the colocation is
    /// handled like a colocation with a plain clone (an assigned dependent whose own role is not Promoted).</summary>
    private bool ApplyColocationWithPromotable(SchedResource dependent, SchedResource clone, Colocation c)
    {
        if (dependent.Provisional)
        {
            UpdateDependentWithPromotable(dependent, clone, c);
            return true;
        }
        if (c.DependentRole == Role.Promoted)
        {
            UpdatePromotableDependentPriority(dependent, clone, c);
            return true;
        }
        return false;
    }

    /// <summary>While the dependent is placed: the nodes of the instances in the colocation's role are "affected".</summary>
    private void UpdateDependentWithPromotable(SchedResource dependent, SchedResource clone, Colocation c)
    {
        var affected = new bool[Nodes.Count];
        var affectedWeight = new int[Nodes.Count];
        foreach (SchedResource child in clone.Children)
        {
            SchedNode? chosen = child.AllocatedTo;
            if (chosen is null || NextRoleOf(child) != c.PrimaryRole)
            {
                continue;
            }
            if (c.Score < Score.Infinity)
            {
                AddScoreWhereAttributeMatches(dependent, chosen, c);
            }
            // pe_find_node_id finds the first copy in the (prepended) list, i.e. the last instance
            affected[chosen.Index] = true;
            affectedWeight[chosen.Index] = InstanceWeight(child);
        }
        // Promoted-with-promoted skips the ban, or dependent instances could not even start unpromoted.
        if (c.Score >= Score.Infinity && (c.DependentRole != Role.Promoted || c.PrimaryRole != Role.Promoted))
        {
            // node_list_exclude(..., merge_scores=TRUE)
            for (int i = 0; i < Nodes.Count; i++)
            {
                if (dependent.Allowed[i])
                {
                    dependent.Weights[i] = affected[i] ? Score.Add(dependent.Weights[i], affectedWeight[i]) : Score.MinusInfinity;
                }
                else if (affected[i])
                {
                    dependent.SetWeight(Nodes[i], Score.MinusInfinity);
                }
            }
        }
    }

    /// <summary>update_dependent_allowed_nodes compares the node attribute (default #uname) on every allowed node.</summary>
    private void AddScoreWhereAttributeMatches(SchedResource dependent, SchedNode primaryNode, Colocation c)
    {
        string attribute = c.NodeAttribute ?? "#uname";
        string? value = primaryNode.Attribute(attribute);
        for (int i = 0; i < Nodes.Count; i++)
        {
            if (dependent.Allowed[i] && string.Equals(Nodes[i].Attribute(attribute), value, StringComparison.OrdinalIgnoreCase))
            {
                dependent.Weights[i] = Score.Add(dependent.Weights[i], c.Score);
            }
        }
    }

    /// <summary>While roles are chosen for an assigned promotable instance: "promoted X with (role of) CLONE" raises its
    /// priority when a primary instance in that role shares its node, and rules promotion out when the colocation is
    /// mandatory and none does.</summary>
    private static void UpdatePromotableDependentPriority(SchedResource dependent, SchedResource clone, Colocation c)
    {
        SchedNode? node = dependent.AllocatedTo;
        bool paired = node is not null && clone.Children.Any(child =>
            NextRoleOf(child) == c.PrimaryRole && !IsBlockedRecursive(child) && child.AllocatedTo == node);
        if (paired)
        {
            dependent.Priority = Score.Add(dependent.Priority, c.Score);
        }
        else if (c.Score >= Score.Infinity)
        {
            dependent.Priority = Score.MinusInfinity;
        }
    }

    /// <summary>set_instance_priority applies each of the instance's "this with" colocations once more, now that it is
    /// assigned; only those naming a role of the instance change anything (its priority).</summary>
    private void ApplyColocationsToPriority(SchedResource instance)
    {
        // A cloned group's colocations live on its members, whose priority does not decide promotion.
        if (instance.Variant != Variant.Primitive)
        {
            return;
        }
        foreach (Colocation c in instance.ThisWith.ToList())
        {
            ApplyColocationScore(instance, c.Primary, c);
        }
    }

    /// <summary>pcmk__colocation_affects' "role" outcome: an assigned promotable instance as the dependent of a
    /// colocation that names its role.</summary>
    private static bool AffectsPriority(SchedResource dependent, SchedResource primary, Colocation c) =>
        !primary.Provisional && c.DependentRole >= Role.Unpromoted && dependent.Parent is { Promotable: true } && !dependent.Provisional;

    /// <summary>Pacemaker's pcmk__apply_coloc_to_priority (a primitive primary).</summary>
    private static void ApplyColocationToPriority(SchedResource dependent, SchedResource primary, Colocation c)
    {
        if (primary.AllocatedTo is not { } primaryNode || dependent.AllocatedTo is not { } dependentNode)
        {
            return;
        }
        string attribute = c.NodeAttribute ?? "#id";
        if (!string.Equals(dependentNode.Attribute(attribute), primaryNode.Attribute(attribute), StringComparison.OrdinalIgnoreCase))
        {
            if (c.Score == Score.Infinity && c.DependentRole == Role.Promoted)
            {
                dependent.Priority = Score.MinusInfinity;
            }
            return;
        }
        if (c.PrimaryRole != Role.Unknown && c.PrimaryRole != primary.NextRole)
        {
            return;
        }
        int score = c.DependentRole == Role.Unpromoted ? -c.Score : c.Score;
        dependent.Priority = Score.Add(score, dependent.Priority);
    }

    private static Role NextRoleOf(SchedResource r) =>
        r.Children.Count > 0 ? r.Children.Select(NextRoleOf).DefaultIfEmpty(Role.Unknown).Max() : r.NextRole;

    private static int InstanceWeight(SchedResource instance) =>
        instance.Children.Count > 0 ? InstanceWeight(instance.Children[0]) : instance.AllocatedWeight;
}
