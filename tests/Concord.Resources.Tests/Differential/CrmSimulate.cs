using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Concord.Resources.Tests.Differential;

/// <summary>Runs the real crm_simulate (Debian package pacemaker-cli-utils) as a test oracle.</summary>
public static partial class CrmSimulate
{
    public const string Binary = "/usr/sbin/crm_simulate";

    public static bool Available => File.Exists(Binary);

    /// <summary>Runs crm_simulate -R on a CIB file and returns its "Transition Summary" lines (without "  * ").</summary>
    public static List<string> Summary(string cibPath, params string[] extraArgs) => Summary(cibPath, out _, extraArgs);

    /// <summary>As <see cref="Summary(string, string[])"/>; <paramref name="ok"/> is false when crm_simulate printed no
    /// Transition Summary at all (it crashed on an internal assertion, which 2.1.5 does for a few inputs).</summary>
    public static List<string> Summary(string cibPath, out bool ok, params string[] extraArgs)
    {
        string output = Run(["-x", cibPath, "-R", .. extraArgs]);
        ok = output.Contains("Transition Summary:", StringComparison.Ordinal);
        return ParseSummary(output);
    }

    public static string Run(IEnumerable<string> args) => Run(args, Timeout.InfiniteTimeSpan) ?? string.Empty;

    /// <summary>Runs crm_simulate; null if it did not finish within <paramref name="timeout"/> (it is then killed).</summary>
    public static string? Run(IEnumerable<string> args, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }
        using Process p = Process.Start(psi) ?? throw new InvalidOperationException("could not start crm_simulate");
        Task<string> err = p.StandardError.ReadToEndAsync();
        Task<string> stdout = p.StandardOutput.ReadToEndAsync();
        if (!p.WaitForExit(timeout))
        {
            p.Kill();
            p.WaitForExit();
            return null;
        }
        _ = err.Result;
        return stdout.Result;
    }

    public static List<string> ParseSummary(string output)
    {
        var lines = new List<string>();
        bool inSummary = false;
        foreach (string raw in output.Split('\n'))
        {
            if (raw.StartsWith("Transition Summary:", StringComparison.Ordinal))
            {
                inSummary = true;
                continue;
            }
            if (!inSummary)
            {
                continue;
            }
            if (raw.Length == 0 || !raw.StartsWith("  ", StringComparison.Ordinal))
            {
                break;
            }
            string line = raw.Trim();
            if (line.StartsWith("* ", StringComparison.Ordinal))
            {
                line = line[2..];
            }
            lines.Add(line);
        }
        return lines;
    }

    /// <summary>Normalize for comparison: collapse whitespace, strip clone instance numbers, sort.</summary>
    public static List<string> Normalize(IEnumerable<string> lines) =>
        [.. lines.Select(l => InstanceNumber().Replace(Spaces().Replace(l.Trim(), " "), "$1")).Order(StringComparer.Ordinal)];

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"(\w):\d+\b")]
    private static partial Regex InstanceNumber();
}
