using System.Diagnostics;
using System.Globalization;

namespace Concord.Cli.Lab;

/// <summary>Starts and stops the lab's daemons, each tracked by the pid we started it with.</summary>
internal sealed class LabProcesses(LabLayout layout)
{
    public const string DaemonVariable = "CONCORD_DAEMON";

    /// <summary>The concordd to run: $CONCORD_DAEMON, else the one beside this concord, else PATH.</summary>
    public static string DaemonPath()
    {
        if (Environment.GetEnvironmentVariable(DaemonVariable) is { Length: > 0 } explicitPath) return explicitPath;
        string sibling = Path.Combine(AppContext.BaseDirectory, "concordd");
        if (File.Exists(sibling)) return sibling;
        string siblingDll = Path.Combine(AppContext.BaseDirectory, "concordd.dll");
        return File.Exists(siblingDll) ? siblingDll : "concordd";
    }

    public int? Pid(int node)
    {
        string file = layout.PidFile(node);
        if (!File.Exists(file) || !int.TryParse(File.ReadAllText(file).Trim(), out int pid)) return null;
        return IsRunning(pid) ? pid : null;
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited && File.Exists($"/proc/{pid}/cmdline")
                   && File.ReadAllText($"/proc/{pid}/cmdline").Contains("concordd", StringComparison.Ordinal);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>Start node <paramref name="node"/>'s daemon detached, logging to its file.</summary>
    public int Start(int node)
    {
        if (Pid(node) is int running) return running;
        Directory.CreateDirectory(layout.RunDir(node));
        string daemon = DaemonPath();
        bool viaDotnet = daemon.EndsWith(".dll", StringComparison.Ordinal);
        var start = new ProcessStartInfo("setsid")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
        };
        // exec keeps the pid: the pid we record is concordd's own.
        start.ArgumentList.Add("sh");
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec \"$@\" >>\"$CONCORD_LAB_LOG\" 2>&1 </dev/null");
        start.ArgumentList.Add("concordd");
        if (viaDotnet) start.ArgumentList.Add("dotnet");
        start.ArgumentList.Add(daemon);
        start.ArgumentList.Add("-f");
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(layout.ConfigFile);
        start.ArgumentList.Add("-n");
        start.ArgumentList.Add(node.ToString(CultureInfo.InvariantCulture));
        start.Environment["CONCORD_RUN_DIR"] = layout.RunDir(node);
        start.Environment["CONCORD_LAB_LOG"] = layout.LogFile(node);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start setsid");
        File.WriteAllText(layout.PidFile(node), process.Id.ToString(CultureInfo.InvariantCulture));
        return process.Id;
    }

    /// <summary>SIGKILL: the node vanishes without a word, as in a crash.</summary>
    public bool Kill(int node) => Signal(node, 9, waitMs: 2000);

    /// <summary>SIGTERM: a graceful leave.</summary>
    public bool Stop(int node) => Signal(node, 15, waitMs: 5000);

    private bool Signal(int node, int signal, int waitMs)
    {
        if (Pid(node) is not int pid) return false;
        using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", pid.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false });
        kill?.WaitForExit();
        var deadline = Environment.TickCount64 + waitMs;
        while (Environment.TickCount64 < deadline && IsRunning(pid)) Thread.Sleep(20);
        if (!IsRunning(pid)) File.Delete(layout.PidFile(node));
        return true;
    }
}
