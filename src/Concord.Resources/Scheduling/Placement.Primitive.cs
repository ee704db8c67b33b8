using Concord.Resources.Cib;

namespace Concord.Resources.Scheduling;

internal sealed partial class Placement
{
    private SchedNode? AssignPrimitive(SchedResource rsc, SchedNode? prefer)
    {
        if (rsc.Parent is { } parent && !parent.Allocating)
        {
            Assign(parent, prefer);
        }
        if (!rsc.Provisional)
        {
            return rsc.AllocatedTo;
        }
        if (rsc.Allocating)
        {
            return null;
        }
        rsc.Allocating = true;

        foreach (Colocation c in rsc.ThisWith.ToList())
        {
            ApplyThisWith(c, rsc);
        }
        foreach (Colocation c in rsc.WithThis.ToList())
        {
            ApplyWithThis(c, rsc);
        }

        if (rsc.NextRole == Role.Stopped)
        {
            rsc.AddLocation(null, Score.MinusInfinity, Nodes);
        }
        else if (rsc.NextRole > rsc.Role && !_ws.HaveQuorum && _ws.NoQuorumPolicy == NoQuorumPolicy.Freeze)
        {
            rsc.NextRole = rsc.Role;
        }
        ShowScores("pcmk__primitive_assign", rsc);

        if (_ws.StonithEnabled && !_ws.HaveStonithResource)
        {
            rsc.Managed = false;
        }
        if (!rsc.Managed)
        {
            rsc.NextRole = rsc.Role;
            Finalize(rsc, rsc.CurrentNode, force: true);
        }
        else if (_ws.StopEverything)
        {
            Finalize(rsc, null, force: true);
        }
        else
        {
            AssignBestNode(rsc, prefer);
        }
        rsc.Allocating = false;
        return rsc.AllocatedTo;
    }

    private void ApplyThisWith(Colocation c, SchedResource rsc)
    {
        (int[] W, bool[] A)? archive = null;
        if (c.DependentRole >= Role.Promoted || (c.Score < 0 && c.Score > Score.MinusInfinity))
        {
            archive = ((int[])rsc.Weights.Clone(), (bool[])rsc.Allowed.Clone());
        }
        Assign(c.Primary, null);
        ApplyColocationScore(rsc, c.Primary, c);
        if (archive is { } a && !AnyAvailable(rsc.Weights, rsc.Allowed))
        {
            rsc.Weights = a.W;
            rsc.Allowed = a.A;
        }
    }

    private void ApplyWithThis(Colocation c, SchedResource rsc)
    {
        if (!HasInfluence(c))
        {
            return;
        }
        float factor = c.Score / (float)Score.Infinity;
        (int[] W, bool[] A) table = (rsc.Weights, rsc.Allowed);
        AddColocatedNodeScores(c.Dependent, ref table, c.NodeAttribute, factor, thisWith: false, onlyPositive: false, active: true, initFromSelf: false);
        rsc.Weights = table.W;
        rsc.Allowed = table.A;
    }

    private static bool HasInfluence(Colocation c) => c.Influence || c.Primary.RunningOn.Count == 0;

    /// <summary>Dependent-side application of a colocation (primitive or group dependent).</summary>
    private void ApplyColocationScore(SchedResource dependent, SchedResource primary, Colocation c)
    {
        if (dependent.Variant == Variant.Group)
        {
            // Colocate the first member; internal colocations handle the rest.
            ApplyColocationScore(dependent.Children[0], primary, c);
            return;
        }
        if (primary.Variant == Variant.Clone)
        {
            ApplyColocationWithClone(dependent, primary, c);
            return;
        }
        if (primary.Variant == Variant.Group)
        {
            if (primary.Provisional)
            {
                return;
            }
            SchedResource member = c.Score >= Score.Infinity ? primary.Children[^1] : primary.Children[0];
            ApplyColocationScore(dependent, member, c);
            return;
        }
        if (AffectsPriority(dependent, primary, c))
        {
            ApplyColocationToPriority(dependent, primary, c);
            return;
        }
        if (!Affects(dependent, primary, c))
        {
            return;
        }
        ApplyToWeights(dependent, primary, c);
    }

    private static bool Affects(SchedResource dependent, SchedResource primary, Colocation c)
    {
        if (primary.Provisional)
        {
            return false;
        }
        if (!dependent.Provisional)
        {
            return false;
        }
        if (c.Score > 0 && c.DependentRole != Role.Unknown && c.DependentRole != dependent.NextRole)
        {
            return false;
        }
        if (c.Score > 0 && c.PrimaryRole != Role.Unknown && c.PrimaryRole != primary.NextRole)
        {
            return false;
        }
        if (c.Score < 0 && c.DependentRole != Role.Unknown && c.DependentRole == dependent.NextRole)
        {
            return false;
        }
        if (c.Score < 0 && c.PrimaryRole != Role.Unknown && c.PrimaryRole == primary.NextRole)
        {
            return false;
        }
        return true;
    }

    private void ApplyToWeights(SchedResource dependent, SchedResource primary, Colocation c)
    {
        string attribute = c.NodeAttribute ?? "#id";
        string? value = null;
        if (primary.AllocatedTo is { } at)
        {
            value = at.Attribute(attribute);
        }
        else if (c.Score < 0)
        {
            return;
        }
        int[] work = (int[])dependent.Weights.Clone();
        for (int i = 0; i < Nodes.Count; i++)
        {
            if (!dependent.Allowed[i])
            {
                continue;
            }
            SchedNode node = Nodes[i];
            if (primary.AllocatedTo is null)
            {
                work[i] = Score.Add(-c.Score, work[i]);
            }
            else if (string.Equals(node.Attribute(attribute), value, StringComparison.OrdinalIgnoreCase))
            {
                if (c.Score < Score.Infinity)
                {
                    work[i] = Score.Add(c.Score, work[i]);
                }
            }
            else if (c.Score >= Score.Infinity)
            {
                work[i] = Score.Add(-c.Score, work[i]);
            }
        }
        if (c.IsMandatory || AnyAvailable(work, dependent.Allowed))
        {
            dependent.Weights = work;
        }
    }

    private bool AnyAvailable(int[] weights, bool[] allowed)
    {
        for (int i = 0; i < Nodes.Count; i++)
        {
            if (allowed[i] && Nodes[i].Available && weights[i] >= 0)
            {
                return true;
            }
        }
        return false;
    }

    private const int InfinityHack = Score.Infinity * -100;

    /// <summary>Pacemaker's pcmk__add_colocated_node_scores: fold another resource's (attenuated) scores into a table.</summary>
    private void AddColocatedNodeScores(SchedResource rsc, ref (int[] W, bool[] A) nodes, string? attr, float factor, bool thisWith, bool onlyPositive, bool active, bool initFromSelf)
    {
        if (rsc.Merging)
        {
            return;
        }
        rsc.Merging = true;
        (int[] W, bool[] A) work;
        if (rsc.Variant == Variant.Group)
        {
            if (rsc.Children.Count == 0)
            {
                rsc.Merging = false;
                return;
            }
            SchedResource member = initFromSelf ? rsc.Children[^1] : rsc.Children[0];
            work = ((int[])nodes.W.Clone(), (bool[])nodes.A.Clone());
            AddColocatedNodeScores(member, ref work, attr, factor, thisWith, onlyPositive, active, initFromSelf);
        }
        else if (initFromSelf)
        {
            work = ((int[])rsc.Weights.Clone(), (bool[])rsc.Allowed.Clone());
        }
        else
        {
            work = ((int[])nodes.W.Clone(), (bool[])nodes.A.Clone());
            AddMatchingScores(work, rsc, attr, factor, onlyPositive);
        }

        if (AnyAvailable(work.W, work.A))
        {
            float multiplier = factor < 0 ? -1f : 1f;
            List<Colocation> list = thisWith ? [.. rsc.ThisWith]
                : rsc.Variant == Variant.Group ? [.. rsc.Children[^1].WithThis]
                : [.. rsc.WithThis];
            foreach (Colocation c in list)
            {
                float otherFactor = multiplier * c.Score / Score.Infinity;
                SchedResource other;
                if (thisWith)
                {
                    other = c.Primary;
                }
                else if (!HasInfluence(c))
                {
                    continue;
                }
                else
                {
                    other = c.Dependent;
                }
                AddColocatedNodeScores(other, ref work, c.NodeAttribute, otherFactor, thisWith, onlyPositive, active: true, initFromSelf: false);
            }
        }
        else if (active)
        {
            rsc.Merging = false;
            return;
        }
        if (onlyPositive)
        {
            for (int i = 0; i < work.W.Length; i++)
            {
                if (work.A[i] && work.W[i] == InfinityHack)
                {
                    work.W[i] = 1;
                }
            }
        }
        nodes = work;
        rsc.Merging = false;
    }

    private void AddMatchingScores((int[] W, bool[] A) work, SchedResource rsc, string? attr, float factor, bool onlyPositive)
    {
        attr ??= "#uname";
        for (int i = 0; i < Nodes.Count; i++)
        {
            if (!work.A[i])
            {
                continue;
            }
            int score = BestScoreMatching(rsc, attr, Nodes[i].Attribute(attr));
            if (factor < 0 && score < 0)
            {
                continue;
            }
            if (work.W[i] == InfinityHack)
            {
                continue;
            }
            float weightF = factor * score;
            int weight = (int)(weightF < 0 ? weightF - 0.5f : weightF + 0.5f);
            if (weight == 0 && score != 0)
            {
                weight = factor > 0 ? 1 : factor < 0 ? -1 : 0;
            }
            int newScore = Score.Add(weight, work.W[i]);
            if (onlyPositive && newScore < 0 && work.W[i] > 0)
            {
                work.W[i] = InfinityHack;
                continue;
            }
            if (onlyPositive && newScore < 0 && work.W[i] == 0)
            {
                continue;
            }
            work.W[i] = newScore;
        }
    }

    private int BestScoreMatching(SchedResource rsc, string attr, string? value)
    {
        int best = Score.MinusInfinity;
        for (int i = 0; i < Nodes.Count; i++)
        {
            if (rsc.Allowed[i] && rsc.Weights[i] > best && Nodes[i].Available
                && string.Equals(value, Nodes[i].Attribute(attr), StringComparison.OrdinalIgnoreCase))
            {
                best = rsc.Weights[i];
            }
        }
        return best;
    }

    /// <summary>Sort candidate nodes as Pacemaker's compare_nodes: score, assigned count, then name.</summary>
    private List<SchedNode> SortedAllowed(int[] weights, bool[] allowed, SchedNode? active)
    {
        var list = new List<SchedNode>();
        for (int i = 0; i < Nodes.Count; i++)
        {
            if (allowed[i])
            {
                list.Add(Nodes[i]);
            }
        }
        list.Sort((a, b) =>
        {
            int wa = a.Available ? weights[a.Index] : Score.MinusInfinity;
            int wb = b.Available ? weights[b.Index] : Score.MinusInfinity;
            if (wa != wb)
            {
                return wa > wb ? -1 : 1;
            }
            if (a.AssignedCount != b.AssignedCount)
            {
                return a.AssignedCount < b.AssignedCount ? -1 : 1;
            }
            if (active is not null && (a == active || b == active) && a != b)
            {
                return a == active ? -1 : 1;
            }
            return string.CompareOrdinal(a.Name, b.Name);
        });
        return list;
    }

    private void AssignBestNode(SchedResource rsc, SchedNode? prefer)
    {
        List<SchedNode> nodes = SortedAllowed(rsc.Weights, rsc.Allowed, rsc.CurrentNode);
        SchedNode? best = nodes.Count > 0 ? nodes[0] : null;
        SchedNode? chosen = null;
        if (prefer is not null && best is not null)
        {
            if (rsc.Allowed[prefer.Index] && rsc.Weights[prefer.Index] >= rsc.Weights[best.Index] && prefer.Available && rsc.Weights[prefer.Index] >= 0)
            {
                chosen = prefer;
            }
        }
        if (chosen is null && best is not null)
        {
            chosen = best;
            int chosenWeight = rsc.Weights[chosen.Index];
            if (rsc.Parent is not { Variant: Variant.Clone, Unique: true } && chosenWeight > 0 && chosen.Available)
            {
                SchedNode? running = rsc.CurrentNode;
                if (running is not null && running.Available)
                {
                    for (int i = 1; i < nodes.Count; i++)
                    {
                        if (rsc.Weights[nodes[i].Index] != chosenWeight)
                        {
                            break;
                        }
                        if (nodes[i] == running)
                        {
                            chosen = nodes[i];
                        }
                    }
                }
            }
        }
        Finalize(rsc, chosen, force: false);
    }

    private void Finalize(SchedResource rsc, SchedNode? chosen, bool force)
    {
        if (!force && chosen is not null && (rsc.Weights[chosen.Index] < 0 || !chosen.Available))
        {
            rsc.NextRole = Role.Stopped;
            chosen = null;
        }
        rsc.Provisional = false;
        if (chosen is null)
        {
            rsc.AllocatedTo = null;
            rsc.NextRole = Role.Stopped;
            return;
        }
        rsc.AllocatedTo = chosen;
        rsc.AllocatedWeight = rsc.Allowed[chosen.Index] ? rsc.Weights[chosen.Index] : 0;
        chosen.AssignedCount++;
    }
}
