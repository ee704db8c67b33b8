namespace Concord.Resources.Scheduling;

internal sealed partial class ActionGraph
{
    /// <summary>Instances' actions, then the clone's start/running/stop/stopped pseudo-actions
    /// (clone_create_pseudo_actions).</summary>
    public void CreateCloneActions(SchedResource clone, Action<SchedResource> createChild)
    {
        bool active = false;
        bool starting = false;
        bool stopping = false;
        foreach (SchedResource child in clone.Children)
        {
            createChild(child);
            PseudoStatus(child, ref stopping, ref starting, ref active);
        }
        SchedAction start = Pseudo(clone, "start");
        start.Optional = !starting;
        SchedAction running = Pseudo(clone, "running");
        running.Optional = !starting;
        running.Runnable = active || starting;
        NotifyData? startNotify = CreateNotifyPseudoOps(clone, "start", start, running);
        SchedAction stop = Pseudo(clone, "stop");
        stop.Optional = !stopping;
        SchedAction stopped = Pseudo(clone, "stopped");
        stopped.Optional = !stopping;
        NotifyData? stopNotify = CreateNotifyPseudoOps(clone, "stop", stop, stopped);
        OrderNotifications(startNotify, stopNotify, null, null);
        if (clone.Promotable)
        {
            bool promoting = false;
            bool demoting = false;
            foreach (SchedResource child in clone.Children)
            {
                RoleChange(child, ref demoting, ref promoting);
            }
            SchedAction promote = Pseudo(clone, "promote");
            promote.Optional = !promoting;
            SchedAction promoted = Pseudo(clone, "promoted");
            promoted.Optional = !promoting;
            NotifyData? promoteNotify = CreateNotifyPseudoOps(clone, "promote", promote, promoted);
            SchedAction demote = Pseudo(clone, "demote");
            demote.Optional = !demoting;
            SchedAction demoted = Pseudo(clone, "demoted");
            demoted.Optional = !demoting;
            NotifyData? demoteNotify = CreateNotifyPseudoOps(clone, "demote", demote, demoted);
            OrderNotifications(startNotify, stopNotify, promoteNotify, demoteNotify);
        }
    }

    private static void RoleChange(SchedResource r, ref bool demoting, ref bool promoting)
    {
        foreach (SchedResource c in r.Children)
        {
            RoleChange(c, ref demoting, ref promoting);
        }
        foreach (SchedAction a in r.Actions.Where(a => !a.Optional))
        {
            demoting |= a.Task == "demote";
            promoting |= a.Task == "promote";
        }
    }

    private static void PseudoStatus(SchedResource r, ref bool stopping, ref bool starting, ref bool active)
    {
        if (r.Children.Count > 0)
        {
            foreach (SchedResource c in r.Children)
            {
                PseudoStatus(c, ref stopping, ref starting, ref active);
            }
            return;
        }
        if (r.RunningOn.Count > 0)
        {
            active = true;
        }
        foreach (SchedAction a in r.Actions)
        {
            if (starting && stopping)
            {
                return;
            }
            if (a.Optional || !(a.Pseudo || a.Runnable))
            {
                continue;
            }
            if (a.Task == "stop")
            {
                stopping = true;
            }
            else if (a.Task == "start" && a.Runnable)
            {
                starting = true;
            }
        }
    }

    private void AddCloneInternalOrders(SchedResource clone)
    {
        OrderResources(clone, "stopped", clone, "start", OrderFlags.Optional);
        OrderResources(clone, "start", clone, "running", OrderFlags.RunnableLeft);
        OrderResources(clone, "stop", clone, "stopped", OrderFlags.RunnableLeft);
        if (clone.Promotable)
        {
            OrderResources(clone, "demoted", clone, "stop", OrderFlags.Optional);
            OrderResources(clone, "running", clone, "promote", OrderFlags.RunnableLeft);
        }
        List<SchedResource> children = clone.Ordered ? [.. clone.Children.OrderBy(c => c.InstanceNumber)] : [.. clone.Children];
        SchedResource? last = null;
        foreach (SchedResource child in children)
        {
            AddInternalOrders(child);
            OrderResources(clone, "start", child, "start", OrderFlags.RunnableLeft | OrderFlags.ImpliesFirstPrinted);
            OrderResources(child, "start", clone, "running", OrderFlags.ImpliesThenPrinted);
            if (clone.Ordered && last is not null)
            {
                OrderResources(last, "start", child, "start", OrderFlags.Optional);
            }
            OrderResources(clone, "stop", child, "stop", OrderFlags.ImpliesFirstPrinted);
            OrderResources(child, "stop", clone, "stopped", OrderFlags.ImpliesThenPrinted);
            if (clone.Ordered && last is not null)
            {
                OrderResources(child, "stop", last, "stop", OrderFlags.Optional);
            }
            last = child;
        }
        if (clone.Promotable)
        {
            SchedResource? previous = null;
            foreach (SchedResource child in clone.Children)
            {
                OrderResources(child, "demote", child, "promote", OrderFlags.Optional);
                OrderResources(clone, "promote", child, "promote", OrderFlags.Optional);
                OrderResources(child, "promote", clone, "promoted", OrderFlags.Optional);
                OrderResources(clone, "demote", child, "demote", OrderFlags.ImpliesFirstPrinted);
                OrderResources(child, "demote", clone, "demoted", OrderFlags.ImpliesThenPrinted);
                if (previous is not null && clone.Ordered)
                {
                    OrderResources(previous, "promote", child, "promote", OrderFlags.Optional);
                    OrderResources(child, "demote", previous, "demote", OrderFlags.Optional);
                }
                previous = child;
            }
        }
    }

    /// <summary>Pacemaker's summary_action_flags for a clone pseudo-action: required if any instance's is,
    /// runnable if any instance's is.</summary>
    private static (bool Optional, bool Runnable) CloneFlags(SchedAction a, SchedNode? node = null)
    {
        SchedResource clone = a.Rsc!;
        string task = a.NotifyKey is null ? a.Task : a.NotifyKey[(a.NotifyKey.LastIndexOf('_') + 1)..];
        // Only primitive instances fold running/stopped/... back into start/stop/... (get_complex_task); the
        // instances of a cloned group are summarized by their own running/stopped pseudo-actions.
        if (clone.Children.Count == 0 || clone.Children[0].Variant == Variant.Primitive)
        {
            task = ChildTask(task);
        }
        bool optional = true;
        bool anyRunnable = false;
        foreach (SchedResource child in clone.Children)
        {
            SchedAction? ca = node is null || child.Children.Count > 0
                ? child.Actions.LastOrDefault(x => x.Task == task && x.IntervalMs == 0)
                : child.Actions.FirstOrDefault(x => x.Task == task && x.IntervalMs == 0 && x.Node == node);
            if (ca is null)
            {
                continue;
            }
            (bool co, bool cr) = FlagsFor(ca, node);
            if (optional && !co)
            {
                optional = false;
                a.Optional = false;
            }
            anyRunnable |= cr;
        }
        if (!anyRunnable && node is null)
        {
            a.Runnable = false;
        }
        return (optional, anyRunnable);
    }

    private static string ChildTask(string task) => task switch
    {
        "running" => "start",
        "stopped" => "stop",
        "promoted" => "promote",
        "demoted" => "demote",
        _ => task,
    };
}
