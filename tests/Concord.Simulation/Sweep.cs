using System.Diagnostics;

namespace Concord.Simulation;

/// <summary>The outcome of many seeds.</summary>
public sealed record SweepResult(
    ulong StartSeed,
    int Seeds,
    IReadOnlyList<SimulationResult> Failures,
    Coverage Coverage,
    TimeSpan Elapsed,
    long Events,
    long SimulatedMs,
    long ConvergenceMsMax,
    double ConvergenceBoundFractionMax,
    ulong ConvergenceSlowestSeed)
{
    public double SeedsPerSecond => Seeds / Math.Max(Elapsed.TotalSeconds, 1e-9);
}

/// <summary>Runs consecutive seeds on a few worker threads; each seed is its own single-threaded world.</summary>
public static class Sweep
{
    public static SweepResult Run(
        ulong startSeed,
        int count,
        SimulationSettings settings,
        int parallelism,
        Action<SimulationResult>? onResult = null,
        CancellationToken cancellation = default)
    {
        var stopwatch = Stopwatch.StartNew();
        var failures = new List<SimulationResult>();
        var coverage = new Coverage();
        long events = 0;
        long simulated = 0;
        int done = 0;
        long convergenceMax = 0;
        double fractionMax = 0;
        ulong slowestSeed = 0;
        var gate = new object();
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = CancellationToken.None };
        Parallel.For(0, count, options, (i, state) =>
        {
            if (cancellation.IsCancellationRequested)
            {
                state.Stop();
                return;
            }
            var result = Simulation.Run(startSeed + (ulong)i, settings);
            lock (gate)
            {
                done++;
                coverage.Merge(result.Coverage);
                events += result.Events;
                simulated += result.SimulatedMs;
                if (!result.Passed) failures.Add(result);
                if (result.ConvergenceMs is { } c)
                {
                    convergenceMax = Math.Max(convergenceMax, c);
                    double fraction = (double)c / result.Scenario.LivenessBoundMs;
                    if (fraction > fractionMax)
                    {
                        fractionMax = fraction;
                        slowestSeed = result.Seed;
                    }
                }
                onResult?.Invoke(result);
            }
        });
        failures.Sort((a, b) => a.Seed.CompareTo(b.Seed));
        return new SweepResult(startSeed, done, failures, coverage, stopwatch.Elapsed, events, simulated, convergenceMax, fractionMax, slowestSeed);
    }
}
