using Concord.Resources.Cib;
using Concord.Resources.Scheduling;
using Concord.Resources.Simulation;

namespace Concord.Resources.Tests;

[Trait("Category", "Unit")]
public sealed class SchedulerTests
{
    private static string Feature(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", "features", name + ".xml"));

    [Fact]
    public void Run_SameInput_IsDeterministic()
    {
        string xml = Feature("group-member-failure-restarts-rest");

        Transition a = Scheduler.Run(CibParser.Parse(xml), 0, collectScores: true);
        Transition b = Scheduler.Run(CibParser.Parse(xml), 0, collectScores: true);

        Assert.Equal(a.Summary, b.Summary);
        Assert.Equal(a.Scores, b.Scores);
        Assert.Equal(a.Actions.Select(x => x.Describe()), b.Actions.Select(x => x.Describe()));
    }

    [Fact]
    public void Run_FencedNode_StartWaitsForFencing()
    {
        Transition t = Scheduler.Run(CibParser.Parse(Feature("fence-lost-node")), 0);

        TransitionAction fence = Assert.Single(t.Actions, a => a.Task.StartsWith("fence", StringComparison.Ordinal));
        TransitionAction start = Assert.Single(t.Actions, a => a.Resource == "web" && a.Task == "start");
        Assert.Contains(fence.Id, start.DependsOn);
        Assert.True(t.Actions.ToList().FindIndex(a => a.Id == fence.Id) < t.Actions.ToList().FindIndex(a => a.Id == start.Id));
    }

    [Fact]
    public void Run_Graph_IsTopologicallyOrdered()
    {
        Transition t = Scheduler.Run(CibParser.Parse(Feature("group-member-failure-restarts-rest")), 0);

        var seen = new HashSet<int>();
        foreach (TransitionAction a in t.Actions)
        {
            Assert.All(a.DependsOn, d => Assert.Contains(d, seen));
            seen.Add(a.Id);
        }
        Assert.Contains(t.Actions, a => a.Resource == "ip" && a.Task == "stop");
    }

    [Fact]
    public void Run_ShowScores_ListsEveryNode()
    {
        Transition t = Scheduler.Run(CibParser.Parse(Feature("location-prefers-node")), 0, collectScores: true);

        Assert.Contains("pcmk__primitive_assign: vip allocation score on node3: 100", t.Scores);
        Assert.Equal(3, t.Scores.Count);
    }

    [Fact]
    public void Injections_NodeFail_FencesAndMoves()
    {
        CibDocument cib = CibParser.Parse(Feature("location-ban-moves"));
        cib.ClusterOptions["stonith-enabled"] = "true";
        cib.Resources.Add(new PrimitiveDef { Id = "fence", Class = "stonith", Type = "fence_xvm" });
        var injections = new Injections();
        injections.NodeFail.Add("node2");

        injections.Apply(cib, 0);
        Transition t = Scheduler.Run(cib, 0);

        Assert.Contains(t.Summary, l => l.StartsWith("Fence (reboot) node2 'peer is no longer part of the cluster'", StringComparison.Ordinal));
    }

    [Fact]
    public void Injections_OpFail_RecoversResource()
    {
        CibDocument cib = CibParser.Parse(Feature("stickiness-keeps-placement"));
        var injections = new Injections();
        injections.OpResults.Add("web_monitor_10000@node2=7");

        injections.Apply(cib, 1_700_000_000);
        Transition t = Scheduler.Run(cib, 1_700_000_000);

        Assert.Contains(t.Summary, l => l.StartsWith("Recover", StringComparison.Ordinal) && l.Contains("web", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("nonsense")]
    [InlineData("web_monitor@node1=7")]
    public void ParseOpSpec_Malformed_ReturnsError(string spec)
    {
        Assert.Null(Injections.ParseOpSpec(spec, out string? error));
        Assert.NotNull(error);
    }

    [Fact]
    public void Injections_UnknownNode_Throws()
    {
        CibDocument cib = CibParser.Parse(Feature("location-ban-moves"));
        var injections = new Injections();
        injections.NodeUp.Add("node9");

        CibException ex = Assert.Throws<CibException>(() => injections.Apply(cib, 0));
        Assert.Contains("node9", ex.Message, StringComparison.Ordinal);
    }
    /// <summary>Same dependencies as crm_simulate 2.1.5's graph for this CIB: set s2 follows set s1 (all members, since
    /// neither set says sequential="true" explicitly), members chained within each set, stops in reverse.</summary>
    [Fact]
    public void Run_OrderSets_GraphMatchesCrmSimulate()
    {
        Transition t = Scheduler.Run(CibParser.Parse(Feature("order-set-failure-symmetric")), 0);

        List<TransitionAction> actions = [.. t.Actions];
        string[] Deps(string key)
        {
            TransitionAction a = Assert.Single(actions, x => $"{x.Resource}_{x.Task}" == key);
            return [.. a.DependsOn.Select(id => actions.Single(x => x.Id == id)).Where(x => x.Task is "start" or "stop").Select(x => $"{x.Resource}_{x.Task}").Order(StringComparer.Ordinal)];
        }
        Assert.Equal(["c_stop", "d_stop"], Deps("b_stop"));
        Assert.Equal(["d_stop"], Deps("c_stop"));
        Assert.Equal(["b_start", "c_stop"], Deps("c_start"));
        Assert.Equal(["b_start", "c_start", "d_stop"], Deps("d_start"));
    }

    [Fact]
    public void Run_OrderSetRequireAllFalse_GraphMatchesCrmSimulate()
    {
        // crm_simulate -G: b_start -> one-or-more:s1 -> c_start, d_start (and c_start -> d_start inside s2).
        IReadOnlyList<TransitionAction> actions = Scheduler.Run(CibParser.Parse(Feature("order-set-require-all-false-one-runnable")), 0).Actions;
        string Name(int id) => actions.Single(x => x.Id == id) is { Resource: { } r } a ? $"{r}_{a.Task}" : actions.Single(x => x.Id == id).Task;
        TransitionAction any = Assert.Single(actions, a => a.Resource is null);

        Assert.Equal("one-or-more:s1", any.Task);
        Assert.True(any.Pseudo);
        Assert.Equal(["b_start"], any.DependsOn.Select(Name));
        Assert.Equal(["one-or-more:s1"], actions.Single(a => a.Resource == "c" && a.Task == "start").DependsOn.Select(Name));
        Assert.Equal(["c_start", "one-or-more:s1"], actions.Single(a => a.Resource == "d" && a.Task == "start").DependsOn.Select(Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Run_OrderSetRequireAllFalse_NoneRunnable_LeavesPseudoActionOut()
    {
        Transition t = Scheduler.Run(CibParser.Parse(Feature("order-set-require-all-false-none-runnable")), 0);

        Assert.DoesNotContain(t.Actions, a => a.Resource is null);
        Assert.Contains("Start      c       ( node1 )  due to unrunnable one-or-more:s1 (blocked)", t.Summary.Select(l => l.Trim()));
    }
}
