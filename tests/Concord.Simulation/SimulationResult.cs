namespace Concord.Simulation;

/// <summary>The outcome of one seed.</summary>
public sealed record SimulationResult(
    Scenario Scenario,
    string? Invariant,
    string? Failure,
    IReadOnlyList<string> TraceTail,
    ulong TraceHash,
    long Events,
    long SimulatedMs,
    long? ConvergenceMs,
    long MessagesQueued,
    long Deliveries,
    Coverage Coverage)
{
    public bool Passed => Failure is null;

    public ulong Seed => Scenario.Seed;

    /// <summary>The command that replays this seed with a verbose trace.</summary>
    public string ReplayCommand(SimulationSettings settings) => SimulationCommand.Replay(Seed, settings);
}

public static class SimulationCommand
{
    public static string Replay(ulong seed, SimulationSettings settings)
    {
        var defaults = new SimulationSettings();
        string extra = "";
        if (settings.MinNodes != defaults.MinNodes || settings.MaxNodes != defaults.MaxNodes) extra += $" --nodes {settings.MinNodes}-{settings.MaxNodes}";
        if (settings.FaultPhaseMs != defaults.FaultPhaseMs) extra += $" --seconds {settings.FaultPhaseMs / 1000}";
        if (settings.Faults != defaults.Faults) extra += $" --faults {settings.Faults.ToString().Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant()}";
        return $"dotnet run --project tools/Concord.SimRunner -- --seed {seed}{extra} --trace";
    }
}
