namespace Concord.Resources.Scheduling;

/// <summary>How one ordering changes the flags of its actions (Pacemaker's update_action_for_ordering_flags and
/// the flags of group and clone pseudo-actions).</summary>
internal sealed partial class ActionGraph
{
    private static bool IsAncestor(SchedResource ancestor, SchedResource rsc)
    {
        for (SchedResource? p = rsc.Parent; p is not null; p = p.Parent)
        {
            if (p == ancestor)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Orderings after a collective resource's start/stop use its running/stopped pseudo-action.</summary>
    private SchedAction ActionForOrdering(SchedAction a)
    {
        if (a.Rsc is not { Variant: not Variant.Primitive } rsc || a.IntervalMs > 0 || a.NotifyKey is not null)
        {
            return a;
        }
        string? remapped = a.Task switch
        {
            "start" => "running",
            "stop" => "stopped",
            "promote" => "promoted",
            "demote" => "demoted",
            "notify" => "notified",
            _ => null,
        };
        if (remapped is null)
        {
            return a;
        }
        if (rsc.Notify && rsc.Parent is null && rsc.Variant == Variant.Clone)
        {
            // Order after all notifications for the remapped task have been confirmed.
            string key = $"confirmed-post_notify_{remapped}";
            return rsc.Actions.FirstOrDefault(x => x.NotifyKey == key) ?? a;
        }
        return rsc.Actions.FirstOrDefault(x => x.Task == remapped && x.IntervalMs == 0) ?? a;
    }

    /// <summary>Pacemaker's action_flags_for_ordering: a clone action ordered before an action on a node is
    /// optional unless an instance's action on that node is required; it is runnable if it is runnable anywhere.</summary>
    private static (bool Optional, bool Runnable) FlagsForOrdering(SchedAction a, SchedNode? node)
    {
        (bool optional, bool runnable) = FlagsFor(a);
        if (node is null || a.Rsc is not { Variant: Variant.Clone })
        {
            return (optional, runnable);
        }
        (bool nodeOptional, bool nodeRunnable) = CloneFlags(a, node);
        return (nodeOptional, runnable || nodeRunnable);
    }

    /// <summary>The node of an ordered action; a group's start has none, so the group's assigned node is used
    /// (the one node all its members are assigned to, if any).</summary>
    private static SchedNode? OrderingNode(SchedAction a)
    {
        if (a.Node is not null || a.Rsc is not { Variant: Variant.Group } group || a.Task != "start")
        {
            return a.Node;
        }
        var nodes = new List<SchedResource>();
        CollectLeaves(group, nodes);
        SchedNode? node = null;
        foreach (SchedResource m in nodes)
        {
            if (m.AllocatedTo is null || (node is not null && node != m.AllocatedTo))
            {
                return null;
            }
            node = m.AllocatedTo;
        }
        return node;
    }

    /// <summary>Flags of an action as seen by orderings; for group pseudo-actions they derive from the members
    /// (their actions on <paramref name="node"/> when given, as for a cloned group's instance on one node).</summary>
    private static (bool Optional, bool Runnable) FlagsFor(SchedAction a, SchedNode? node = null)
    {
        if (a.Rsc is { Variant: Variant.Clone })
        {
            return CloneFlags(a);
        }
        if (a.Rsc is not { Variant: Variant.Group } group)
        {
            return (a.Optional, a.Runnable);
        }
        bool optional = true;
        bool runnable = true;
        string task = a.Task switch
        {
            "running" => "start",
            "stopped" => "stop",
            "promoted" => "promote",
            "demoted" => "demote",
            _ => a.Task,
        };
        foreach (SchedResource member in group.Children)
        {
            SchedAction? ma = member.Actions.LastOrDefault(x => x.Task == task && x.IntervalMs == 0 && (node is null || x.Node == node));
            if (ma is not null)
            {
                if (optional && !ma.Optional)
                {
                    optional = false;
                    a.Optional = false;
                }
                if (task != a.Task && runnable && !ma.Runnable)
                {
                    runnable = false;
                    a.Runnable = false;
                }
            }
            else if (task is not ("stop" or "demote"))
            {
                runnable = false;
            }
        }
        return (optional, runnable);
    }

    /// <summary>Set when an ordering changed an instance's action on behalf of its clone's action.</summary>
    private bool _instanceChanged;

    private (bool FirstChanged, bool ThenChanged) UpdateFlags(SchedAction first, SchedAction then, Ordering o, int depth)
    {
        bool outer = _instanceChanged;
        _instanceChanged = false;
        (bool FirstChanged, bool ThenChanged) result = UpdateFlagsOnce(first, then, o, depth);
        result.ThenChanged |= _instanceChanged;
        _instanceChanged = outer;
        return result;
    }

    private (bool FirstChanged, bool ThenChanged) UpdateFlagsOnce(SchedAction first, SchedAction then, Ordering o, int depth)
    {
        (bool fo, bool fr) = FlagsForOrdering(first, OrderingNode(then));
        _ = FlagsFor(then);
        (bool O, bool R) thenBefore = (then.Optional, then.Runnable);
        (bool O, bool R) firstBefore = (first.Optional, first.Runnable);
        OrderFlags type = o.Type;
        if (type.HasFlag(OrderFlags.ImpliesThen))
        {
            if (then.Rsc is not null)
            {
                UpdateOrdered(first, then, firstOptional: fo, firstRunnable: false, filterOptional: true, filterRunnable: false, OrderFlags.ImpliesThen, depth);
            }
            else if (!fo && then.Optional)
            {
                then.Optional = false;
            }
        }
        if (type.HasFlag(OrderFlags.Restart) && then.Rsc is not null)
        {
            UpdateOrdered(first, then, fo, fr, true, true, OrderFlags.Restart, depth);
        }
        if (type.HasFlag(OrderFlags.ImpliesFirst))
        {
            if (first.Rsc is not null)
            {
                UpdateOrdered(first, then, fo, fr, true, false, OrderFlags.ImpliesFirst, depth);
            }
            else if (!fo && first.Runnable)
            {
                first.Runnable = false;
            }
        }
        if (type.HasFlag(OrderFlags.PromotedImpliesFirst) && then.Rsc is not null)
        {
            UpdateOrdered(first, then, fo, false, true, false, OrderFlags.PromotedImpliesFirst, depth);
        }
        if (type.HasFlag(OrderFlags.OneOrMore) && then.Rsc is null && fr)
        {
            // Another runnable 'first': require-all=false needs only one.
            then.RunnableBefore++;
            if (then.RunnableBefore >= 1 && !then.Runnable)
            {
                then.Runnable = true;
            }
        }
        if (type.HasFlag(OrderFlags.RunnableLeft))
        {
            if (then.Rsc is not null)
            {
                UpdateOrdered(first, then, fo, fr, false, true, OrderFlags.RunnableLeft, depth);
            }
            else if (!fr && then.Runnable)
            {
                then.Runnable = false;
            }
        }
        if (type.HasFlag(OrderFlags.Asymmetrical) && then.Rsc is not null)
        {
            UpdateOrdered(first, then, fo, fr, false, true, OrderFlags.Asymmetrical, depth);
        }
        if (type.HasFlag(OrderFlags.ImpliesThenPrinted) && first.Runnable && !fo)
        {
            then.PrintAlways = true;
        }
        if ((type & (OrderFlags.ImpliesThen | OrderFlags.ImpliesFirst | OrderFlags.Restart)) != 0
            && first.Rsc is { Managed: false, Blocked: true } && !first.Runnable && first.Task == "stop" && then.Runnable)
        {
            then.Runnable = false;
        }
        return ((first.Optional, first.Runnable) != firstBefore, (then.Optional, then.Runnable) != thenBefore);
    }
}
