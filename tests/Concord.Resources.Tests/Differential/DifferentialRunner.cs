using Concord.Resources.Cib;
using Concord.Resources.Scheduling;

namespace Concord.Resources.Tests.Differential;

public sealed record DifferentialResult(int Seed, string CibPath, List<string> Expected, List<string> Actual, string? Error, bool OracleFailed = false)
{
    public bool Agrees => OracleFailed || (Error is null && Expected.SequenceEqual(Actual));
}

/// <summary>Generates CIBs, schedules them with Concord and with crm_simulate, and compares normalized summaries.</summary>
public static class DifferentialRunner
{
    public const long Now = 1_700_000_100;

    /// <summary><see cref="Now"/> for crm_simulate --set-datetime, so failure-timeout expiry is judged at the same instant
    /// (generated failures happen at 1700000000, 100 s earlier).</summary>
    public const string NowIso8601 = "2023-11-14T22:15:00Z";

    public static List<DifferentialResult> Run(int firstSeed, int count, string workDir, GeneratorProfile? profile = null, int parallelism = 0)
    {
        Directory.CreateDirectory(workDir);
        var results = new DifferentialResult[count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = parallelism > 0 ? parallelism : Environment.ProcessorCount };
        Parallel.For(0, count, options, i =>
        {
            int seed = firstSeed + i;
            results[i] = RunOne(seed, workDir, profile);
        });
        return [.. results];
    }

    public static DifferentialResult RunOne(int seed, string workDir, GeneratorProfile? profile = null)
    {
        CibDocument cib = new CibGenerator(seed, profile).Generate();
        string xml = CibWriter.Write(cib);
        string path = Path.Combine(workDir, $"cib-{seed}.xml");
        File.WriteAllText(path, xml);
        List<string> expected = CrmSimulate.Normalize(CrmSimulate.Summary(path, out bool oracleOk, "--set-datetime", NowIso8601));
        if (!oracleOk)
        {
            return new DifferentialResult(seed, path, expected, [], null, OracleFailed: true);
        }
        try
        {
            Transition t = Scheduler.Run(CibParser.Parse(xml), Now);
            return new DifferentialResult(seed, path, expected, CrmSimulate.Normalize(t.Summary), null);
        }
        catch (Exception ex) when (ex is CibException or InvalidOperationException or ArgumentException or NullReferenceException or IndexOutOfRangeException or KeyNotFoundException)
        {
            return new DifferentialResult(seed, path, expected, [], ex.ToString());
        }
    }
}
