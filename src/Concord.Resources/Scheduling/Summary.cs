using System.Globalization;

namespace Concord.Resources.Scheduling;

/// <summary>Builds the "Transition Summary" lines in Pacemaker's wording (pcmk__output_actions / rsc_action_default).</summary>
internal sealed class Summary
{
    private readonly ActionGraph _graph;
    private readonly List<string> _lines = [];
    private int _rscWidth = 5;
    private int _detailWidth = 5;

    public Summary(ActionGraph graph)
    {
        _graph = graph;
    }

    public List<string> Build(WorkingSet ws)
    {
        foreach (SchedAction a in _graph.Actions)
        {
            if (a.Rsc is null && !a.Optional && a.Task == "stonith")
            {
                _lines.Add(a.Reason is null ? $"Fence ({a.Detail}) {a.Node!.Name}" : $"Fence ({a.Detail}) {a.Node!.Name} '{a.Reason}'");
            }
        }
        foreach (SchedResource r in ws.Resources)
        {
            Output(r);
        }
        return _lines;
    }

    private void Output(SchedResource rsc)
    {
        if (rsc.Children.Count > 0)
        {
            foreach (SchedResource c in rsc.Children)
            {
                Output(c);
            }
            return;
        }
        SchedNode? next = rsc.AllocatedTo;
        SchedNode? current = null;
        if (rsc.RunningOn.Count > 0)
        {
            current = rsc.CurrentNode;
            if (rsc.Role == Role.Stopped)
            {
                rsc.Role = Role.Started;
            }
        }
        if (current is null && rsc.Orphan)
        {
            return;
        }
        RscAction(rsc, current, next);
    }

    private SchedAction? First(SchedResource rsc, string task, SchedNode? node) =>
        rsc.Actions.FirstOrDefault(a => a.Task == task && a.IntervalMs == 0 && (node is null || a.Node is null || a.Node == node));

    private void RscAction(SchedResource rsc, SchedNode? current, SchedNode? next)
    {
        if (!rsc.Managed || (current is null && next is null))
        {
            return;
        }
        bool moving = current is not null && next is not null && current != next;
        SchedAction? start = First(rsc, "start", next);
        SchedNode? startNode = start is null || !start.Runnable ? null : current;
        // A stop_unexpected resource may stop only elsewhere than its current node.
        SchedAction? stop = First(rsc, "stop", startNode) ?? (rsc.StopUnexpected ? First(rsc, "stop", null) : null);
        SchedAction? promote = First(rsc, "promote", next);
        SchedAction? demote = First(rsc, "demote", next);

        if (rsc.Role == rsc.NextRole)
        {
            if (next is null)
            {
                return;
            }
            if (start is null || start.Optional)
            {
                if (demote is not null && promote is not null && !demote.Optional && !promote.Optional)
                {
                    Item("Re-promote", rsc, current, next, promote, demote);
                }
            }
            else if (!start.Runnable)
            {
                Item("Stop", rsc, current, null, stop ?? start, stop is not null && stop.Reason is not null ? stop : start);
            }
            else if (moving && current is not null)
            {
                Item(rsc.Failed ? "Recover" : "Move", rsc, current, next, stop ?? start, null);
            }
            else if (rsc.Failed)
            {
                Item("Recover", rsc, current, null, stop ?? start, null);
            }
            else
            {
                Item("Restart", rsc, current, next, start, null);
            }
            return;
        }
        if (stop is not null && (rsc.NextRole == Role.Stopped || (start is not null && !start.Runnable)))
        {
            foreach (SchedNode node in rsc.RunningOn)
            {
                SchedAction? stopOp = rsc.Actions.FirstOrDefault(a => a.Task == "stop" && a.Node == node);
                Item("Stop", rsc, node, null, stopOp ?? stop, stopOp is not null && stopOp.Reason is not null ? stopOp : start);
            }
        }
        else if (stop is not null && rsc.Failed && rsc.NeedsStop)
        {
            Item("Recover", rsc, current, next, stop, start);
        }
        else if (moving)
        {
            Item("Move", rsc, current, next, stop ?? start!, null);
        }
        else if (stop is not null && !stop.Optional)
        {
            Item("Restart", rsc, current, next, start ?? stop, null);
        }
        else if (rsc.Role == Role.Promoted)
        {
            if (demote is not null)
            {
                Item("Demote", rsc, current, next, demote, null);
            }
        }
        else if (rsc.NextRole == Role.Promoted)
        {
            if (promote is not null)
            {
                Item("Promote", rsc, current, next, promote, null);
            }
        }
        else if (rsc.Role == Role.Stopped && rsc.NextRole > Role.Stopped && start is not null)
        {
            Item("Start", rsc, current, next, start, null);
        }
    }

    private void Item(string change, SchedResource rsc, SchedNode? origin, SchedNode? destination, SchedAction? action, SchedAction? source)
    {
        if (action is null)
        {
            return;
        }
        source ??= action;
        int len = rsc.Id.Length;
        if (len > _rscWidth)
        {
            _rscWidth = len + 2;
        }
        bool needRole = rsc.Role > Role.Started || rsc.NextRole > Role.Unpromoted;
        bool sameHost = origin is not null && destination is not null && origin == destination;
        bool sameRole = rsc.Role == rsc.NextRole;
        string role = RoleText.Name(rsc.Role);
        string nextRole = RoleText.Name(rsc.NextRole);
        string details;
        if (needRole && origin is null)
        {
            details = $"{role} -> {nextRole} {destination!.Name}";
        }
        else if (origin is null)
        {
            details = destination!.Name;
        }
        else if (needRole && destination is null)
        {
            details = $"{role} {origin.Name}";
        }
        else if (destination is null)
        {
            details = origin.Name;
        }
        else if (needRole && sameRole && sameHost)
        {
            details = $"{role} {origin.Name}";
        }
        else if (sameRole && sameHost)
        {
            details = origin.Name;
        }
        else if (needRole && sameRole)
        {
            details = $"{origin.Name} -> {destination.Name} {role}";
        }
        else if (sameRole)
        {
            details = $"{origin.Name} -> {destination.Name}";
        }
        else if (sameHost)
        {
            details = $"{role} -> {nextRole} {origin.Name}";
        }
        else
        {
            details = $"{role} {origin.Name} -> {nextRole} {destination.Name}";
        }
        if (details.Length > _detailWidth)
        {
            _detailWidth = details.Length;
        }
        string? reason = null;
        if (source.Reason is not null && !action.Runnable)
        {
            reason = $"due to {source.Reason} (blocked)";
        }
        else if (source.Reason is not null)
        {
            reason = $"due to {source.Reason}";
        }
        else if (!action.Runnable)
        {
            reason = "blocked";
        }
        string line = string.Format(CultureInfo.InvariantCulture, "{0,-8}   {1}   ( {2} ){3}{4}",
            change, rsc.Id.PadRight(_rscWidth), details.PadLeft(_detailWidth), reason is null ? string.Empty : "  ", reason ?? string.Empty);
        _lines.Add(line);
    }
}
