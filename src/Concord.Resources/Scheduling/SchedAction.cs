namespace Concord.Resources.Scheduling;

[Flags]
internal enum OrderFlags
{
    None = 0,
    Optional = 1 << 0,
    ImpliesThen = 1 << 1,
    ImpliesFirst = 1 << 2,
    RunnableLeft = 1 << 3,
    Restart = 1 << 4,
    Asymmetrical = 1 << 5,
    SerializeOnly = 1 << 6,
    ImpliesThenPrinted = 1 << 7,
    ImpliesFirstPrinted = 1 << 8,
    PromotedImpliesFirst = 1 << 9,
    Preserve = 1 << 10,
    /// <summary>'then' (a requires-any pseudo-action) is runnable once one of its 'first' actions is.</summary>
    OneOrMore = 1 << 11,
}

/// <summary>One scheduled (or merely considered) action: Pacemaker's pe_action_t.</summary>
internal sealed class SchedAction
{
    public SchedAction(int id, SchedResource? rsc, string task, SchedNode? node, long intervalMs)
    {
        Id = id;
        Rsc = rsc;
        Task = task;
        Node = node;
        IntervalMs = intervalMs;
    }

    public int Id { get; }
    public SchedResource? Rsc { get; }
    public string Task { get; }
    public SchedNode? Node { get; set; }
    public long IntervalMs { get; }
    public bool Optional { get; set; } = true;
    public bool Runnable { get; set; } = true;
    public bool Pseudo { get; set; }
    public bool PrintAlways { get; set; }
    /// <summary>Runnable only while enough 'first' actions are (Pacemaker's pe_action_requires_any, for require-all=false).</summary>
    public bool RequiresAny { get; init; }
    /// <summary>How many runnable 'first' actions were seen in the current update (runnable_before).</summary>
    public int RunnableBefore { get; set; }
    public string? Reason { get; set; }
    /// <summary>For fencing: reboot/off; for notifications: the notify type.</summary>
    public string? Detail { get; set; }
    public List<Ordering> Before { get; } = [];
    public List<Ordering> After { get; } = [];

    /// <summary>For clone notifications: the middle of the operation key, e.g. <c>pre_notify_start</c> or
    /// <c>confirmed-post_notify_running</c> (Task is then <c>notify</c> or <c>notified</c>).</summary>
    public string? NotifyKey { get; init; }

    /// <summary>The operation key the transition graph shows when it differs from <see cref="NotifyKey"/> (Pacemaker's
    /// clone_op_key: an anonymous instance's fencing notifications read <c>web_post_notify_stop_0</c> and <c>web_notified_0</c>).</summary>
    public string? GraphKey { get; set; }

    public string Key => Rsc is null ? Task : NotifyKey is not null ? $"{Rsc.Id}_{NotifyKey}_0" : $"{Rsc.Id}_{Task}_{IntervalMs}";

    public void SetReason(string? reason, bool overwrite)
    {
        if (Reason is null || overwrite)
        {
            Reason = reason;
        }
    }

    public override string ToString() => Node is null ? Key : $"{Key} on {Node.Name}";
}

internal sealed class Ordering
{
    public required SchedAction First { get; init; }
    public required SchedAction Then { get; init; }
    public OrderFlags Type { get; set; }
}
