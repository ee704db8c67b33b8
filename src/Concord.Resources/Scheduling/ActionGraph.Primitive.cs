using Concord.Resources.Cib;

namespace Concord.Resources.Scheduling;

internal sealed partial class ActionGraph
{
    private static readonly Role[,] StateMatrix = BuildStateMatrix();

    private static Role[,] BuildStateMatrix()
    {
        // [current, target] -> immediate next role (Pacemaker's rsc_state_matrix)
        Role U = Role.Unknown, S = Role.Stopped, T = Role.Started, N = Role.Unpromoted, P = Role.Promoted;
        return new Role[5, 5]
        {
            { U, S, S, S, S },
            { S, S, T, N, N },
            { S, S, T, N, P },
            { S, S, T, N, P },
            { S, N, N, N, P },
        };
    }

    private delegate void Transition(SchedResource rsc, SchedNode? node, bool optional);

    private Transition? Step(Role from, Role to) => (from, to) switch
    {
        (Role.Stopped, Role.Started) or (Role.Stopped, Role.Unpromoted) => StartResource,
        (Role.Started, Role.Stopped) or (Role.Unpromoted, Role.Stopped) => StopResource,
        (Role.Started, Role.Promoted) or (Role.Unpromoted, Role.Promoted) => PromoteResource,
        (Role.Promoted, Role.Unpromoted) => DemoteResource,
        (Role.Stopped, Role.Stopped) => null,
        _ => null,
    };

    public void CreatePrimitiveActions(SchedResource rsc)
    {
        if (rsc.NextRole == Role.Unknown)
        {
            rsc.NextRole = rsc.AllocatedTo is null ? Role.Stopped : Role.Started;
        }
        SchedNode? current = rsc.CurrentNode;
        int allActive = rsc.RunningOn.Count;
        int cleanActive = rsc.RunningOn.Count(n => n.Online && !n.Unclean);
        bool needStop = false;
        bool needPromote = false;
        bool isMoving = false;
        if (current is not null && rsc.AllocatedTo is not null && current != rsc.AllocatedTo && rsc.NextRole >= Role.Started)
        {
            isMoving = true;
            needStop = true;
        }
        bool multiplyActive = rsc.Requires == "fencing" ? allActive > 1 : cleanActive > 1;
        if (multiplyActive)
        {
            _ws.Warnings.Add($"resource {rsc.Id} might be active on {allActive} nodes ({rsc.MultipleActive})");
            if (rsc.MultipleActive is "stop_start" or "stop_unexpected")
            {
                needStop = true;
            }
            // stop_unexpected keeps the instance on its assigned node (StopResource skips it there)
            rsc.StopUnexpected = rsc.MultipleActive == "stop_unexpected";
        }
        else
        {
            rsc.StopUnexpected = false;
        }
        if (rsc.StartPending)
        {
            Custom(rsc, "start", rsc.AllocatedTo, optional: true).PrintAlways = true;
        }
        if (isMoving)
        {
        }
        else if (rsc.Failed)
        {
            if (rsc.NeedsStop)
            {
                needStop = true;
            }
            else if (rsc.NextRole == Role.Promoted)
            {
                needPromote = true;
            }
        }
        else if (rsc.Blocked)
        {
            needStop = true;
        }
        else if (rsc.Role > Role.Started && current is not null && rsc.AllocatedTo is not null)
        {
            SchedAction start = Custom(rsc, "start", rsc.AllocatedTo, optional: true);
            if (!start.Optional)
            {
                needStop = true;
            }
        }
        ScheduleRestart(rsc, current, needStop, needPromote);
        ScheduleRoleTransition(rsc);
        CreateRecurring(rsc);
    }

    private void ScheduleRestart(SchedResource rsc, SchedNode? current, bool needStop, bool needPromote)
    {
        Role role = rsc.Role;
        rsc.Restarting = true;
        while (role != Role.Stopped)
        {
            Role next = StateMatrix[(int)role, (int)Role.Stopped];
            Transition? fn = Step(role, next);
            if (fn is null)
            {
                break;
            }
            fn(rsc, current, !needStop);
            role = next;
        }
        while (rsc.Role <= rsc.NextRole && role != rsc.Role && !rsc.Blocked)
        {
            bool required = needStop;
            Role next = StateMatrix[(int)role, (int)rsc.Role];
            if (next == Role.Promoted && needPromote)
            {
                required = true;
            }
            Transition? fn = Step(role, next);
            if (fn is null)
            {
                break;
            }
            fn(rsc, rsc.AllocatedTo, !required);
            role = next;
        }
        rsc.Restarting = false;
    }

    private void ScheduleRoleTransition(SchedResource rsc)
    {
        Role role = rsc.Role;
        while (role != rsc.NextRole)
        {
            Role next = StateMatrix[(int)role, (int)rsc.NextRole];
            Transition? fn = Step(role, next);
            if (fn is null)
            {
                break;
            }
            fn(rsc, rsc.AllocatedTo, false);
            role = next;
        }
    }

    private void StopResource(SchedResource rsc, SchedNode? node, bool optional)
    {
        bool stoppingUnexpected = rsc.StopUnexpected && rsc.Restarting;
        foreach (SchedNode current in rsc.RunningOn)
        {
            if (stoppingUnexpected && rsc.NextRole > Role.Stopped && rsc.AllocatedTo == current)
            {
                continue; // the expected node of a stop_unexpected resource keeps it
            }
            SchedAction stop = Custom(rsc, "stop", current, optional);
            if (rsc.AllocatedTo is null)
            {
                stop.SetReason("node availability", true);
            }
            else if (stoppingUnexpected)
            {
                stop.SetReason("being multiply active", true);
            }
            if (!rsc.Managed)
            {
                stop.Runnable = false;
            }
        }
    }

    private void StartResource(SchedResource rsc, SchedNode? node, bool optional)
    {
        if (node is null)
        {
            return;
        }
        SchedAction start = Custom(rsc, "start", node, optional: true);
        if (start.Runnable && !optional)
        {
            start.Optional = false;
        }
    }

    private void PromoteResource(SchedResource rsc, SchedNode? node, bool optional)
    {
        if (node is null)
        {
            return;
        }
        bool runnable = rsc.Actions.Where(a => a.Task == "start" && (a.Node is null || a.Node == node)).All(a => a.Runnable);
        if (runnable)
        {
            Custom(rsc, "promote", node, optional);
        }
        else
        {
            foreach (SchedAction p in rsc.Actions.Where(a => a.Task == "promote" && (a.Node is null || a.Node == node)))
            {
                p.Runnable = false;
            }
        }
    }

    private void DemoteResource(SchedResource rsc, SchedNode? node, bool optional)
    {
        foreach (SchedNode current in rsc.RunningOn)
        {
            Custom(rsc, "demote", current, optional);
        }
    }

    private void CreateRecurring(SchedResource rsc)
    {
        if (rsc.Blocked || rsc.InMaintenance || rsc.AllocatedTo is not { } node || node.Maintenance)
        {
            return;
        }
        if (rsc.NextRole == Role.Stopped && rsc.Managed)
        {
            return;
        }
        SchedAction start = Custom(rsc, "start", node, optional: true);
        if (rsc.Primitive is not { } def || rsc.NextRole < Role.Started || !rsc.Managed)
        {
            return;
        }
        foreach (OpDef op in def.Ops)
        {
            if (op.Name != "monitor" || op.IntervalMs <= 0 || CibText.IsTrue(op.Attributes.GetValueOrDefault("enabled") is "false" ? "1" : null))
            {
                continue;
            }
            Role opRole = RoleText.Parse(op.Role);
            Role effectiveNext = rsc.NextRole == Role.Started && rsc.Promotable ? Role.Unpromoted : rsc.NextRole;
            if (opRole != Role.Unknown && opRole != effectiveNext && !(opRole == Role.Started && effectiveNext == Role.Started))
            {
                continue;
            }
            SchedAction after = opRole == Role.Promoted && Find(rsc, "promote", node) is { } promote ? promote : start;
            bool optional = after.Optional && rsc.RunningOn.Contains(node);
            SchedAction mon = Custom(rsc, "monitor", node, optional, op.IntervalMs);
            Order(after, mon, OrderFlags.ImpliesThen | OrderFlags.RunnableLeft);
        }
    }
}
