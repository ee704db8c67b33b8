namespace Concord.Simulation;

public enum ScriptedFaultKind
{
    Crash,
    Leave,
    Restart,
    /// <summary>Cut the listed nodes off from all others, both directions.</summary>
    Isolate,
    /// <summary>Split the network between the listed nodes and the rest.</summary>
    Split,
    HealAll,
}

/// <param name="AtMs">When, in simulated ms.</param>
/// <param name="Nodes">1-based node ids the fault concerns.</param>
public sealed record ScriptedFault(long AtMs, ScriptedFaultKind Kind, params int[] Nodes);
