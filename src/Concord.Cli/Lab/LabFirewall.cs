using System.Diagnostics;

namespace Concord.Cli.Lab;

/// <summary>
/// Cuts a lab node off the loopback network with iptables (root only): UDP to and from its
/// addresses is dropped in a chain of our own, CONCORD-LAB, so heal removes exactly what we added.
/// </summary>
internal static class LabFirewall
{
    private const string Chain = "CONCORD-LAB";

    public static (bool Ok, string Message) Isolate(int node)
    {
        if (!EnsureChain(out string error)) return (false, error);
        foreach (int link in new[] { 0, 1 })
        {
            string address = LabLayout.Address(node, link);
            foreach (var rule in Rules(address))
            {
                if (!Run(["-C", Chain, .. rule], out _) && !Run(["-A", Chain, .. rule], out error)) return (false, error);
            }
        }
        return (true, $"node{node} isolated: UDP to and from {LabLayout.Address(node)} is dropped");
    }

    public static (bool Ok, string Message) Heal(int node)
    {
        foreach (int link in new[] { 0, 1 })
        {
            foreach (var rule in Rules(LabLayout.Address(node, link)))
            {
                while (Run(["-D", Chain, .. rule], out _)) { }
            }
        }
        return (true, $"node{node} healed");
    }

    /// <summary>Remove the chain altogether (lab down).</summary>
    public static void Remove()
    {
        Run(["-D", "INPUT", "-j", Chain], out _);
        Run(["-F", Chain], out _);
        Run(["-X", Chain], out _);
    }

    private static string[][] Rules(string address) =>
    [
        ["-p", "udp", "-s", address, "!", "-d", address, "-j", "DROP"],
        ["-p", "udp", "-d", address, "!", "-s", address, "-j", "DROP"],
    ];

    private static bool EnsureChain(out string error)
    {
        if (!Run(["-L", Chain, "-n"], out error) && !Run(["-N", Chain], out error))
            return false;
        if (!Run(["-C", "INPUT", "-j", Chain], out _) && !Run(["-I", "INPUT", "-j", Chain], out error))
            return false;
        return true;
    }

    private static bool Run(string[] args, out string error)
    {
        error = "";
        try
        {
            var start = new ProcessStartInfo("iptables") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
            start.ArgumentList.Add("-w");
            foreach (var arg in args) start.ArgumentList.Add(arg);
            using var process = Process.Start(start)!;
            process.StandardOutput.ReadToEnd();
            error = process.StandardError.ReadToEnd().Trim();
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            error = "iptables is not installed (apt-get install iptables); isolate and heal need it, and root";
            return false;
        }
    }
}
