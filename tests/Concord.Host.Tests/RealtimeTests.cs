namespace Concord.Host.Tests;

[Trait("Category", "Unit")]
public sealed class RealtimeTests
{
    /// <summary>The scheduling policy of the calling thread as the kernel reports it (2 = SCHED_RR).</summary>
    private static int CurrentThreadPolicy()
    {
        string line = File.ReadLines("/proc/thread-self/sched").First(l => l.StartsWith("policy", StringComparison.Ordinal));
        return int.Parse(line.Split(':')[1].Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public void Elevate_WhenEnabled_MakesTheThreadRoundRobin_OrSaysWhyNot()
    {
        if (!OperatingSystem.IsLinux()) return;
        int policy = -1;
        string? refusal = null;
        var thread = new Thread(() =>
        {
            Realtime.Enabled = true;
            Realtime.Unavailable = reason => refusal = reason;
            try
            {
                Realtime.ElevateCurrentThread();
                policy = CurrentThreadPolicy();
            }
            finally
            {
                Realtime.Enabled = false;
                Realtime.Unavailable = null;
            }
        });
        thread.Start();
        thread.Join();
        // As root (CI) the kernel grants it; elsewhere the refusal must be reported, not swallowed.
        Assert.True(policy == 2 || refusal is { Length: > 0 }, $"policy {policy}, refusal '{refusal}'");
    }

    [Fact]
    public void Elevate_WhenDisabled_LeavesTheThreadAlone()
    {
        if (!OperatingSystem.IsLinux()) return;
        int policy = -1;
        var thread = new Thread(() =>
        {
            Realtime.ElevateCurrentThread();
            policy = CurrentThreadPolicy();
        });
        thread.Start();
        thread.Join();
        Assert.Equal(0, policy);
    }
}
