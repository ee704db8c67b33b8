using Concord.Resources.Cib;

namespace Concord.Resources.Scheduling;

internal sealed partial class WorkingSet
{
    /// <summary>Resources whose recorded start (or probe/promote) used a different definition than today's:
    /// Pacemaker forces a restart "due to resource definition change" (pcmk__handle_rsc_config_changes).</summary>
    public List<SchedResource> DefinitionChanged { get; } = [];

    private readonly List<(SchedNode Node, LrmResource Entry, SchedResource Rsc)> _histories = [];

    internal void RecordHistory(SchedNode node, LrmResource entry, SchedResource rsc) => _histories.Add((node, entry, rsc));

    /// <summary>Run after status unpacking, in node order as Pacemaker does.</summary>
    public void CheckDefinitionChanges()
    {
        foreach (SchedNode node in Nodes)
        {
            if (!(node.Maintenance || node.Available))
            {
                continue;
            }
            foreach ((SchedNode n, LrmResource entry, SchedResource rsc) in _histories)
            {
                if (n == node)
                {
                    CheckHistory(node, entry, rsc);
                }
            }
        }
    }

    private void CheckHistory(SchedNode node, LrmResource entry, SchedResource rsc)
    {
        if (rsc.Orphan || rsc.Primitive is not { } def || !rsc.RunningOn.Contains(node))
        {
            return;
        }
        List<LrmOp> ops = [.. entry.Ops.OrderBy(o => o.CallId)];
        (int start, int stop) = ActiveRange(ops);
        if (start < stop)
        {
            return;
        }
        for (int i = Math.Max(start, 0); i < ops.Count; i++)
        {
            LrmOp op = ops[i];
            bool recurring = op.IntervalMs > 0;
            if (recurring && (rsc.InMaintenance || node.Maintenance))
            {
                continue;
            }
            if (!recurring && op.Operation is not ("monitor" or "start" or "promote" or "migrate_from"))
            {
                continue;
            }
            if (recurring && !def.Ops.Any(o => o.Name == op.Operation && o.IntervalMs == op.IntervalMs))
            {
                continue;
            }
            if (recurring)
            {
                continue; // A changed recurring operation is only rescheduled; nothing shows in the summary.
            }
            bool matches = op.OpDigest is not null && op.OpDigest == OpDigest.Compute(def, 0, Cib.OpDefaults);
            if (matches)
            {
                continue;
            }
            if (op.Extra.ContainsKey("op-restart-digest"))
            {
                Warn($"{rsc.Id} on {node.Name}: its definition changed and the agent supports reload, which Concord does not schedule yet");
                continue;
            }
            if (!DefinitionChanged.Contains(rsc))
            {
                DefinitionChanged.Add(rsc);
            }
        }
    }

    /// <summary>Pacemaker's calculate_active_ops: index of the last start (or implied start) and last stop.</summary>
    private static (int Start, int Stop) ActiveRange(List<LrmOp> ops)
    {
        int start = -1;
        int stop = -1;
        int impliedMonitorStart = -1;
        int impliedCloneStart = -1;
        for (int i = 0; i < ops.Count; i++)
        {
            LrmOp op = ops[i];
            if (op.Operation == "stop" && op.OpStatus == 0)
            {
                stop = i;
            }
            else if (op.Operation is "start" or "migrate_from")
            {
                start = i;
            }
            else if (impliedMonitorStart <= stop && op.Operation == "monitor")
            {
                if (op.Rc is 0 or 8)
                {
                    impliedMonitorStart = i;
                }
            }
            else if (op.Operation is "promote" or "demote")
            {
                impliedCloneStart = i;
            }
        }
        if (start == -1)
        {
            start = impliedCloneStart != -1 ? impliedCloneStart : impliedMonitorStart;
        }
        return (start, stop);
    }
}
