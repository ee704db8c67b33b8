namespace Concord.Resources.Scheduling;

/// <summary>Clone notifications for <c>notify=true</c> (Pacemaker's pcmk_sched_notif.c): per clone and
/// operation a pre/confirmed-pre and post/confirmed-post pseudo-action pair, created with the clone's
/// pseudo-actions, and, once flags are final, one notify operation per instance and node.</summary>
internal sealed partial class ActionGraph
{
    /// <summary>Pacemaker's notify_data_t: the pseudo-actions around one clone operation.</summary>
    private sealed record NotifyData(SchedResource Owner, string Operation, SchedAction? Pre, SchedAction? PreDone, SchedAction? Post, SchedAction? PostDone);

    private readonly List<NotifyData> _notifications = [];

    /// <summary>pe__clone_notif_pseudo_ops: <paramref name="action"/> is the clone's start/stop/promote/demote
    /// pseudo-action, <paramref name="complete"/> its running/stopped/promoted/demoted.</summary>
    private NotifyData? CreateNotifyPseudoOps(SchedResource clone, string operation, SchedAction? action, SchedAction? complete)
    {
        if (!clone.Notify)
        {
            return null;
        }
        SchedAction? pre = null;
        SchedAction? preDone = null;
        SchedAction? post = null;
        SchedAction? postDone = null;
        if (action is not null)
        {
            pre = NotifyPseudo(clone, "notify", $"pre_notify_{action.Task}", action.Optional, runnable: true);
            preDone = NotifyPseudo(clone, "notified", $"confirmed-pre_notify_{action.Task}", action.Optional, runnable: true);
            Order(pre, preDone, OrderFlags.Optional);
            Order(preDone, action, OrderFlags.Optional);
        }
        if (complete is not null)
        {
            post = NotifyPseudo(clone, "notify", $"post_notify_{complete.Task}", complete.Optional, complete.Runnable);
            postDone = NotifyPseudo(clone, "notified", $"confirmed-post_notify_{complete.Task}", complete.Optional, complete.Runnable);
            Order(complete, post, OrderFlags.ImpliesThen);
            Order(post, postDone, OrderFlags.ImpliesThen);
        }
        if (preDone is not null && post is not null)
        {
            Order(preDone, post, OrderFlags.Optional);
        }
        var data = new NotifyData(clone, operation, pre, preDone, post, postDone);
        _notifications.Add(data);
        return data;
    }

    private SchedAction NotifyPseudo(SchedResource clone, string task, string key, bool optional, bool runnable)
    {
        SchedAction a = Custom(clone, task, null, optional, notifyKey: key);
        a.Pseudo = true;
        a.Runnable = runnable;
        return a;
    }

    /// <summary>The orderings between a clone's notifications (clone_create_pseudo_actions and
    /// pcmk__create_promotable_actions).</summary>
    private void OrderNotifications(NotifyData? start, NotifyData? stop, NotifyData? promote, NotifyData? demote)
    {
        if (start?.Pre is not null && stop?.PostDone is not null)
        {
            Order(stop.PostDone, start.Pre, OrderFlags.Optional);
        }
        if (promote?.Pre is null || demote?.PostDone is null)
        {
            return;
        }
        Order(stop!.PostDone!, promote.Pre, OrderFlags.Optional);
        Order(start!.PostDone!, promote.Pre, OrderFlags.Optional);
        Order(demote.PostDone, promote.Pre, OrderFlags.Optional);
        Order(demote.PostDone, start.Pre!, OrderFlags.Optional);
        Order(demote.PostDone, stop.Pre!, OrderFlags.Optional);
    }

    /// <summary>clone_expand → pe__create_notifications: after orderings are applied, refresh the clones'
    /// pseudo-action flags and create the instances' notify operations.</summary>
    public void CreateNotifications()
    {
        foreach (IGrouping<SchedResource, NotifyData> byClone in _notifications.GroupBy(n => n.Owner))
        {
            foreach (SchedAction a in byClone.Key.Actions.ToList())
            {
                FlagsFor(a);
            }
            foreach (NotifyData n in byClone)
            {
                CreateNotifications(n);
            }
        }
    }

    private void CreateNotifications(NotifyData n)
    {
        var leaves = new List<SchedResource>();
        CollectLeaves(n.Owner, leaves);
        // collect_resource_data: which instances really start/stop/promote/demote.
        bool any = leaves.Any(r => r.Actions.Any(a => a.Task == n.Operation && a.IntervalMs == 0 && a.NotifyKey is null
            && !a.Optional && a.Node is not null && a.Runnable));
        if (!any && n.Operation is "start" or "promote" or "demote")
        {
            return;
        }
        foreach (SchedResource rsc in leaves)
        {
            CreateInstanceNotifications(rsc, n);
        }
    }

    private static void CollectLeaves(SchedResource r, List<SchedResource> leaves)
    {
        if (r.Children.Count == 0)
        {
            leaves.Add(r);
            return;
        }
        foreach (SchedResource c in r.Children)
        {
            CollectLeaves(c, leaves);
        }
    }

    /// <summary>create_notify_actions for one primitive instance.</summary>
    private void CreateInstanceNotifications(SchedResource rsc, NotifyData n)
    {
        Role role = rsc.RunningOn.Count > 0 ? rsc.Role : Role.Stopped;
        if (role != Role.Stopped && n.Operation is "stop" or "demote")
        {
            SchedAction? stop = rsc.Actions.FirstOrDefault(a => a.Task == "stop" && a.IntervalMs == 0);
            foreach (SchedNode node in rsc.RunningOn)
            {
                if (stop is not null && stop.Pseudo && node.Unclean)
                {
                    continue;
                }
                NewNotifyAction(rsc, node, n.Pre, n.PreDone, "pre", n.Operation);
                if (n.Operation == "demote" || stop is null || stop.Optional)
                {
                    NewPostNotifyAction(rsc, node, n);
                }
            }
        }
        if (rsc.NextRole != Role.Stopped && rsc.AllocatedTo is { } target && n.Operation is "start" or "promote")
        {
            SchedAction? start = rsc.Actions.FirstOrDefault(a => a.Task == "start" && a.IntervalMs == 0);
            if (n.Operation != "start" || start is null || start.Optional)
            {
                NewNotifyAction(rsc, target, n.Pre, n.PreDone, "pre", n.Operation);
            }
            NewPostNotifyAction(rsc, target, n);
        }
    }

    private static SchedResource TopLevel(SchedResource rsc)
    {
        while (rsc.Parent is not null)
        {
            rsc = rsc.Parent;
        }
        return rsc;
    }

    /// <summary>pe__order_notifs_after_fencing: a stop implied by fencing gets post-notifications of its own, ordered
    /// after the fencing (the clone's stop notifications cannot be ordered after it). The instance gets a
    /// <c>post_notify_stonith</c> pair of pseudo-actions and every other active, not stopping instance a
    /// <c>post_notify_stop</c> notification between them.</summary>
    private void NotifyAfterFencing(SchedResource instance, SchedAction fence)
    {
        SchedResource clone = TopLevel(instance);
        if (clone.Variant != Variant.Clone || !clone.Notify)
        {
            return;
        }
        SchedAction post = NotifyPseudo(instance, "notify", "post_notify_stonith", fence.Optional, fence.Runnable);
        SchedAction postDone = NotifyPseudo(instance, "notified", "confirmed-post_notify_stonith", fence.Optional, fence.Runnable);
        if (instance.HistoryName is not null)
        {
            // The graph names an anonymous instance's actions by its history name and the notified operation.
            post.GraphKey = "post_notify_stop";
            postDone.GraphKey = "notified";
        }
        Order(fence, post, OrderFlags.ImpliesThen);
        Order(post, postDone, OrderFlags.ImpliesThen);
        var n = new NotifyData(clone, "stop", null, null, post, postDone);
        var leaves = new List<SchedResource>();
        CollectLeaves(clone, leaves);
        foreach (SchedResource rsc in leaves)
        {
            CreateInstanceNotifications(rsc, n);
        }
    }

    private void NewPostNotifyAction(SchedResource rsc, SchedNode node, NotifyData n)
    {
        NewNotifyAction(rsc, node, n.Post, n.PostDone, "post", n.Operation);
        if (n.PostDone is null)
        {
            return;
        }
        foreach (SchedAction mon in rsc.Actions.Where(a => a.IntervalMs > 0 && a.Task == "monitor").ToList())
        {
            Order(n.PostDone, mon, OrderFlags.Optional | OrderFlags.RunnableLeft);
        }
    }

    private void NewNotifyAction(SchedResource rsc, SchedNode node, SchedAction? op, SchedAction? done, string type, string operation)
    {
        if (op is null || done is null || !node.Online || !op.Runnable)
        {
            return;
        }
        SchedAction notify = Custom(rsc, "notify", node, op.Optional, notifyKey: $"{type}_notify_{operation}");
        Order(op, notify, OrderFlags.Optional);
        Order(notify, done, OrderFlags.Optional);
    }
}
