namespace Concord.Resources.Scheduling;

/// <summary>Actions and their orderings, with Pacemaker's flag propagation (optional/runnable) along orderings.</summary>
internal sealed partial class ActionGraph
{
    private readonly WorkingSet _ws;
    private readonly Dictionary<(SchedResource?, string, SchedNode?, long), SchedAction> _index = [];

    public ActionGraph(WorkingSet ws)
    {
        _ws = ws;
        foreach ((SchedResource? rsc, string task, SchedNode node) in ws.EarlyActions)
        {
            if (rsc is null)
            {
                SchedAction fence = Custom(null, "stonith", node, optional: true);
                fence.Detail = ws.StonithAction;
                fence.Reason ??= node.FenceReason;
            }
            else
            {
                Custom(rsc, task, node, optional: false);
            }
        }
        CreateOneOrMorePseudoActions();
    }

    /// <summary>Required, node-less starts for resources whose definition changed (Pacemaker's force_restart);
    /// the first start scheduled on a node adopts them.</summary>
    public void ForceRestarts(IEnumerable<SchedResource> changed)
    {
        foreach (SchedResource rsc in changed)
        {
            SchedAction start = Custom(rsc, "start", null, optional: false);
            start.SetReason("resource definition change", true);
        }
    }

    public List<SchedAction> Actions { get; } = [];

    /// <summary>Pacemaker's custom_action: find or create, then update optional/runnable.</summary>
    public SchedAction Custom(SchedResource? rsc, string task, SchedNode? node, bool optional, long intervalMs = 0, string? notifyKey = null)
    {
        string indexTask = notifyKey is null ? task : $"{task}:{notifyKey}";
        if (!_index.TryGetValue((rsc, indexTask, node, intervalMs), out SchedAction? a) && node is not null
            && _index.Remove((rsc, indexTask, null, intervalMs), out SchedAction? dangling))
        {
            // Pacemaker's find_actions: a node-less action is adopted by the first lookup on a node.
            dangling.Node = node;
            _index[(rsc, indexTask, node, intervalMs)] = dangling;
            a = dangling;
        }
        if (a is null)
        {
            a = new SchedAction(Actions.Count + 1, rsc, task, node, intervalMs) { Optional = optional, NotifyKey = notifyKey };
            Actions.Add(a);
            _index[(rsc, indexTask, node, intervalMs)] = a;
            rsc?.Actions.Add(a);
        }
        if (rsc is not null && node is not null && !a.Pseudo && !rsc.Managed && intervalMs == 0)
        {
            a.Optional = true;
        }
        else if (!optional)
        {
            a.Optional = false;
        }
        if (rsc is not null)
        {
            UpdateRunnable(a);
        }
        return a;
    }

    public SchedAction Pseudo(SchedResource rsc, string task)
    {
        SchedAction a = Custom(rsc, task, null, optional: true);
        a.Pseudo = true;
        a.Runnable = true;
        return a;
    }

    public SchedAction? Find(SchedResource rsc, string task, SchedNode? node, long intervalMs = 0) =>
        _index.GetValueOrDefault((rsc, task, node, intervalMs));

    public IEnumerable<SchedAction> FindByTask(SchedResource rsc, string task) => rsc.Actions.Where(a => a.Task == task && a.IntervalMs == 0);

    private void UpdateRunnable(SchedAction a)
    {
        if (a.Pseudo)
        {
            return;
        }
        SchedResource rsc = a.Rsc!;
        if (a.Node is null)
        {
            a.Runnable = false;
        }
        else if (!a.Node.Online)
        {
            a.Runnable = false;
        }
        else if (a.Node.Pending)
        {
            a.Runnable = false;
        }
        else if (Needs(a) == "nothing")
        {
            a.Reason = null;
            a.Runnable = true;
        }
        else
        {
            NoQuorumPolicy policy = _ws.HaveQuorum ? NoQuorumPolicy.Ignore : _ws.NoQuorumPolicy;
            if (!_ws.HaveQuorum && _ws.NoQuorumPolicy == NoQuorumPolicy.Demote)
            {
                policy = rsc.Role is Role.Promoted or Role.Unpromoted ? NoQuorumPolicy.Ignore : NoQuorumPolicy.Stop;
            }
            switch (policy)
            {
                case NoQuorumPolicy.Stop:
                    a.Runnable = false;
                    a.SetReason("no quorum", true);
                    break;
                case NoQuorumPolicy.Freeze:
                    if (rsc.RunningOn.Count == 0 || rsc.NextRole > rsc.Role)
                    {
                        a.Runnable = false;
                        a.SetReason("quorum freeze", true);
                    }
                    break;
                default:
                    a.Runnable = true;
                    break;
            }
        }
    }

    /// <summary>What an action needs before it may run (Pacemaker's action->needs).</summary>
    private static string Needs(SchedAction a) => a.Task is "start" or "promote" ? a.Rsc!.Requires : "nothing";

    public Ordering Order(SchedAction first, SchedAction then, OrderFlags type)
    {
        foreach (Ordering o in first.After)
        {
            if (o.Then == then && (o.Type & type) != 0)
            {
                return o;
            }
        }
        // Pacemaker prepends: the newest ordering is processed first.
        var ord = new Ordering { First = first, Then = then, Type = type };
        then.Before.Insert(0, ord);
        first.After.Insert(0, ord);
        return ord;
    }
}
