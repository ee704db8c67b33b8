using System.CommandLine;
using System.Text.Json.Nodes;
using Concord.Cli.Bench;

namespace Concord.Cli.Commands;

/// <summary>`concord bench cpg`: throughput or latency of a running cluster, driven through each node's client socket.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var bench = new Command("bench", "Measure a running cluster");
        var runDirs = new Option<string>("--run-dirs") { Description = "Comma-separated run directories of the nodes (each has concord-client.sock)", Required = true };
        var size = new Option<int>("--size") { Description = "Message size in bytes (at least 20)", DefaultValueFactory = _ => 64 };
        var seconds = new Option<double>("--seconds") { Description = "How long to send", DefaultValueFactory = _ => 5 };
        var senders = new Option<string>("--senders") { Description = "one or all", DefaultValueFactory = _ => "one" };
        var latency = new Option<string?>("--latency") { Description = "Latency mode: back-to-back, or idle (100 ms between messages)" };
        var output = CommonOptions.Output();
        var cpg = new Command("cpg", "Process-group throughput (msgs/s, MB/s per receiver) or round-trip latency (p50/p99)")
        {
            runDirs, size, seconds, senders, latency, output,
        };
        cpg.SetAction(async (parse, cancel) =>
        {
            string format = parse.GetValue(output)!;
            if (CommonOptions.CheckOutput(format) is int bad) return bad;
            var dirs = parse.GetValue(runDirs)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            int bytes = parse.GetValue(size);
            string who = parse.GetValue(senders)!;
            string? mode = parse.GetValue(latency);
            if (dirs.Length == 0) return Usage("--run-dirs needs at least one directory");
            if (bytes < 20 || bytes > 1 << 20) return Usage($"--size must be between 20 and 1048576 bytes (got {bytes})");
            if (who is not ("one" or "all")) return Usage($"--senders must be 'one' or 'all' (got '{who}')");
            if (mode is not (null or "back-to-back" or "idle")) return Usage($"--latency must be 'back-to-back' or 'idle' (got '{mode}')");
            var benchmark = new CpgBenchmark(dirs, bytes, TimeSpan.FromSeconds(parse.GetValue(seconds)), who == "all");
            IReadOnlyList<ReceiverResult> results;
            try
            {
                results = mode is null
                    ? await benchmark.RunThroughputAsync(cancel)
                    : await benchmark.RunLatencyAsync(mode == "idle" ? TimeSpan.FromMilliseconds(100) : TimeSpan.Zero, cancel);
            }
            catch (InvalidDataException ex)
            {
                Console.Error.WriteLine($"concord bench: {ex.Message}");
                return ExitCodes.Failure;
            }
            catch (Exception ex) when (ex is System.Net.Sockets.SocketException or IOException or TimeoutException or Concord.Client.CpgException)
            {
                Console.Error.WriteLine($"concord bench: {ex.Message}");
                return ExitCodes.Unavailable;
            }
            Print(results, format, bytes, who, mode);
            return ExitCodes.Ok;
        });
        bench.Subcommands.Add(cpg);
        return bench;
    }

    private static int Usage(string message)
    {
        Console.Error.WriteLine($"concord bench cpg: {message}");
        return ExitCodes.Usage;
    }

    private static void Print(IReadOnlyList<ReceiverResult> results, string format, int size, string senders, string? latency)
    {
        if (format == "json")
        {
            var receivers = new JsonArray();
            foreach (var r in results)
            {
                var o = new JsonObject
                {
                    ["runDir"] = r.RunDir,
                    ["nodeId"] = r.NodeId,
                    ["messages"] = r.Messages,
                    ["msgsPerSec"] = Math.Round(r.MsgsPerSec, 1),
                    ["mbPerSec"] = Math.Round(r.MbPerSec, 3),
                };
                if (latency is not null)
                {
                    o["p50Ms"] = r.P50Ms is double p50 ? Math.Round(p50, 3) : null;
                    o["p99Ms"] = r.P99Ms is double p99 ? Math.Round(p99, 3) : null;
                }
                receivers.Add((JsonNode)o);
            }
            CommonOptions.PrintJson(new JsonObject
            {
                ["mode"] = latency is null ? "throughput" : $"latency-{latency}",
                ["size"] = size,
                ["senders"] = senders,
                ["receivers"] = receivers,
            });
            return;
        }
        Console.WriteLine($"{(latency is null ? "throughput" : "latency " + latency)}, {size} B messages, senders: {senders}");
        foreach (var r in results)
        {
            string lat = latency is null ? "" : $"  p50 {r.P50Ms:0.000} ms  p99 {r.P99Ms:0.000} ms";
            Console.WriteLine($"  node {r.NodeId,3}: {r.Messages,9} msgs  {r.MsgsPerSec,10:0} msg/s  {r.MbPerSec,8:0.00} MB/s{lat}");
        }
    }
}
