using System.Globalization;
using Concord.Resources.Tests.Differential;

namespace Concord.Resources.Bench;

internal static class Program
{
    public static int Main(string[] args)
    {
        string mode = args.Length > 0 ? args[0] : "help";
        switch (mode)
        {
            case "diff":
                return Diff(args);
            case "show":
                {
                    var t = Concord.Resources.Scheduling.Scheduler.Run(Concord.Resources.Cib.CibParser.Parse(File.ReadAllText(args[1])), DifferentialRunner.Now, collectScores: true);
                    foreach (string l in t.Scores)
                    {
                        Console.WriteLine(l);
                    }
                    foreach (string l in t.Summary)
                    {
                        Console.WriteLine("  * " + l);
                    }
                    foreach (string l in t.Warnings)
                    {
                        Console.WriteLine("warning: " + l);
                    }
                    return 0;
                }
            case "time":
                {
                    foreach (string f in Directory.GetFiles(args[1], "*.xml"))
                    {
                        var sw = System.Diagnostics.Stopwatch.StartNew();
                        Concord.Resources.Scheduling.Scheduler.Run(Concord.Resources.Cib.CibParser.Parse(File.ReadAllText(f)), DifferentialRunner.Now);
                        if (sw.ElapsedMilliseconds > 50)
                        {
                            Console.WriteLine($"{f}: {sw.ElapsedMilliseconds} ms");
                        }
                    }
                    return 0;
                }
            case "phases":
                {
                    var cib = Concord.Resources.Cib.CibParser.Parse(File.ReadAllText(args[1]));
                    for (int i = 0; i < 300; i++)
                    {
                        var sw = System.Diagnostics.Stopwatch.StartNew();
                        var ws = new Concord.Resources.Scheduling.WorkingSet(cib, DifferentialRunner.Now);
                        double t1 = sw.Elapsed.TotalMilliseconds;
                        var pl = new Concord.Resources.Scheduling.Placement(ws, null);
                        pl.ApplyNodeCriteria();
                        double ta = sw.Elapsed.TotalMilliseconds;
                        var per = new List<string>();
                        foreach (var r in ws.Resources)
                        {
                            double b0 = sw.Elapsed.TotalMilliseconds;
                            pl.Assign(r, null);
                            per.Add($"{r.Id}={sw.Elapsed.TotalMilliseconds - b0:F3}");
                        }
                        if (i % 100 == 99)
                        {
                            Console.WriteLine($"criteria {ta - t1:F3} ms; " + string.Join(" ", per));
                        }
                        double t2 = sw.Elapsed.TotalMilliseconds;
                        var graph = new Concord.Resources.Scheduling.ActionGraph(ws);
                        foreach (var r in ws.Resources)
                        {
                            Concord.Resources.Scheduling.Scheduler.CreateActionsFor(graph, r);
                        }
                        graph.ScheduleFencing();
                        graph.AddUserOrders();
                        foreach (var r in ws.Resources)
                        {
                            graph.AddInternalOrders(r);
                        }
                        double t25 = sw.Elapsed.TotalMilliseconds;
                        graph.ApplyOrderings();
                        double t3 = sw.Elapsed.TotalMilliseconds;
                        if (i % 100 == 99)
                        {
                            Console.WriteLine($"actions {t25 - t2:F3} ms, orderings {t3 - t25:F3} ms, actions={graph.Actions.Count}, orderings={graph.Actions.Sum(a => a.Before.Count)}");
                        }
                        if (i % 100 == 99)
                        {
                            Console.WriteLine($"unpack {t1:F3} ms, placement {t2 - t1:F3} ms, full run {t3 - t2:F3} ms");
                        }
                    }
                    return 0;
                }
            case "prof":
                {
                    string x = File.ReadAllText(args[1]);
                    for (int i = 0; i < 50; i++)
                    {
                        var sw0 = System.Diagnostics.Stopwatch.StartNew();
                        var c = Concord.Resources.Cib.CibParser.Parse(x);
                        double parse = sw0.Elapsed.TotalMilliseconds;
                        Concord.Resources.Scheduling.Scheduler.Run(c, DifferentialRunner.Now);
                        if (i % 10 == 9)
                        {
                            Console.WriteLine($"parse {parse:F2} ms, total {sw0.Elapsed.TotalMilliseconds:F2} ms");
                        }
                    }
                    return 0;
                }
            case "bench":
                return Benchmarks.Run(args);
            default:
                Console.WriteLine("usage: Concord.Resources.Bench diff [firstSeed] [count] [workdir] | bench [options]");
                return 64;
        }
    }

    private static int Diff(string[] args)
    {
        int first = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1;
        int count = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 100;
        string dir = args.Length > 3 ? args[3] : Path.Combine(Path.GetTempPath(), "concord-diff");
        GeneratorProfile? profile = args.Length > 4 ? GeneratorProfiles.Parse(args[4]) : null;
        List<DifferentialResult> results = DifferentialRunner.Run(first, count, dir, profile);
        int bad = 0;
        foreach (DifferentialResult r in results.Where(r => !r.Agrees))
        {
            bad++;
            if (bad > 15)
            {
                continue;
            }
            Console.WriteLine($"--- seed {r.Seed} ({r.CibPath})");
            if (r.Error is not null)
            {
                Console.WriteLine(r.Error);
                continue;
            }
            foreach (string l in r.Expected.Except(r.Actual))
            {
                Console.WriteLine($"  crm_simulate only: {l}");
            }
            foreach (string l in r.Actual.Except(r.Expected))
            {
                Console.WriteLine($"  concord only:      {l}");
            }
        }
        int compared = results.Count(r => !r.OracleFailed);
        Console.WriteLine($"agreement: {compared - bad}/{compared} ({100.0 * (compared - bad) / compared:F2}%); crm_simulate failed on {results.Count - compared}");
        return 0;
    }
}
