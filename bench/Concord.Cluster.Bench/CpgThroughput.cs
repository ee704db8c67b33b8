using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Concord.ClusterHarness;

namespace Concord.Cluster.Bench;

/// <summary>
/// Process-group throughput and latency of 3 daemons in network namespaces, driven by
/// `concord bench cpg` through each node's client socket; prints Markdown tables.
/// </summary>
internal static class CpgThroughput
{
    public static void Run(int seconds, bool latencyOnly = false)
    {
        using var cluster = new TestCluster(3, new NamespaceNetwork(3, links: 1), tokenMs: 3000);
        cluster.StartAll();
        if (TestCluster.WaitFor(() => cluster.HaveMembership(1, 2, 3), TimeSpan.FromSeconds(30)) is null)
            throw new TimeoutException("the cluster did not form");
        string dirs = string.Join(',', Enumerable.Range(1, 3).Select(cluster.RunDir));
        if (!latencyOnly) Throughput(dirs, seconds);
        Console.WriteLine("| latency mode (64 B, one sender) | p50 at sender | p99 at sender |");
        Console.WriteLine("|---|---|---|");
        foreach (string mode in new[] { "back-to-back", "idle" })
        {
            // 100 ms between messages: at least 20 s, so the idle percentiles rest on ~200 samples.
            var r = Bench(dirs, 64, mode == "idle" ? Math.Max(seconds, 20) : seconds, "one", mode);
            Console.WriteLine($"| {mode} | {r[0]!["p50Ms"]} ms | {r[0]!["p99Ms"]} ms |");
        }
    }

    private static void Throughput(string dirs, int seconds)
    {
        Console.WriteLine("| size | senders | msgs/s per receiver (min–max) | MB/s per receiver (min–max) |");
        Console.WriteLine("|---|---|---|---|");
        foreach (string senders in new[] { "one", "all" })
        {
            foreach (int size in new[] { 64, 1024, 16384 })
            {
                var r = Bench(dirs, size, seconds, senders, latency: null);
                var msgs = r.Select(x => x!["msgsPerSec"]!.GetValue<double>()).ToArray();
                var mb = r.Select(x => x!["mbPerSec"]!.GetValue<double>()).ToArray();
                Console.WriteLine($"| {size} B | {senders} | {msgs.Min():0}–{msgs.Max():0} | {mb.Min():0.0}–{mb.Max():0.0} |");
            }
        }
        Console.WriteLine();
    }

    private static JsonArray Bench(string dirs, int size, int seconds, string senders, string? latency)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        string[] args = [Path.Combine(AppContext.BaseDirectory, "concord.dll"), "bench", "cpg", "--run-dirs", dirs,
            "--size", size.ToString(CultureInfo.InvariantCulture), "--seconds", seconds.ToString(CultureInfo.InvariantCulture),
            "--senders", senders, "--output", "json"];
        foreach (var arg in args) start.ArgumentList.Add(arg);
        if (latency is not null)
        {
            start.ArgumentList.Add("--latency");
            start.ArgumentList.Add(latency);
        }
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"concord bench cpg failed ({process.ExitCode}): {stderr.Result}");
        return JsonNode.Parse(stdout)!["receivers"]!.AsArray();
    }
}
