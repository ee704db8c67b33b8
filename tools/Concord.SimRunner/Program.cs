using System.Globalization;
using Concord.Simulation;
using Concord.SimRunner;

var options = RunnerOptions.Parse(args, out string? error);
if (options is null)
{
    if (!string.IsNullOrEmpty(error)) Console.Error.WriteLine($"concord-sim: {error}");
    Console.Error.WriteLine(RunnerOptions.Usage);
    return string.IsNullOrEmpty(error) ? 0 : 2;
}
if (options.Demo) return Demo.Run(options.Seed ?? 2024, options.Trace);
if (options.Seed is { } seed) return Runner.Replay(seed, options);
return Runner.RunSweep(options);

namespace Concord.SimRunner
{
    internal static class Runner
    {
        public static int Replay(ulong seed, RunnerOptions options)
        {
            Console.WriteLine($"seed {seed}");
            var scenario = Scenario.FromSeed(seed, options.Settings);
            Console.WriteLine(scenario.Describe());
            var observer = options.Trace ? new TraceObserver() : null;
            var result = new Simulation.Simulation(scenario, options.Settings, observer).Run();
            Report(result, options.Settings, verbose: true);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"trace hash {result.TraceHash:x16}, {result.Events:N0} events, {result.SimulatedMs / 1000.0:0.0} simulated s, {result.MessagesQueued:N0} messages queued, {result.Deliveries:N0} deliveries, converged {(result.ConvergenceMs is { } c ? c + " ms" : "never")} after faults stopped"));
            if (options.Coverage) Console.WriteLine(result.Coverage);
            return result.Passed ? 0 : 1;
        }

        public static int RunSweep(RunnerOptions options)
        {
            ulong start = options.Start ?? (ulong)DateTime.UtcNow.Ticks;
            using var cancel = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) =>
            {
                e.Cancel = true;
                cancel.Cancel();
            };
            if (options.SoakMinutes is { } minutes) cancel.CancelAfter(TimeSpan.FromMinutes(minutes));
            int count = options.Soak ? int.MaxValue : options.Seeds;
            var s = options.Settings;
            Console.WriteLine($"start seed {start}: {(options.Soak ? "soak" : $"{count} seeds")}, nodes {s.MinNodes}-{s.MaxNodes}, {s.FaultPhaseMs / 1000.0:0.#} s of faults [{s.Faults}], {options.Parallel} workers");
            long lastProgress = Environment.TickCount64;
            int finished = 0;
            var result = Sweep.Run(start, count, s, options.Parallel, r =>
            {
                finished++;
                if (!r.Passed) Report(r, s, verbose: false);
                if (Environment.TickCount64 - lastProgress > 10_000)
                {
                    lastProgress = Environment.TickCount64;
                    Console.WriteLine($"... {finished} seeds run");
                }
            }, cancel.Token);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{result.Seeds} seeds in {result.Elapsed.TotalSeconds:0.0} s ({result.SeedsPerSecond:0.0} seeds/s, {result.Events / Math.Max(result.Elapsed.TotalSeconds, 1e-9):N0} events/s, {result.SimulatedMs / 1000.0 / Math.Max(result.Elapsed.TotalSeconds, 1e-9):N0} simulated s/s)"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"slowest convergence after the faults stopped: {result.ConvergenceMsMax} ms; at most {result.ConvergenceBoundFractionMax:P0} of a seed's liveness bound (seed {result.ConvergenceSlowestSeed})"));
            if (options.Coverage) Console.WriteLine(result.Coverage);
            var missing = result.Coverage.Missing().ToList();
            if (missing.Count > 0) Console.WriteLine($"coverage: never hit {string.Join(", ", missing)}");
            foreach (var f in result.Failures) Console.WriteLine($"failed seed {f.Seed}: {SimulationCommand.Replay(f.Seed, s)}");
            Console.WriteLine($"{result.Seeds - result.Failures.Count} passed, {result.Failures.Count} failed");
            return result.Failures.Count == 0 ? 0 : 1;
        }

        private static void Report(SimulationResult r, SimulationSettings settings, bool verbose)
        {
            if (r.Passed)
            {
                Console.WriteLine($"seed {r.Seed} passed");
                return;
            }
            Console.WriteLine($"FAIL seed {r.Seed}: {r.Invariant}: {r.Failure}");
            if (verbose || r.TraceTail.Count > 0)
            {
                Console.WriteLine("  last events:");
                foreach (var line in r.TraceTail.TakeLast(verbose ? r.TraceTail.Count : 25)) Console.WriteLine("    " + line);
            }
            Console.WriteLine($"  replay: {r.ReplayCommand(settings)}");
        }
    }

    internal sealed class TraceObserver : ISimulationObserver
    {
        public bool WantsTrace => true;

        public void OnTrace(string line) => Console.WriteLine(line);
    }
}
