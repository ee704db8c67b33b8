namespace Concord.Simulation;

/// <summary>What a run may vary; everything else comes from the seed.</summary>
public sealed record SimulationSettings
{
    public int MinNodes { get; init; } = 3;
    public int MaxNodes { get; init; } = 7;

    /// <summary>Simulated time with faults on, before the liveness phase.</summary>
    public long FaultPhaseMs { get; init; } = 60_000;

    public FaultKinds Faults { get; init; } = FaultKinds.All;

    /// <summary>Abort a run (as a failure) that processes more events than this: a livelock guard.</summary>
    public long EventsMax { get; init; } = 30_000_000;

    /// <summary>Recent events kept for the failure report.</summary>
    public int TraceTailEvents { get; init; } = 60;

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (MinNodes < 1 || MaxNodes < MinNodes || MaxNodes > 64)
            errors.Add($"nodes must be a range within 1-64 (got {MinNodes}-{MaxNodes})");
        if (FaultPhaseMs < 0) errors.Add($"seconds must not be negative (got {FaultPhaseMs / 1000})");
        return errors;
    }
}
