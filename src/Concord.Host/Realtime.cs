using System.Runtime.InteropServices;

namespace Concord.Host;

/// <summary>
/// `concordd -r` (corosync's default; Concord's opt-in): the threads that carry the ring — the
/// protocol loop and the link receivers — run with round-robin real-time scheduling at the top
/// priority, so other processes that monopolize the CPUs cannot starve the token into a false
/// failover. Not the default because on an ordinary host it is slower: the kernel places woken
/// real-time threads on another CPU at once (an inter-processor wake-up each hop) where the normal
/// scheduler keeps a woken thread on its waker's warm CPU — round trips measured 0.09 ms without,
/// 0.14 ms with (docs/benchmarks.md). Real-time threads still leave 5 % of each CPU to the rest
/// (the kernel's sched_rt_runtime_us).
/// </summary>
internal static partial class Realtime
{
    private const int SchedRoundRobin = 2;
    private static int _failureReported;

    public static bool Enabled { get; set; }

    /// <summary>Told once, the first time the kernel refuses (no CAP_SYS_NICE, a container's limits).</summary>
    public static Action<string>? Unavailable { get; set; }

    /// <summary>Put the calling thread (Linux applies the policy per thread) under SCHED_RR at the maximum priority.</summary>
    public static void ElevateCurrentThread()
    {
        if (!Enabled || !OperatingSystem.IsLinux()) return;
        var parameters = new SchedParam { Priority = SchedGetPriorityMax(SchedRoundRobin) };
        if (SchedSetScheduler(0, SchedRoundRobin, in parameters) == 0) return;
        string reason = Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError());
        if (Interlocked.Exchange(ref _failureReported, 1) == 0) Unavailable?.Invoke(reason);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct SchedParam
    {
        public int Priority;
    }

    [LibraryImport("libc", EntryPoint = "sched_setscheduler", SetLastError = true)]
    private static partial int SchedSetScheduler(int pid, int policy, in SchedParam parameters);

    [LibraryImport("libc", EntryPoint = "sched_get_priority_max")]
    private static partial int SchedGetPriorityMax(int policy);
}
