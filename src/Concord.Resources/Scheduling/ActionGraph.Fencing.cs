namespace Concord.Resources.Scheduling;

internal sealed partial class ActionGraph
{
    private bool CanFence(SchedNode node) =>
        _ws.StonithEnabled && _ws.HaveStonithResource && (_ws.HaveQuorum || _ws.NoQuorumPolicy == NoQuorumPolicy.Ignore || node.Online);

    /// <summary>Fence unclean nodes; stops there become pseudo-actions implied by the fencing (schedule_fencing_and_shutdowns).</summary>
    public void ScheduleFencing()
    {
        bool haveManaged = _ws.Primitives.Any(r => r.Managed);
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
                    }
                    else if (a.Task is "start" or "promote" && rsc.Requires == "fencing")
                    {
                        Order(op, a, OrderFlags.Optional);
                    }
                }
            }
        }
    }

    /// <summary>The transition graph: required, runnable actions (and pseudo-actions) in dependency order.</summary>
    public List<TransitionAction> Export()
    {
        var included = Actions.Where(a => !a.Optional && a.Runnable).ToList();
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
            result.Add(new TransitionAction(a.Id, a.NotifyKey ?? (a.Task == "stonith" ? $"fence ({a.Detail})" : a.Task), a.Rsc?.Id, a.Node?.Name, a.IntervalMs, a.Pseudo,
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
            result.Add(new TransitionAction(a.Id, a.NotifyKey ?? a.Task, a.Rsc?.Id, a.Node?.Name, a.IntervalMs, a.Pseudo, [], a.Reason));
        }
        return result;
    }
}
