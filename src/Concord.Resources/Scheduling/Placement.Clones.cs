using Concord.Resources.Cib;

namespace Concord.Resources.Scheduling;

internal sealed partial class Placement
{
    /// <summary>Pacemaker's pcmk__clone_allocate (without promotion, handled in Placement.Promotable).</summary>
    private SchedNode? AssignClone(SchedResource clone, SchedNode? prefer)
    {
        if (!clone.Provisional || clone.Allocating)
        {
            return null;
        }
        if (clone.Promotable)
        {
            AddPromotionScores(clone);
        }
        clone.Allocating = true;
        foreach (Colocation c in clone.ThisWith.ToList())
        {
            Assign(c.Primary, prefer);
        }
        foreach (Colocation c in clone.WithThis.ToList())
        {
            if (!HasInfluence(c))
            {
                continue;
            }
            (int[] W, bool[] A) table = (clone.Weights, clone.Allowed);
            AddColocatedNodeScores(c.Dependent, ref table, c.NodeAttribute, c.Score / (float)Score.Infinity, thisWith: false, onlyPositive: true, active: true, initFromSelf: false);
            clone.Weights = table.W;
            clone.Allowed = table.A;
        }
        ShowScores("pcmk__clone_assign", clone);
        List<SchedNode> nodes = SortedAllowed(clone.Weights, clone.Allowed, null);
        List<SchedResource> children = [.. clone.Children];
        _colocatedScoreCache.Clear();
        StableSort(children, (a, b) => CompareInstances(clone, a, b));
        clone.Children.Clear();
        clone.Children.AddRange(children);
        DistributeChildren(clone, children, nodes);
        if (clone.Promotable)
        {
            SetInstanceRoles(clone);
        }
        clone.Provisional = false;
        clone.Allocating = false;
        return null;
    }

    /// <summary>GLib's g_list_sort (top-down merge sort, left wins ties). Pacemaker's instance comparison is not a
    /// total order, so only the very same algorithm gives the very same order.</summary>
    private static void StableSort(List<SchedResource> list, Comparison<SchedResource> cmp)
    {
        List<SchedResource> sorted = MergeSort(list, cmp);
        list.Clear();
        list.AddRange(sorted);
    }

    private static List<SchedResource> MergeSort(List<SchedResource> list, Comparison<SchedResource> cmp)
    {
        if (list.Count <= 1)
        {
            return [.. list];
        }
        int half = list.Count / 2;
        List<SchedResource> left = MergeSort(list.GetRange(0, half), cmp);
        List<SchedResource> right = MergeSort(list.GetRange(half, list.Count - half), cmp);
        var merged = new List<SchedResource>(list.Count);
        int i = 0;
        int j = 0;
        while (i < left.Count && j < right.Count)
        {
            merged.Add(cmp(left[i], right[j]) <= 0 ? left[i++] : right[j++]);
        }
        merged.AddRange(left.Skip(i));
        merged.AddRange(right.Skip(j));
        return merged;
    }

    private void DistributeChildren(SchedResource clone, List<SchedResource> children, List<SchedNode> nodes)
    {
        int max = clone.CloneMax;
        int allocated = 0;
        int available = 0;
        foreach (SchedNode n in nodes)
        {
            clone.Counts[n.Index] = 0;
            if (n.Available)
            {
                available++;
            }
        }
        bool allColoc = max < available;
        int loopMax = available > 0 ? max / available : 0;
        if (loopMax < 1)
        {
            loopMax = 1;
        }
        foreach (SchedResource child in children)
        {
            if (allocated >= max)
            {
                break;
            }
            // The instance's own failed flag only: a cloned group is pre-assigned even when a member failed.
            if (child.RunningOn.Count == 0 || !child.Provisional || child.Failed)
            {
                continue;
            }
            SchedNode childNode = child.RunningOn[0];
            if (!childNode.Available)
            {
                continue;
            }
            if (clone.Allowed[childNode.Index] && clone.Counts[childNode.Index] >= loopMax)
            {
                continue;
            }
            if (AllocateInstance(clone, child, childNode, allColoc, clone.CloneNodeMax) is not null)
            {
                allocated++;
            }
        }
        foreach (SchedResource child in children)
        {
            if (!child.Provisional)
            {
                continue;
            }
            if (allocated >= max)
            {
                child.AddLocation(null, Score.MinusInfinity, Nodes);
            }
            else if (AllocateInstance(clone, child, null, allColoc, clone.CloneNodeMax) is not null)
            {
                allocated++;
            }
        }
    }

    private static bool DidFail(SchedResource r) => r.Failed || r.Children.Any(DidFail);

    private SchedNode? AllocateInstance(SchedResource clone, SchedResource child, SchedNode? prefer, bool allColoc, int limit)
    {
        if (!child.Provisional)
        {
            return child.AllocatedTo;
        }
        if (child.Allocating)
        {
            return null;
        }
        AppendParentColocations(clone, child, allColoc);
        if (prefer is not null && (!child.Allowed[prefer.Index] || child.Weights[prefer.Index] < 0))
        {
            return null;
        }
        CanRunInstance(clone, child, limit);
        (int[] W, bool[] A) backup = ((int[])child.Weights.Clone(), (bool[])child.Allowed.Clone());
        SchedNode? chosen = Assign(child, prefer);
        if (chosen is not null && prefer is not null && chosen != prefer)
        {
            child.Weights = backup.W;
            child.Allowed = backup.A;
            // Pacemaker 2.1.5 never sets a group's allocated_to, so pcmk__unassign_resource leaves a cloned group
            // instance (and its members) assigned where it went, not provisional and not counted on that node.
            if (child.Variant != Variant.Group)
            {
                Unassign(child);
            }
            chosen = null;
        }
        if (chosen is not null && clone.Allowed[chosen.Index])
        {
            clone.Counts[chosen.Index]++;
        }
        return chosen;
    }

    private static void Unassign(SchedResource r)
    {
        foreach (SchedResource c in r.Children)
        {
            Unassign(c);
        }
        if (r.AllocatedTo is { } old)
        {
            if (r.Variant == Variant.Primitive)
            {
                old.AssignedCount--;
            }
            r.AllocatedTo = null;
            r.NextRole = Role.Unknown;
        }
        r.Provisional = true;
    }

    private void CanRunInstance(SchedResource clone, SchedResource child, int limit)
    {
        for (int i = 0; i < Nodes.Count; i++)
        {
            if (!child.Allowed[i])
            {
                continue;
            }
            SchedNode node = Nodes[i];
            if (!node.Available || child.Orphan)
            {
                UpdateScore(child, node, Score.MinusInfinity);
            }
            else if (!clone.Allowed[i])
            {
                UpdateScore(child, node, Score.MinusInfinity);
            }
            else if (clone.Weights[i] < 0)
            {
                // Pacemaker adds the parent's negative score and then bans the node as well.
                UpdateScore(child, node, clone.Weights[i]);
                UpdateScore(child, node, Score.MinusInfinity);
            }
            else if (clone.Counts[i] >= limit)
            {
                UpdateScore(child, node, Score.MinusInfinity);
            }
        }
    }

    /// <summary>Pacemaker's common_update_score: add to existing entries of a resource and its children.</summary>
    private static void UpdateScore(SchedResource r, SchedNode node, int score)
    {
        if (r.Allowed[node.Index])
        {
            r.Weights[node.Index] = Score.Add(r.Weights[node.Index], score);
        }
        foreach (SchedResource c in r.Children)
        {
            UpdateScore(c, node, score);
        }
    }

    private static void AppendParentColocations(SchedResource clone, SchedResource child, bool all)
    {
        foreach (Colocation c in clone.ThisWith)
        {
            if (all || c.Score < 0 || c.Score == Score.Infinity)
            {
                InsertByPrimary(child.ThisWith, c);
            }
        }
        foreach (Colocation c in clone.WithThis)
        {
            if (!(c.Influence || child.RunningOn.Count == 0))
            {
                continue;
            }
            if (all || c.Score < 0)
            {
                InsertByDependent(child.WithThis, c);
            }
        }
    }

    /// <summary>Pacemaker's pcmk__cmp_instance: which clone instance to place first.</summary>
    private int CompareInstances(SchedResource clone, SchedResource a, SchedResource b)
    {
        int na = a.RunningOn.Count;
        int nb = b.RunningOn.Count;
        SchedNode? node1 = a.CurrentNode;
        SchedNode? node2 = b.CurrentNode;
        if (na > 0 && nb > 0 && na != nb)
        {
            return na < nb ? -1 : 1;
        }
        bool can1 = node1 is null || (a.Allowed[node1.Index] && a.Weights[node1.Index] >= 0);
        bool can2 = node2 is null || (b.Allowed[node2.Index] && b.Weights[node2.Index] >= 0);
        if (!can1)
        {
            node1 = null;
        }
        if (!can2)
        {
            node2 = null;
        }
        if (can1 != can2)
        {
            return can1 ? -1 : 1;
        }
        if (a.Priority != b.Priority)
        {
            return a.Priority > b.Priority ? -1 : 1;
        }
        if (node1 is null && node2 is null)
        {
            return 0;
        }
        if (node1 is null)
        {
            return 1;
        }
        if (node2 is null)
        {
            return -1;
        }
        if (node1.Available != node2.Available)
        {
            return node1.Available ? -1 : 1;
        }
        bool top1 = clone.Allowed[node1.Index];
        bool top2 = clone.Allowed[node2.Index];
        if (!top1 && !top2)
        {
            return 0;
        }
        if (!top1)
        {
            return 1;
        }
        if (!top2)
        {
            return -1;
        }
        if (clone.Counts[node1.Index] != clone.Counts[node2.Index])
        {
            return clone.Counts[node1.Index] < clone.Counts[node2.Index] ? -1 : 1;
        }
        bool f1 = DidFail(a);
        bool f2 = DidFail(b);
        if (f1 != f2)
        {
            return f1 ? 1 : -1;
        }
        int byColoc = CompareByColocation(clone, a, b, node1, node2);
        if (byColoc != 0)
        {
            return byColoc;
        }
        return a.InstanceNumber.CompareTo(b.InstanceNumber);
    }

    /// <summary>Colocation scores of instances on their current node; nothing they depend on changes during one sort.</summary>
    private readonly Dictionary<SchedResource, int> _colocatedScoreCache = [];

    private int CompareByColocation(SchedResource clone, SchedResource a, SchedResource b, SchedNode n1, SchedNode n2)
    {
        int s1 = CachedColocatedScore(clone, a, a.CurrentNode ?? n1);
        int s2 = CachedColocatedScore(clone, b, b.CurrentNode ?? n2);
        return s1 < s2 ? 1 : s1 > s2 ? -1 : 0;
    }

    private int CachedColocatedScore(SchedResource clone, SchedResource instance, SchedNode node)
    {
        if (!_colocatedScoreCache.TryGetValue(instance, out int score))
        {
            score = ParentColocatedScore(clone, instance, node);
            _colocatedScoreCache[instance] = score;
        }
        return score;
    }

    private int ParentColocatedScore(SchedResource clone, SchedResource instance, SchedNode node)
    {
        var w = new int[Nodes.Count];
        var allowed = new bool[Nodes.Count];
        allowed[node.Index] = true;
        w[node.Index] = node.BaseWeight; // a copy of the node: -INFINITY when it is offline
        (int[] W, bool[] A) table = (w, allowed);
        foreach (Colocation c in clone.ThisWith)
        {
            AddColocatedNodeScores(c.Primary, ref table, c.NodeAttribute, c.Score / (float)Score.Infinity, thisWith: false, onlyPositive: false, active: false, initFromSelf: false);
        }
        foreach (Colocation c in clone.WithThis)
        {
            if (!(c.Influence || instance.RunningOn.Count == 0))
            {
                continue;
            }
            AddColocatedNodeScores(c.Dependent, ref table, c.NodeAttribute, c.Score / (float)Score.Infinity, thisWith: false, onlyPositive: true, active: false, initFromSelf: false);
        }
        return table.W[node.Index];
    }

    /// <summary>Dependent colocated with a clone (pcmk__clone_apply_coloc_score, non-interleaved).</summary>
    private void ApplyColocationWithClone(SchedResource dependent, SchedResource clone, Colocation c)
    {
        if (clone.Provisional)
        {
            return;
        }
        if (clone.Promotable && c.PrimaryRole != Role.Unknown && ApplyColocationWithPromotable(dependent, clone, c))
        {
            return;
        }
        if (c.Score >= Score.Infinity)
        {
            var keep = new bool[Nodes.Count];
            foreach (SchedResource child in clone.Children)
            {
                if (child.AllocatedTo is { } chosen && !IsBlockedRecursive(child))
                {
                    keep[chosen.Index] = true;
                }
            }
            for (int i = 0; i < Nodes.Count; i++)
            {
                if (dependent.Allowed[i] && !keep[i])
                {
                    dependent.Weights[i] = Score.MinusInfinity;
                }
                else if (!dependent.Allowed[i] && keep[i])
                {
                    dependent.SetWeight(Nodes[i], Score.MinusInfinity);
                }
            }
            return;
        }
        foreach (SchedResource child in clone.Children)
        {
            ApplyColocationScore(dependent, child, c);
        }
    }

    private static bool IsBlockedRecursive(SchedResource r) => r.Blocked || r.Children.Any(IsBlockedRecursive);
}
