using Concord.Resources.Cib;

namespace Concord.Resources.Scheduling;

/// <summary>The Pacemaker-compatible scheduler: a deterministic pure function from a CIB (and "now") to a transition.</summary>
public static class Scheduler
{
    /// <param name="nowEpochSeconds">The current time, used only for failure-timeout expiry.</param>
    /// <param name="collectScores">Record allocation scores (crm_simulate -s); costs time on large clusters.</param>
    public static Transition Run(CibDocument cib, long nowEpochSeconds, bool collectScores = false)
    {
        var ws = new WorkingSet(cib, nowEpochSeconds);
        var scores = new List<string>();
        var placement = new Placement(ws, collectScores ? scores : null);
        placement.ApplyNodeCriteria();
        AddGroupColocations(ws);
        placement.AssignAll();

        ApplyNoQuorumDemote(ws);
        ws.CheckDefinitionChanges();
        var graph = new ActionGraph(ws);
        graph.ForceRestarts(ws.DefinitionChanged);
        foreach (SchedResource r in ws.Resources)
        {
            CreateActions(graph, r);
        }
        graph.ScheduleFencing();
        graph.AddUserOrders();
        foreach (SchedResource r in ws.Resources)
        {
            graph.AddInternalOrders(r);
        }
        graph.ApplyOrderings();
        graph.CreateNotifications();

        List<string> summary = new Summary(graph).Build(ws);
        return new Transition
        {
            Scores = scores,
            Actions = graph.Export(),
            Summary = summary,
            Warnings = [.. cib.Warnings, .. ws.Warnings],
        };
    }

    /// <summary>no-quorum-policy=demote without quorum: an active promotable instance may stay (or become) unpromoted
    /// but not promoted (Pacemaker lowers its next role when its start is created, effective_quorum_policy).</summary>
    private static void ApplyNoQuorumDemote(WorkingSet ws)
    {
        if (ws.HaveQuorum || ws.NoQuorumPolicy != NoQuorumPolicy.Demote)
        {
            return;
        }
        foreach (SchedResource r in ws.Resources.SelectMany(Leaves))
        {
            // Only an instance whose start needs quorum (requires is not "nothing") consults the policy.
            if (r.Role is Role.Promoted or Role.Unpromoted && r.NextRole == Role.Promoted && r.AllocatedTo is not null && r.Requires != "nothing")
            {
                r.NextRole = Role.Unpromoted;
            }
        }
    }

    private static IEnumerable<SchedResource> Leaves(SchedResource r) => r.Children.Count == 0 ? [r] : r.Children.SelectMany(Leaves);

    private static void AddGroupColocations(WorkingSet ws)
    {
        foreach (SchedResource top in ws.Resources)
        {
            AddGroupColocations(ws, top);
        }
    }

    private static void AddGroupColocations(WorkingSet ws, SchedResource r)
    {
        if (r.Variant == Variant.Clone)
        {
            foreach (SchedResource c in r.Children)
            {
                AddGroupColocations(ws, c);
            }
            return;
        }
        if (r.Variant != Variant.Group)
        {
            return;
        }
        SchedResource? previous = null;
        foreach (SchedResource member in r.Children)
        {
            if (previous is not null)
            {
                ws.AddColocation("group:internal_colocation", null, Score.Infinity, member, previous, null, null, member.Critical);
            }
            previous = member;
        }
    }

    internal static void CreateActionsFor(ActionGraph graph, SchedResource r) => CreateActions(graph, r);

    private static void CreateActions(ActionGraph graph, SchedResource r)
    {
        if (r.Variant == Variant.Clone)
        {
            graph.CreateCloneActions(r, c => CreateActions(graph, c));
            return;
        }
        if (r.Children.Count > 0)
        {
            foreach (SchedResource c in r.Children)
            {
                CreateActions(graph, c);
            }
            if (r.Variant == Variant.Group)
            {
                foreach (string task in new[] { "start", "running", "stop", "stopped" })
                {
                    graph.Pseudo(r, task);
                }
            }
            return;
        }
        graph.CreatePrimitiveActions(r);
    }
}
