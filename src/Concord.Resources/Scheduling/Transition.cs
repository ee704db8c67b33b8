namespace Concord.Resources.Scheduling;

/// <summary>One action of the transition graph, with the ids of the actions it must wait for. For clone
/// notifications Task is the middle of Pacemaker's operation key (<c>pre_notify_start</c>,
/// <c>confirmed-post_notify_running</c>), so <see cref="Describe"/> prints <c>web:0_pre_notify_start_0</c>.</summary>
public sealed record TransitionAction(int Id, string Task, string? Resource, string? Node, long IntervalMs, bool Pseudo, IReadOnlyList<int> DependsOn, string? Reason)
{
    public string Describe()
    {
        string what = Resource is null ? Task : IntervalMs > 0 ? $"{Resource}_{Task}_{IntervalMs}" : $"{Resource}_{Task}_0";
        string where = Node is null ? string.Empty : $" on {Node}";
        string pseudo = Pseudo ? " (pseudo)" : string.Empty;
        string deps = DependsOn.Count == 0 ? string.Empty : $" after [{string.Join(", ", DependsOn)}]";
        return $"{Id}: {what}{where}{pseudo}{deps}";
    }
}

/// <summary>The scheduler's decision for one CIB: allocation scores, the ordered action graph and the summary.</summary>
public sealed class Transition
{
    public required IReadOnlyList<string> Scores { get; init; }
    /// <summary>Actions in a topological order: every action comes after the actions it depends on.</summary>
    public required IReadOnlyList<TransitionAction> Actions { get; init; }
    /// <summary>"Transition Summary" lines in Pacemaker's wording, without the leading "  * ".</summary>
    public required IReadOnlyList<string> Summary { get; init; }
    public required IReadOnlyList<string> Warnings { get; init; }
}
