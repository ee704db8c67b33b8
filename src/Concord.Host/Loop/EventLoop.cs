using System.Collections.Concurrent;

namespace Concord.Host.Loop;

/// <summary>
/// The daemon's protocol executor (as corosync's main loop): every protocol state change happens
/// under one gate, one piece of work at a time, fed by socket receive threads and admin connections.
/// Timers are deadlines on the monotonic clock, checked between work items.
///
/// A dedicated loop thread runs queued work and fires timers. A socket thread whose work is on the
/// message path uses <see cref="RunOrPost"/>: if the gate is free (the ring was idle) it does the
/// work itself, with everything queued before it, instead of waking the loop thread — after an idle
/// spell each thread wake-up costs tens of microseconds, and this is one fewer per hop.
/// </summary>
internal sealed class EventLoop : IDisposable
{
    private const int WorkItemsPerBatch = 256;
    private const int InlineBatchesMax = 4;
    private readonly ConcurrentQueue<Action> _work = new();
    private readonly AutoResetEvent _wake = new(false);
    private readonly object _gate = new();
    private readonly Dictionary<object, (long DueMs, Action Action)> _timers = [];
    private readonly List<KeyValuePair<object, (long DueMs, Action Action)>> _due = [];
    private readonly List<Action> _afterBatch = [];
    private readonly Thread _thread;
    private readonly Action<Exception> _onError;
    private volatile bool _stopping;

    /// <summary>When the loop thread means to wake next (under the gate); earlier timers must wake it.</summary>
    private long _loopWakesAtMs = long.MaxValue;

    public EventLoop(Action<Exception> onError)
    {
        _onError = onError;
        _thread = new Thread(Run) { Name = "concord-loop", IsBackground = true };
    }

    /// <summary>Monotonic milliseconds (never jumps with the wall clock).</summary>
    public static long NowMs => Environment.TickCount64;

    public void Start() => _thread.Start();

    public void Post(Action work)
    {
        _work.Enqueue(work);
        _wake.Set();
    }

    /// <summary>
    /// Do <paramref name="work"/> now on this thread if no one holds the gate (after whatever was
    /// queued before it, and the timers that fall due meanwhile); otherwise queue it like <see cref="Post"/>.
    /// Never runs inside other protocol work (a call from under the gate queues).
    /// </summary>
    public void RunOrPost(Action work)
    {
        if (_stopping || Monitor.IsEntered(_gate) || !Monitor.TryEnter(_gate))
        {
            Post(work);
            return;
        }
        bool wakeLoop;
        try
        {
            _work.Enqueue(work);
            // A few batches at most: a busy ring is the loop thread's job, not this socket thread's.
            long nextDueMs = long.MinValue;
            for (int i = 0; i < InlineBatchesMax && nextDueMs <= NowMs; i++) nextDueMs = RunBatch();
            wakeLoop = nextDueMs < _loopWakesAtMs;
        }
        finally
        {
            Monitor.Exit(_gate);
        }
        if (wakeLoop) _wake.Set();
    }

    /// <summary>Run <paramref name="work"/> under the gate and wait for its result (admin requests).</summary>
    public Task<T> InvokeAsync<T>(Func<T> work)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(() =>
        {
            try { done.SetResult(work()); }
            catch (Exception ex) { done.SetException(ex); }
        });
        return done.Task;
    }

    /// <summary>Under the gate (protocol work or timers): arm or re-arm the timer named <paramref name="key"/>.</summary>
    public void Arm(object key, long dueMs, Action action) => _timers[key] = (dueMs, action);

    public void Cancel(object key) => _timers.Remove(key);

    /// <summary>
    /// Before <see cref="Start"/>: run <paramref name="flush"/> after every batch of work and timers
    /// (client output is written there: one system call for all a batch produced).
    /// </summary>
    public void AfterEachBatch(Action flush) => _afterBatch.Add(flush);

    public void Stop()
    {
        _stopping = true;
        _wake.Set();
        if (Thread.CurrentThread != _thread && _thread.IsAlive) _thread.Join(TimeSpan.FromSeconds(5));
    }

    private void Run()
    {
        Realtime.ElevateCurrentThread();
        while (!_stopping)
        {
            long waitMs;
            lock (_gate)
            {
                long nextDueMs = RunBatch();
                waitMs = nextDueMs == long.MaxValue ? 1000 : Math.Clamp(nextDueMs - NowMs, 0, 1000);
                _loopWakesAtMs = waitMs > 0 ? NowMs + waitMs : long.MinValue;
            }
            if (waitMs > 0) _wake.WaitOne((int)waitMs);
        }
    }

    /// <summary>
    /// Under the gate: queued work (a bounded batch), then due timers, then the flushes. Returns when
    /// the next thing is due: now (≤ NowMs) if work is still queued, else the earliest timer.
    /// </summary>
    private long RunBatch()
    {
        for (int i = 0; i < WorkItemsPerBatch && _work.TryDequeue(out var work); i++) Guard(work);
        long now = NowMs;
        _due.Clear();
        long nextDue = long.MaxValue;
        foreach (var timer in _timers)
        {
            if (timer.Value.DueMs <= now) _due.Add(timer);
            else nextDue = Math.Min(nextDue, timer.Value.DueMs);
        }
        foreach (var timer in _due)
        {
            // A timer re-armed or cancelled by an earlier one in this batch is not fired.
            if (_timers.TryGetValue(timer.Key, out var current) && current.DueMs == timer.Value.DueMs)
            {
                _timers.Remove(timer.Key);
                Guard(timer.Value.Action);
            }
        }
        foreach (var flush in _afterBatch) Guard(flush);
        if (_due.Count > 0 || !_work.IsEmpty) return long.MinValue;
        return nextDue;
    }

    private void Guard(Action action)
    {
        try
        {
            action();
        }
        catch (Exception ex)
        {
            _onError(ex);
        }
    }

    public void Dispose()
    {
        Stop();
        _wake.Dispose();
    }
}
