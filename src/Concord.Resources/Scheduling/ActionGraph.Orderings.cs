using Concord.Resources.Cib;

namespace Concord.Resources.Scheduling;

internal sealed partial class ActionGraph
{
    /// <summary>An ordering between resource actions named by task, resolved once all actions exist (pe__ordering_t).
    /// One side may instead be a fixed action without a resource (the one-or-more pseudo-action of require-all=false).</summary>
    private sealed record PendingOrder(SchedResource? FirstRsc, string FirstTask, SchedResource? ThenRsc, string ThenTask, OrderFlags Flags,
        SchedAction? FirstAction = null, SchedAction? ThenAction = null);

    private readonly List<PendingOrder> _pending = [];

    public void OrderResources(SchedResource first, string firstTask, SchedResource then, string thenTask, OrderFlags flags) =>
        _pending.Add(new PendingOrder(first, firstTask, then, thenTask, flags));

    /// <summary>User rsc_order constraints (unpack_simple_rsc_order).</summary>
    public void AddUserOrders()
    {
        foreach (OrderConstraint o in _ws.Orders)
        {
            if (o.Sets.Count > 0)
            {
                AddSetOrders(o);
                continue;
            }
            SchedResource first = _ws.Find(o.First!)!;
            SchedResource then = _ws.Find(o.Then!)!;
            string firstAction = o.FirstAction;
            string thenAction = o.ThenAction ?? firstAction;
            bool symmetric = o.Kind != OrderKind.Serialize && (o.Symmetrical ?? true);
            OrderResources(first, firstAction, then, thenAction, FlagsForKind(o.Kind, firstAction, symmetric ? 1 : 0));
            if (symmetric)
            {
                string? invThen = Invert(thenAction);
                string? invFirst = Invert(firstAction);
                if (invThen is null || invFirst is null)
                {
                    _ws.Warnings.Add($"cannot invert constraint '{o.Id}' (please specify inverse manually)");
                    continue;
                }
                OrderResources(then, invThen, first, invFirst, FlagsForKind(o.Kind, invFirst, 2));
            }
        }
    }

    /// <summary>
    /// rsc_order with resource sets (unpack_order_set + order_rsc_sets): each set is unpacked (members chained
    /// when sequential, every later member when Serialize, then the inverse chain), and each set after the first is
    /// ordered after its predecessor, then the inverse. Between sets only an explicit <c>sequential="true"</c>
    /// narrows the ordering to the set's last (inverse: first) member; otherwise every member takes part.
    /// </summary>
    private void AddSetOrders(OrderConstraint o)
    {
        bool symmetric = o.Kind != OrderKind.Serialize && (o.Symmetrical ?? true);
        ResourceSet? last = null;
        foreach (ResourceSet set in o.Sets)
        {
            AddSetInternalOrders(o, set, symmetric);
            if (last is not null)
            {
                OrderSets(o, last, set, symmetric ? 1 : 0);
                if (symmetric)
                {
                    OrderSets(o, set, last, 2);
                }
            }
            last = set;
        }
    }

    private void AddSetInternalOrders(OrderConstraint o, ResourceSet set, bool symmetric)
    {
        List<SchedResource> members = [.. set.Resources.Select(id => _ws.Find(id)!)];
        if (members.Count == 1)
        {
            return;
        }
        string action = set.Action ?? "start";
        OrderFlags flags = FlagsForKind(o.Kind, action, symmetric ? 1 : 0);
        for (int i = 0; i < members.Count; i++)
        {
            if (o.Kind == OrderKind.Serialize)
            {
                for (int j = i + 1; j < members.Count; j++)
                {
                    OrderResources(members[i], action, members[j], action, flags);
                }
            }
            else if (set.Sequential && i > 0)
            {
                OrderResources(members[i - 1], action, members[i], action, flags);
            }
        }
        if (!symmetric)
        {
            return;
        }
        string? inverse = Invert(action);
        if (inverse is null)
        {
            return;
        }
        flags = FlagsForKind(o.Kind, inverse, 2);
        for (int i = 1; i < members.Count; i++)
        {
            if (set.Sequential)
            {
                OrderResources(members[i], inverse, members[i - 1], inverse, flags);
            }
        }
    }

    /// <summary>order_rsc_sets; symmetry 0 asymmetric, 1 symmetric, 2 symmetric inverse (set1 is then the later set).</summary>
    private void OrderSets(OrderConstraint o, ResourceSet set1, ResourceSet set2, int symmetry)
    {
        string? action1 = set1.Action ?? "start";
        string? action2 = set2.Action ?? "start";
        if (symmetry == 2)
        {
            action1 = Invert(action1);
            action2 = Invert(action2);
            if (action1 is null || action2 is null)
            {
                return;
            }
        }
        OrderFlags flags = FlagsForKind(o.Kind, action2, symmetry);
        List<SchedResource> members1 = [.. set1.Resources.Select(id => _ws.Find(id)!)];
        List<SchedResource> members2 = [.. set2.Resources.Select(id => _ws.Find(id)!)];
        // require-all=false only relaxes starting up: stopping set1 still waits for all of set2.
        if (!set1.RequireAll && action1 is not ("stop" or "demote"))
        {
            OrderSetsOneOrMore(set1.Id, members1, action1, members2, action2, flags);
            return;
        }
        SchedResource? rsc1 = null;
        SchedResource? rsc2 = null;
        if (set1.SequentialExplicit && members1.Count > 0)
        {
            rsc1 = symmetry == 2 ? members1[0] : members1[^1];
        }
        if (set2.SequentialExplicit && members2.Count > 0)
        {
            rsc2 = symmetry == 2 ? members2[^1] : members2[0];
        }
        foreach (SchedResource r1 in rsc1 is null ? members1 : [rsc1])
        {
            foreach (SchedResource r2 in rsc2 is null ? members2 : [rsc2])
            {
                OrderResources(r1, action1, r2, action2, flags);
            }
        }
    }

    /// <summary>symmetry: 0 asymmetric, 1 symmetric, 2 symmetric inverse.</summary>
    private static OrderFlags FlagsForKind(OrderKind kind, string firstAction, int symmetry)
    {
        OrderFlags flags = OrderFlags.Optional;
        switch (kind)
        {
            case OrderKind.Serialize:
                flags |= OrderFlags.SerializeOnly;
                break;
            case OrderKind.Mandatory:
                switch (symmetry)
                {
                    case 0:
                        flags |= OrderFlags.Asymmetrical;
                        break;
                    case 1:
                        flags |= OrderFlags.ImpliesThen;
                        if (firstAction is "start" or "promote")
                        {
                            flags |= OrderFlags.RunnableLeft;
                        }
                        break;
                    default:
                        flags |= OrderFlags.ImpliesFirst;
                        break;
                }
                break;
        }
        return flags;
    }

    private static string? Invert(string action) => action switch
    {
        "start" => "stop",
        "stop" => "start",
        "promote" => "demote",
        "demote" => "promote",
        "promoted" => "demoted",
        "demoted" => "promoted",
        "running" => "stopped",
        "stopped" => "running",
        _ => null,
    };

    /// <summary>Implicit orderings of each resource (stop before start, demote before stop, group member chains).</summary>
    public void AddInternalOrders(SchedResource rsc)
    {
        if (rsc.Variant == Variant.Group)
        {
            OrderResources(rsc, "stop", rsc, "stopped", OrderFlags.RunnableLeft);
            OrderResources(rsc, "stopped", rsc, "start", OrderFlags.Optional);
            OrderResources(rsc, "start", rsc, "running", OrderFlags.RunnableLeft);
            SchedResource? previous = null;
            foreach (SchedResource member in rsc.Children)
            {
                AddInternalOrders(member);
                bool first = previous is null;
                OrderResources(rsc, "stop", member, "stop", OrderFlags.ImpliesFirstPrinted | (first ? OrderFlags.Optional : OrderFlags.None));
                OrderResources(member, "stop", rsc, "stopped", first ? OrderFlags.ImpliesThen : OrderFlags.ImpliesThenPrinted);
                OrderResources(rsc, "start", member, "start", OrderFlags.ImpliesFirstPrinted);
                OrderResources(member, "start", rsc, "running", OrderFlags.RunnableLeft | OrderFlags.ImpliesThen | OrderFlags.ImpliesThenPrinted);
                if (previous is not null)
                {
                    OrderResources(previous, "start", member, "start", OrderFlags.ImpliesThen | OrderFlags.RunnableLeft);
                    OrderResources(member, "stop", previous, "stop", OrderFlags.Optional | OrderFlags.Restart);
                }
                previous = member;
            }
            return;
        }
        if (rsc.Variant == Variant.Clone)
        {
            AddCloneInternalOrders(rsc);
            return;
        }
        if (!rsc.Managed)
        {
            return;
        }
        OrderResources(rsc, "stop", rsc, "start", OrderFlags.Optional | OrderFlags.ImpliesThen | OrderFlags.Restart);
        if (rsc.Promotable || rsc.Role > Role.Unpromoted)
        {
            OrderResources(rsc, "demote", rsc, "stop", OrderFlags.PromotedImpliesFirst);
            OrderResources(rsc, "start", rsc, "promote", OrderFlags.RunnableLeft);
        }
    }

    /// <summary>Resolve pending orderings into action-to-action orderings, then propagate flags (pcmk__apply_orderings).</summary>
    public void ApplyOrderings()
    {
        foreach (PendingOrder p in _pending)
        {
            ResolveOrder(p);
        }
        foreach (SchedAction a in Actions.ToList())
        {
            BlockColocationDependents(a);
        }
        for (int i = Actions.Count - 1; i >= 0; i--)
        {
            UpdateForOrderings(Actions[i], 0);
        }
    }

    private void ResolveOrder(PendingOrder p)
    {
        List<SchedAction> firsts = p.FirstAction is not null ? [p.FirstAction] : [.. FindByTask(p.FirstRsc!, p.FirstTask)];
        if (firsts.Count == 0)
        {
            if (p.FirstRsc == p.ThenRsc)
            {
                return;
            }
            Role state = p.FirstRsc!.RunningOn.Count > 0 ? p.FirstRsc.Role : Role.Stopped;
            if ((state == Role.Stopped && p.FirstTask == "stop") || (state == Role.Unpromoted && p.FirstTask == "demote"))
            {
                return;
            }
            firsts.Add(Custom(p.FirstRsc, p.FirstTask, null, optional: true));
        }
        List<SchedAction> thens = p.ThenAction is not null ? [p.ThenAction] : [.. FindByTask(p.ThenRsc!, p.ThenTask)];
        if (thens.Count == 0)
        {
            return;
        }
        foreach (SchedAction f in firsts)
        {
            foreach (SchedAction t in thens)
            {
                Order(f, t, p.Flags);
            }
        }
    }

    private void BlockColocationDependents(SchedAction action)
    {
        if (action.Runnable || action.Task is not ("start" or "promote") || action.Rsc is null)
        {
            return;
        }
        SchedResource rsc = action.Rsc;
        while (rsc.Parent is not null)
        {
            rsc = rsc.Parent;
        }
        List<Colocation> withThis = rsc.WithThis;
        if (withThis.Count == 0)
        {
            return;
        }
        foreach (SchedResource child in rsc.Children)
        {
            SchedAction? childAction = child.Actions.FirstOrDefault(a => a.Task == action.Task);
            if (childAction is null || childAction.Runnable)
            {
                return;
            }
        }
        foreach (Colocation c in withThis)
        {
            if (c.Score < Score.Infinity)
            {
                continue;
            }
            if (action.Task != "start" && c.PrimaryRole != Role.Promoted)
            {
                continue;
            }
            MarkBlocked(c.Dependent, c.DependentRole == Role.Promoted ? "promote" : "start", action.Rsc);
        }
    }

    private void MarkBlocked(SchedResource rsc, string task, SchedResource reason)
    {
        foreach (SchedAction a in rsc.Actions.ToList())
        {
            if (a.Runnable && a.Task == task)
            {
                a.Runnable = false;
                a.SetReason($"colocation with {reason.Id}", false);
                BlockColocationDependents(a);
                UpdateForOrderings(a, 0);
            }
        }
        foreach (SchedResource child in rsc.Children)
        {
            MarkBlocked(child, task, reason);
        }
    }

    private const int RecursionLimit = 10_000;

    /// <summary>Pacemaker's pcmk__update_action_for_orderings.</summary>
    private void UpdateForOrderings(SchedAction then, int depth)
    {
        if (depth > RecursionLimit)
        {
            return;
        }
        bool thenChanged = false;
        bool wasRunnable = then.Runnable;
        (bool, bool, bool) lastFlags = (then.Optional, then.Runnable, then.PrintAlways);
        if (then.RequiresAny)
        {
            // Recount the runnable 'first' actions from scratch; the OneOrMore orderings make it runnable again.
            then.RunnableBefore = 0;
            then.Runnable = false;
        }
        foreach (Ordering o in then.Before.ToList())
        {
            if (o.Type == OrderFlags.None)
            {
                continue;
            }
            SchedAction first = o.First;
            if (first.Rsc is not null && then.Rsc is not null && first.Rsc != then.Rsc && !IsAncestor(first.Rsc, then.Rsc))
            {
                SchedAction remapped = ActionForOrdering(first);
                if (remapped != first)
                {
                    if (!first.After.Any(x => x.Then == then && x.First == remapped) && !remapped.After.Any(x => x.Then == then && (x.Type & o.Type) != 0))
                    {
                        Order(remapped, then, o.Type);
                        o.Type = OrderFlags.None;
                        thenChanged = true;
                    }
                    continue;
                }
            }
            (bool firstChanged, bool tChanged) = UpdateFlags(first, then, o, depth);
            thenChanged |= tChanged;
            if (firstChanged)
            {
                foreach (Ordering after in first.After.ToList())
                {
                    UpdateForOrderings(after.Then, depth + 1);
                }
                UpdateForOrderings(first, depth + 1);
            }
        }
        if (then.RequiresAny)
        {
            thenChanged = lastFlags != (then.Optional, then.Runnable, then.PrintAlways);
        }
        if (thenChanged)
        {
            if (wasRunnable && !then.Runnable)
            {
                BlockColocationDependents(then);
            }
            UpdateForOrderings(then, depth + 1);
            foreach (Ordering after in then.After.ToList())
            {
                UpdateForOrderings(after.Then, depth + 1);
            }
        }
    }

    private static void ClearOptional(SchedAction action, SchedAction because)
    {
        if (action.Optional)
        {
            action.Optional = false;
            if (action.Rsc != because.Rsc)
            {
                action.SetReason(Because("required", because), false);
            }
        }
    }

    private static void ClearRunnable(SchedAction action, SchedAction because)
    {
        if (action.Runnable)
        {
            action.Runnable = false;
            if (action.Rsc != because.Rsc)
            {
                action.SetReason(Because("unrunnable", because), false);
            }
        }
    }

    private static string Because(string change, SchedAction a) => a.Rsc is null ? $"{change} {a.Task}" : $"{change} {a.Rsc.Id} {a.Task}";

    private void HandleAsymmetric(SchedAction first, SchedAction then)
    {
        SchedResource rsc = then.Rsc!;
        Role thenRole = rsc.RunningOn.Count > 0 ? rsc.Role : Role.Stopped;
        if (thenRole == Role.Stopped && then.Task == "stop")
        {
            return;
        }
        if (thenRole >= Role.Started && then.Optional && then.Node is not null && rsc.RunningOn.Count == 1 && then.Node == rsc.RunningOn[0] && then.Task == "start")
        {
            return;
        }
        if (!first.Runnable)
        {
            ClearOptional(then, first);
            ClearRunnable(then, first);
        }
    }

    private void UpdateOrdered(SchedAction first, SchedAction then, bool firstOptional, bool firstRunnable, bool filterOptional, bool filterRunnable, OrderFlags type, int depth)
    {
        UpdateOrderedOne(first, then, firstOptional, firstRunnable, filterOptional, filterRunnable, type, depth);
        if (then.Rsc is { Variant: Variant.Group } group)
        {
            foreach (SchedResource member in group.Children)
            {
                SchedAction? ma = member.Actions.LastOrDefault(x => x.Task == then.Task && x.IntervalMs == 0);
                if (ma is not null)
                {
                    UpdateOrderedOne(first, ma, firstOptional, firstRunnable, filterOptional, filterRunnable, type, depth);
                }
            }
        }
        else if (then.Rsc is { Variant: Variant.Clone } clone)
        {
            foreach (SchedResource child in clone.Children)
            {
                SchedAction? ca = child.Actions.LastOrDefault(x => x.Task == then.Task && x.IntervalMs == 0);
                if (ca is null || !FlagsFor(ca).Runnable)
                {
                    continue;
                }
                (bool, bool) before = (ca.Optional, ca.Runnable);
                UpdateOrdered(first, ca, firstOptional, firstRunnable, filterOptional, filterRunnable, type, depth);
                if (before != (ca.Optional, ca.Runnable))
                {
                    // pcmk__multi_update_actions: an instance's change counts as a change of the clone's action.
                    _instanceChanged = true;
                    foreach (Ordering after in ca.After.ToList())
                    {
                        UpdateForOrderings(after.Then, depth + 1);
                    }
                }
            }
        }
    }

    /// <summary>Pacemaker's pcmk__update_ordered_actions for one 'then' action.</summary>
    private void UpdateOrderedOne(SchedAction first, SchedAction then, bool firstOptional, bool firstRunnable, bool filterOptional, bool filterRunnable, OrderFlags type, int depth)
    {
        (bool, bool) thenFlags = (then.Optional, then.Runnable);
        if (type == OrderFlags.Asymmetrical)
        {
            HandleAsymmetric(first, then);
        }
        if (type == OrderFlags.ImpliesFirst && !then.Optional)
        {
            if (filterOptional && !firstOptional && first.Optional)
            {
                ClearOptional(first, then);
            }
        }
        if (type == OrderFlags.PromotedImpliesFirst && then.Rsc is { Role: Role.Promoted } && filterOptional && !then.Optional)
        {
            ClearOptional(first, then);
        }
        if (type == OrderFlags.RunnableLeft && filterRunnable && then.Runnable && !firstRunnable)
        {
            ClearRunnable(then, first);
        }
        if (type == OrderFlags.ImpliesThen && filterOptional && then.Optional && !firstOptional)
        {
            ClearOptional(then, first);
        }
        if (type == OrderFlags.Restart)
        {
            HandleRestart(first, then, filterOptional, filterRunnable);
        }
        if (thenFlags != (then.Optional, then.Runnable) && then.Rsc?.Parent is not null)
        {
            UpdateForOrderings(then, depth + 1);
        }
    }

    private static void HandleRestart(SchedAction first, SchedAction then, bool filterOptional, bool filterRunnable)
    {
        bool reason = false;
        if (filterOptional && !then.Optional)
        {
            reason = true;
        }
        if (filterRunnable && !then.Runnable && then.Rsc is { Managed: true } && first.Rsc == then.Rsc)
        {
            reason = true;
        }
        if (!reason)
        {
            return;
        }
        if (first.Runnable)
        {
            ClearOptional(first, then);
        }
        if (!then.Optional)
        {
            ClearOptional(first, then);
        }
        if (!first.Optional && !first.Runnable)
        {
            ClearRunnable(then, first);
        }
    }
}
