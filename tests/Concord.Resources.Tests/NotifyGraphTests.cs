using System.Text.RegularExpressions;
using Concord.Resources.Cib;
using Concord.Resources.Scheduling;
using Concord.Resources.Tests.Differential;

namespace Concord.Resources.Tests;

/// <summary>Clone notifications (notify=true): Golden/notify/*.xml are feature CIBs with notify on every clone;
/// each *.graph holds crm_simulate 2.1.5's transition graph for it (actions and orderings, written by
/// Golden/notify/make_notify.py). Instance numbers are stripped: Pacemaker names anonymous instances by
/// their history entry, which the summary comparison ignores as well. The notify-fenc* CIBs have instances whose stop
/// is implied by fencing (post_notify_stonith notifications). Probes (<c>monitor_0</c>) are not compared:
/// Concord does not schedule probes or the cancellation of recurring monitors on role changes yet.</summary>
[Trait("Category", "Unit")]
public sealed partial class NotifyGraphTests
{
    private static string NotifyDir => Path.Combine(AppContext.BaseDirectory, "Golden", "notify");

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (string f in Directory.GetFiles(NotifyDir, "*.xml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileNameWithoutExtension(f));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Schedule_NotifyCib_ActionsMatchCrmSimulateGraph(string name)
    {
        (List<string> expected, List<string> actual) = Load(name);
        Assert.Equal(expected.Where(l => l.StartsWith("action ", StringComparison.Ordinal)),
            actual.Where(l => l.StartsWith("action ", StringComparison.Ordinal)));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Schedule_NotifyCib_NotifyOrderingsMatchCrmSimulateGraph(string name)
    {
        (List<string> expected, List<string> actual) = Load(name);
        Assert.Equal(expected.Where(IsNotifyEdge), actual.Where(IsNotifyEdge));
    }

    [Fact]
    public void Schedule_NotifyCib_HasNotifyActions()
    {
        (_, List<string> actual) = Load("notify-clone-anonymous-starts-everywhere");
        Assert.Contains("action web-clone_pre_notify_start_0", actual);
        Assert.Contains("action web-clone_confirmed-pre_notify_start_0", actual);
        Assert.Contains("action web_post_notify_start_0 node1", actual);
    }

    [Fact]
    public void Schedule_FencedNotifyInstance_NotifiesSurvivorAfterFencing()
    {
        (_, List<string> actual) = Load("notify-fence-lost-node-clone-survivor");
        Assert.Contains("edge stonith-node2-reboot -> web_post_notify_stop_0", actual);
        Assert.Contains("edge web_post_notify_stop_0 -> web_post_notify_stop_0 node3", actual);
        Assert.Contains("edge web_post_notify_stop_0 node3 -> web_notified_0", actual);
    }

    private static bool IsNotifyEdge(string line) => line.StartsWith("edge ", StringComparison.Ordinal) && line.Contains("notify", StringComparison.Ordinal);

    private static (List<string> Expected, List<string> Actual) Load(string name)
    {
        string xml = File.ReadAllText(Path.Combine(NotifyDir, name + ".xml"));
        List<string> expected = [.. File.ReadAllLines(Path.Combine(NotifyDir, name + ".graph")).Where(l => l.Length > 0 && !l.Contains("_monitor_0", StringComparison.Ordinal) && !l.Contains("cancel:", StringComparison.Ordinal)).Select(Strip).Order(StringComparer.Ordinal)];
        Transition t = Scheduler.Run(CibParser.Parse(xml), DifferentialRunner.Now);
        var byId = t.Actions.ToDictionary(a => a.Id);
        var actual = new List<string>();
        foreach (TransitionAction a in t.Actions)
        {
            actual.Add($"action {Name(a)}");
            actual.AddRange(a.DependsOn.Select(d => $"edge {Name(byId[d])} -> {Name(a)}"));
        }
        return (expected, [.. actual.Select(Strip).Order(StringComparer.Ordinal)]);
    }

    private static string Name(TransitionAction a)
    {
        if (a.Resource is null)
        {
            // crm_simulate's operation key for fencing is stonith-NODE-ACTION; other resource-less actions are pseudo-actions.
            return a.Pseudo ? a.Task : $"stonith-{a.Node}-{a.Task.Replace("fence (", string.Empty, StringComparison.Ordinal).TrimEnd(')')}";
        }
        string key = $"{a.Resource}_{a.Task}_{a.IntervalMs}";
        return a.Pseudo || a.Node is null ? key : $"{key} {a.Node}";
    }

    private static string Strip(string line) => InstanceNumber().Replace(line, string.Empty);

    [GeneratedRegex(@":[0-9]+(?=_)")]
    private static partial Regex InstanceNumber();
}
