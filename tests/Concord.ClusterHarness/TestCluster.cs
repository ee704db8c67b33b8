using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Concord.Cli.Admin;
using Concord.Cli.Lab;
using Concord.Configuration;

namespace Concord.ClusterHarness;

/// <summary>
/// A cluster of real concordd processes for integration tests and benchmarks: its own directory,
/// key and config, processes tracked by the pids we started (and only those are ever signalled).
/// </summary>
public sealed class TestCluster : IDisposable
{
    private readonly Dictionary<int, Process> _processes = [];

    public TestCluster(int nodes, IAddressing network, int tokenMs = 1000, int links = 1, int? port = null)
    {
        Nodes = nodes;
        Network = network;
        Directory = Path.Combine(Path.GetTempPath(), $"concord-test-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        System.IO.Directory.CreateDirectory(Directory);
        string key = Path.Combine(Directory, "authkey");
        var written = AuthKeyFile.Write(key, AuthKey.Generate(), overwrite: true);
        if (written.Error is not null) throw new InvalidOperationException(written.Error);
        Port = port ?? 20000 + Random.Shared.Next(0, 20000);
        File.WriteAllText(ConfigFile, LabLayout.RenderConfig(key, nodes, links, tokenMs, network.Address, Port));
    }

    public int Nodes { get; }

    public IAddressing Network { get; }

    public NamespaceNetwork? Namespaces => Network as NamespaceNetwork;

    public string Directory { get; }

    public int Port { get; }

    public string ConfigFile => Path.Combine(Directory, "concord.conf");

    public string RunDir(int node) => Path.Combine(Directory, $"node{node}");

    public string LogFile(int node) => Path.Combine(RunDir(node), "concordd.log");

    public static string DaemonDll => Path.Combine(AppContext.BaseDirectory, "concordd.dll");

    /// <summary>Run this concordd binary (e.g. a Native AOT build) instead of the built dll.</summary>
    public static string? DaemonOverride { get; set; } = Environment.GetEnvironmentVariable("CONCORD_DAEMON");

    public static string DaemonCommand => DaemonOverride ?? $"dotnet {DaemonDll}";

    public int Pid(int node) => _processes[node].Id;

    public void StartAll()
    {
        for (int i = 1; i <= Nodes; i++) Start(i);
    }

    public int Start(int node)
    {
        System.IO.Directory.CreateDirectory(RunDir(node));
        var prefix = Network.LaunchPrefix(node);
        string[] daemon = DaemonOverride is { } binary ? binary.Split(' ', StringSplitOptions.RemoveEmptyEntries) : ["dotnet", DaemonDll];
        string[] command = [.. prefix, .. daemon];
        var start = new ProcessStartInfo(command[0]) { UseShellExecute = false, RedirectStandardInput = true };
        foreach (var arg in command.Skip(1)) start.ArgumentList.Add(arg);
        foreach (var arg in new[] { "-f", "-c", ConfigFile }) start.ArgumentList.Add(arg);
        if (Network.NeedsExplicitNode)
        {
            start.ArgumentList.Add("-n");
            start.ArgumentList.Add(node.ToString(CultureInfo.InvariantCulture));
        }
        start.Environment["CONCORD_RUN_DIR"] = RunDir(node);
        start.RedirectStandardError = true;
        start.RedirectStandardOutput = true;
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start concordd");
        var log = new StreamWriter(LogFile(node), append: true) { AutoFlush = true };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        _processes[node] = process;
        return process.Id;
    }

    public bool IsRunning(int node) => _processes.TryGetValue(node, out var p) && !p.HasExited;

    /// <summary>SIGKILL, as a crash.</summary>
    public void Kill(int node)
    {
        if (!_processes.Remove(node, out var process)) return;
        try { process.Kill(); }
        catch (InvalidOperationException) { }
        process.WaitForExit(5000);
        process.Dispose();
    }

    /// <summary>SIGTERM: graceful leave; waits for the process to exit.</summary>
    public int Stop(int node)
    {
        if (!_processes.Remove(node, out var process)) return -1;
        Shell.Run("kill", "-TERM", process.Id.ToString(CultureInfo.InvariantCulture));
        if (!process.WaitForExit(10_000)) process.Kill();
        process.WaitForExit();
        int code = process.ExitCode;
        process.Dispose();
        return code;
    }

    public JsonObject? Status(int node)
    {
        var reply = AdminClient.Request("status", runDirectory: RunDir(node), timeoutMs: 2000);
        return reply.Ok ? reply.Result?.AsObject() : null;
    }

    internal AdminReply Request(int node, string command, JsonObject? arguments = null) =>
        AdminClient.Request(command, arguments, RunDir(node), timeoutMs: 5000);

    /// <summary>Members as node ids, or null when the node is not operational.</summary>
    public int[]? Members(int node)
    {
        var status = Status(node);
        if (status is null || status["state"]?.GetValue<string>() != "operational") return null;
        return [.. status["members"]!.AsArray().Select(m => m!["nodeId"]!.GetValue<int>())];
    }

    public string? RingId(int node) => Status(node)?["ringId"]?.GetValue<string>();

    /// <summary>True when every listed node is operational with exactly those members on one ring.</summary>
    public bool HaveMembership(params int[] nodes)
    {
        string? ring = null;
        foreach (int node in nodes)
        {
            var status = Status(node);
            if (status is null || status["state"]?.GetValue<string>() != "operational") return false;
            var members = status["members"]!.AsArray().Select(m => m!["nodeId"]!.GetValue<int>()).Order().ToArray();
            if (!members.SequenceEqual(nodes.Order())) return false;
            string r = status["ringId"]!.GetValue<string>();
            if (ring is not null && ring != r) return false;
            ring = r;
        }
        return true;
    }

    /// <summary>Poll <paramref name="condition"/> until it holds or the deadline passes; returns the time it took.</summary>
    public static TimeSpan? WaitFor(Func<bool> condition, TimeSpan timeout, int pollMs = 20)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            if (condition()) return watch.Elapsed;
            Thread.Sleep(pollMs);
        }
        return condition() ? watch.Elapsed : null;
    }

    public string Logs()
    {
        var text = new System.Text.StringBuilder();
        for (int i = 1; i <= Nodes; i++)
        {
            if (!File.Exists(LogFile(i))) continue;
            text.AppendLine($"--- node{i} ---");
            try
            {
                using var stream = new FileStream(LogFile(i), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                text.AppendLine(new StreamReader(stream).ReadToEnd());
            }
            catch (IOException) { }
        }
        return text.ToString();
    }

    public void Dispose()
    {
        foreach (int node in _processes.Keys.ToArray()) Kill(node);
        Network.Dispose();
        try { System.IO.Directory.Delete(Directory, recursive: true); }
        catch (IOException) { }
    }
}
