using Concord.Resources.Cib;

namespace Concord.Resources.Scheduling;

internal sealed partial class ActionGraph
{
    private bool CanFence(SchedNode node) =>
        _ws.StonithEnabled && _ws.HaveStonithResource && (_ws.HaveQuorum || _ws.NoQuorumPolicy == NoQuorumPolicy.Ignore || node.Online);

    /// <summary>Fence unclean nodes; stops there become pseudo-actions implied by the fencing (schedule_fencing_and_shutdowns).</summary>
    public void ScheduleFencing()
    {
        bool haveManaged = _ws.Primitives.Any(r => r.Managed);
        var fenced = new Dictionary<SchedNode, SchedAction>();
        var order = new List<SchedNode>(_ws.FenceList);
        order.AddRange(_ws.Nodes.Where(n => n.Unclean && !_ws.FenceList.Contains(n)));
        foreach (SchedNode node in order)
        {
            if (!node.Unclean)
            {
                continue;
            }
            bool fence = haveManaged && CanFence(node);
            SchedAction op = Custom(null, "stonith", node, optional: !fence);
            op.Detail = _ws.StonithAction;
            op.Reason ??= node.FenceReason ?? "node is unclean";
            if (!fence)
            {
                if (!CanFence(node))
                {
                    _ws.Warnings.Add($"node {node.Name} is unclean but cannot be fenced");
                }
                continue;
            }
            fenced[node] = op;
            foreach (SchedResource rsc in _ws.Primitives)
            {
                if (!rsc.Managed)
                {
                    continue;
                }
                foreach (SchedAction a in rsc.Actions.ToList())
                {
                    if (a.Task == "stop" && a.Node == node)
                    {
                        a.Pseudo = true;
                        a.Runnable = true;
                        Order(op, a, OrderFlags.Preserve);
                        if (rsc.Requires == "fencing" && TopLevel(rsc).Actions.FirstOrDefault(x => x.Task == "stop") is { } parentStop)
                        {
                            Order(op, parentStop, OrderFlags.Preserve);
                        }
                        NotifyAfterFencing(rsc, op);
                    }
                    else if (a.Task == "demote" && a.Node == node)
                    {
                        // The demote can never complete either: it too is implied by the fencing.
                        a.Pseudo = true;
                        a.Runnable = true;
                        if (rsc.Requires == "fencing")
                        {
                            Order(op, a, OrderFlags.Preserve | OrderFlags.Optional);
                        }
                    }
                    else if (a.Task is "start" or "promote" && rsc.Requires == "fencing")
                    {
                        Order(op, a, OrderFlags.Optional);
                    }
                    else if (a.Task == "start" && rsc.Requires == "quorum" && rsc.Allowed[node.Index] && !IsKnownOn(rsc, node))
                    {
                        // Nothing says it is not active on the node being fenced: start it only after the fencing.
                        Order(op, a, OrderFlags.Optional | OrderFlags.RunnableLeft);
                    }
                }
            }
        }
        OrderFencing(fenced);
    }

    /// <summary>add_nondc_fencing: without concurrent-fencing (2.1.5's default) the fence actions run one after the other,
    /// in node order; the DC is fenced last.</summary>
    private void OrderFencing(Dictionary<SchedNode, SchedAction> fenced)
    {
        bool concurrent = CibText.IsTrue(_ws.Options.GetValueOrDefault("concurrent-fencing") ?? "false");
        var nonDc = new List<SchedAction>();
        SchedAction? dc = null;
        foreach (SchedNode node in _ws.Nodes.Where(fenced.ContainsKey))
        {
            SchedAction op = fenced[node];
            if (node.Attribute("#is_dc") == "true")
            {
                dc = op;
                continue;
            }
            if (!concurrent && nonDc.Count > 0)
            {
                Order(nonDc[^1], op, OrderFlags.Optional);
            }
            nonDc.Add(op);
        }
        if (dc is null || nonDc.Count == 0)
        {
            return;
        }
        foreach (SchedAction op in concurrent ? nonDc : [nonDc[^1]])
        {
            Order(op, dc, OrderFlags.Optional);
        }
    }

    /// <summary>rsc_is_known_on: the resource, or for an anonymous clone instance its clone, has history on the node.</summary>
    private static bool IsKnownOn(SchedResource rsc, SchedNode node) =>
        rsc.KnownOn.Contains(node.Index) || (rsc.Parent is { Variant: Variant.Clone, Unique: false } clone && clone.KnownOn.Contains(node.Index));

    /// <summary>The transition graph: required, runnable actions (and pseudo-actions) in dependency order.</summary>
    public List<TransitionAction> Export()
    {
        // A one-or-more pseudo-action stays optional; it is shown once a required member of its set can run.
        var included = Actions.Where(a => a.Runnable && (!a.Optional || (a.RequiresAny && a.PrintAlways))).ToList();
        var set = included.ToHashSet();
        var indegree = included.ToDictionary(a => a, a => a.Before.Count(o => set.Contains(o.First) && o.Type != OrderFlags.None));
        var ready = new SortedSet<int>(included.Where(a => indegree[a] == 0).Select(a => a.Id));
        var byId = included.ToDictionary(a => a.Id);
        var result = new List<TransitionAction>();
        while (ready.Count > 0)
        {
            int id = ready.Min;
            ready.Remove(id);
            SchedAction a = byId[id];
            result.Add(new TransitionAction(a.Id, a.GraphKey ?? a.NotifyKey ?? (a.Task == "stonith" ? $"fence ({a.Detail})" : a.Task), a.Rsc?.Id, a.Node?.Name, a.IntervalMs, a.Pseudo,
                [.. a.Before.Where(o => set.Contains(o.First)).Select(o => o.First.Id).Distinct().Order()], a.Reason));
            foreach (Ordering o in a.After)
            {
                if (set.Contains(o.Then) && --indegree[o.Then] == 0)
                {
                    ready.Add(o.Then.Id);
                }
            }
        }
        // Cycles (should not happen) are appended so nothing is silently dropped.
        foreach (SchedAction a in included.Where(a => result.All(r => r.Id != a.Id)))
        {
            result.Add(new TransitionAction(a.Id, a.GraphKey ?? a.NotifyKey ?? a.Task, a.Rsc?.Id, a.Node?.Name, a.IntervalMs, a.Pseudo, [], a.Reason));
        }
        return result;
    }
}
