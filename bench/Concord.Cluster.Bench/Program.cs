using System.Diagnostics;
using System.Globalization;
using Concord.ClusterHarness;

namespace Concord.Cluster.Bench;

/// <summary>
/// Membership timings of real daemons, 3 nodes in network namespaces (issue: cold start, kill -9
/// to new membership, isolation to new membership), median of N runs at token 1000 and the
/// default 3000; and the idle footprint (RSS, CPU) of each daemon. Prints a Markdown table.
/// Usage: concord-cluster-bench [--runs 5] [--nodes 3] [--daemon PATH]; or: cpg [--seconds 5] [--latency-only] [--daemon PATH]
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        int runs = Arg(args, "--runs", 5), nodes = Arg(args, "--nodes", 3);
        if (Shell.NamespaceSupportMissing() is string missing)
        {
            Console.Error.WriteLine($"cannot run: {missing}");
            return 69;
        }
        if (args.SkipWhile(a => a != "--daemon").Skip(1).FirstOrDefault() is string daemon) TestCluster.DaemonOverride = daemon;
        if (args.Contains("cpg"))
        {
            CpgThroughput.Run(Arg(args, "--seconds", 5), latencyOnly: args.Contains("--latency-only"));
            return 0;
        }
        Console.WriteLine($"# {nodes} nodes in network namespaces, median of {runs} runs; daemon: {TestCluster.DaemonCommand}");
        Console.WriteLine();
        Console.WriteLine("| token | cold start → one membership | kill -9 → new membership | isolation → new membership |");
        Console.WriteLine("|---|---|---|---|");
        foreach (int token in new[] { 1000, 3000 })
        {
            var cold = new List<double>();
            var kill = new List<double>();
            var isolate = new List<double>();
            for (int run = 0; run < runs; run++)
            {
                var (c, k, i) = OneRun(nodes, token);
                cold.Add(c);
                kill.Add(k);
                isolate.Add(i);
            }
            Console.WriteLine($"| {token} ms | {Median(cold):0.000} s | {Median(kill):0.000} s | {Median(isolate):0.000} s |");
        }
        Console.WriteLine();
        Footprint(nodes);
        return 0;
    }

    private static (double Cold, double Kill, double Isolate) OneRun(int nodes, int token)
    {
        int[] all = [.. Enumerable.Range(1, nodes)];
        using var cluster = new TestCluster(nodes, new NamespaceNetwork(nodes, links: 1), tokenMs: token);
        var clock = Stopwatch.StartNew();
        cluster.StartAll();
        var cold = TestCluster.WaitFor(() => cluster.HaveMembership(all), TimeSpan.FromSeconds(30), pollMs: 5)
                   ?? throw new TimeoutException("cold start did not converge");
        double coldSeconds = clock.Elapsed.TotalSeconds;
        Thread.Sleep(2 * token); // let the ring settle into its idle rhythm before the fault
        cluster.Kill(nodes);
        var survivors = all[..^1];
        var killed = TestCluster.WaitFor(() => cluster.HaveMembership(survivors), TimeSpan.FromSeconds(60), pollMs: 5)
                     ?? throw new TimeoutException("kill did not lead to a new membership");
        cluster.Start(nodes);
        TestCluster.WaitFor(() => cluster.HaveMembership(all), TimeSpan.FromSeconds(60), pollMs: 20);
        Thread.Sleep(2 * token);
        cluster.Namespaces!.Isolate(nodes);
        var isolated = TestCluster.WaitFor(() => cluster.HaveMembership(survivors), TimeSpan.FromSeconds(60), pollMs: 5)
                       ?? throw new TimeoutException("isolation did not lead to a new membership");
        _ = cold;
        return (coldSeconds, killed.TotalSeconds, isolated.TotalSeconds);
    }

    /// <summary>Idle cluster: RSS and CPU share of each daemon over 20 s.</summary>
    private static void Footprint(int nodes)
    {
        int[] all = [.. Enumerable.Range(1, nodes)];
        using var cluster = new TestCluster(nodes, new NamespaceNetwork(nodes, links: 1), tokenMs: 3000);
        cluster.StartAll();
        TestCluster.WaitFor(() => cluster.HaveMembership(all), TimeSpan.FromSeconds(30));
        Thread.Sleep(5000);
        var before = all.Select(n => CpuTicks(cluster.Pid(n))).ToArray();
        var clock = Stopwatch.StartNew();
        Thread.Sleep(20_000);
        double seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine("| node | RSS | CPU (idle, 20 s) |");
        Console.WriteLine("|---|---|---|");
        foreach (int n in all)
        {
            long ticks = CpuTicks(cluster.Pid(n)) - before[n - 1];
            double cpuPercent = ticks / 100.0 / seconds * 100; // USER_HZ = 100
            Console.WriteLine($"| node{n} | {RssMiB(cluster.Pid(n)):0.0} MiB | {cpuPercent:0.00} % |");
        }
    }

    private static long CpuTicks(int pid)
    {
        var fields = File.ReadAllText($"/proc/{pid}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }

    private static double RssMiB(int pid)
    {
        string line = File.ReadAllLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static int Arg(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
