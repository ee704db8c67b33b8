using System.Diagnostics;

namespace Concord.ClusterHarness;

/// <summary>Runs a system command (ip, iptables) and reports failure with its stderr.</summary>
public static class Shell
{
    public static (int ExitCode, string Output) Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Trim());
    }

    public static void Must(string file, params string[] args)
    {
        var (code, output) = Run(file, args);
        if (code != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({code}): {output}");
    }

    public static bool IsRoot => Environment.UserName == "root";

    public static bool Has(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(dir => File.Exists(Path.Combine(dir, tool)));

    /// <summary>Why namespace tests cannot run here, or null when they can.</summary>
    public static string? NamespaceSupportMissing()
    {
        if (!IsRoot) return "network namespace tests need root";
        if (!Has("ip")) return "network namespace tests need iproute2 (ip)";
        if (!Has("iptables")) return "network namespace tests need iptables";
        return null;
    }
}
