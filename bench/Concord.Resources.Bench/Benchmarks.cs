using System.Diagnostics;
using System.Globalization;
using Concord.Resources.Cib;
using Concord.Resources.Scheduling;
using Concord.Resources.Tests.Differential;

namespace Concord.Resources.Bench;

/// <summary>Scheduling time for generated CIBs, side by side with crm_simulate --profile on the same files.</summary>
internal static class Benchmarks
{
    private static readonly (int Resources, int Nodes)[] Sizes =
    [
        (10, 3), (10, 32), (100, 3), (100, 32), (1000, 3), (1000, 32), (5000, 3), (5000, 32),
    ];

    public static int Run(string[] args)
    {
        string dir = args.Length > 1 ? args[1] : Path.Combine(Path.GetTempPath(), "concord-sched-bench");
        bool quick = args.Contains("--quick");
        Directory.CreateDirectory(dir);
        Console.WriteLine("| resources | nodes | CIB size | concord schedule | concord parse+schedule | crm_simulate --profile | speed-up (schedule) | speed-up (parse+schedule) | summaries agree |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|:---:|");
        foreach ((int rscs, int nodes) in quick ? Sizes.Take(4) : Sizes)
        {
            var profile = new GeneratorProfile
            {
                ResourcesMin = rscs,
                ResourcesMax = rscs,
                NodesMin = nodes,
                NodesMax = nodes,
                ProbeChance = rscs >= 1000 ? 0.05 : 0.6,
                // crm_simulate 2.1.5 aborts on some promotable-clone inputs; keep the benchmark inputs it can run.
                Promotable = false,
            };
            CibDocument cib = new CibGenerator(rscs * 100 + nodes, profile).Generate();
            string xml = CibWriter.Write(cib);
            string sub = Path.Combine(dir, $"r{rscs}-n{nodes}");
            Directory.CreateDirectory(sub);
            string path = Path.Combine(sub, "cib.xml");
            File.WriteAllText(path, xml);

            int iterations = rscs >= 5000 ? 3 : rscs >= 1000 ? 5 : rscs >= 100 ? 50 : 200;
            CibDocument parsed = CibParser.Parse(xml);
            double scheduleMs = MedianMs(iterations, () => Scheduler.Run(parsed, DifferentialRunner.Now));
            double concordMs = MedianMs(iterations, () => Scheduler.Run(CibParser.Parse(xml), DifferentialRunner.Now));
            double? crmMs = CrmSimulateMs(sub, rscs >= 1000 ? 1 : iterations, CrmTimeout);
            string agree = "n/a";
            string crm = $"> {CrmTimeout.TotalSeconds:F0} s (stopped)";
            string speedSchedule = $"> {CrmTimeout.TotalMilliseconds / scheduleMs:F0}×";
            string speedAll = $"> {CrmTimeout.TotalMilliseconds / concordMs:F0}×";
            if (crmMs is { } ms)
            {
                agree = CrmSimulate.Normalize(CrmSimulate.Summary(path, "--set-datetime", DifferentialRunner.NowIso8601)).SequenceEqual(
                    CrmSimulate.Normalize(Scheduler.Run(CibParser.Parse(xml), DifferentialRunner.Now).Summary)) ? "yes" : "no";
                crm = string.Create(CultureInfo.InvariantCulture, $"{ms:F1} ms");
                speedSchedule = string.Create(CultureInfo.InvariantCulture, $"{ms / scheduleMs:F1}×");
                speedAll = string.Create(CultureInfo.InvariantCulture, $"{ms / concordMs:F1}×");
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {rscs} | {nodes} | {xml.Length / 1024} KiB | {scheduleMs:F2} ms | {concordMs:F2} ms | {crm} | {speedSchedule} | {speedAll} | {agree} |"));
        }
        return 0;
    }

    private static double MedianMs(int iterations, Action action)
    {
        action();
        var samples = new List<double>();
        for (int i = 0; i < iterations; i++)
        {
            var sw = Stopwatch.StartNew();
            action();
            samples.Add(sw.Elapsed.TotalMilliseconds);
        }
        samples.Sort();
        return samples[samples.Count / 2];
    }

    /// <summary>crm_simulate -P DIR -N n prints "Testing FILE ... X secs" for n repetitions of unpack+schedule.</summary>
    private static readonly TimeSpan CrmTimeout = TimeSpan.FromMinutes(5);

    private static double? CrmSimulateMs(string dir, int repeat, TimeSpan timeout)
    {
        string? output = CrmSimulate.Run(["-P", dir, "-N", repeat.ToString(CultureInfo.InvariantCulture)], timeout);
        if (output is null)
        {
            return null;
        }
        if (!output.Contains(" secs", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"crm_simulate --profile failed on {dir} (it aborts on some inputs); output: {output}");
        }
        foreach (string line in output.Split('\n'))
        {
            int dots = line.IndexOf("... ", StringComparison.Ordinal);
            if (dots >= 0 && line.EndsWith(" secs", StringComparison.Ordinal))
            {
                string secs = line[(dots + 4)..^5];
                return double.Parse(secs, CultureInfo.InvariantCulture) * 1000 / repeat;
            }
        }
        throw new InvalidOperationException($"unexpected crm_simulate --profile output: {output}");
    }
}
