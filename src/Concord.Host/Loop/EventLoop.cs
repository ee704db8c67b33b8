using System.Collections.Concurrent;

namespace Concord.Host.Loop;

/// <summary>
/// The daemon's one protocol thread (as corosync's main loop): every protocol state change happens
/// here, fed by socket receive threads and admin connections through <see cref="Post"/>. Timers are
/// deadlines on the monotonic clock, checked between work items.
/// </summary>
internal sealed class EventLoop : IDisposable
{
    private readonly ConcurrentQueue<Action> _work = new();
    private readonly AutoResetEvent _wake = new(false);
    private const int WorkItemsPerBatch = 256;
    private readonly Dictionary<object, (long DueMs, Action Action)> _timers = [];
    private readonly List<Action> _afterBatch = [];
    private readonly Thread _thread;
    private readonly Action<Exception> _onError;
    private volatile bool _stopping;

    public EventLoop(Action<Exception> onError)
    {
        _onError = onError;
        _thread = new Thread(Run) { Name = "concord-loop", IsBackground = true };
    }

    /// <summary>Monotonic milliseconds (never jumps with the wall clock).</summary>
    public static long NowMs => Environment.TickCount64;

    public bool IsLoopThread => Thread.CurrentThread == _thread;

    public void Start() => _thread.Start();

    public void Post(Action work)
    {
        _work.Enqueue(work);
        _wake.Set();
    }

    /// <summary>Run <paramref name="work"/> on the loop and wait for its result (admin requests).</summary>
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

    /// <summary>Loop thread only: arm or re-arm the timer named <paramref name="key"/>.</summary>
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
        var due = new List<KeyValuePair<object, (long DueMs, Action Action)>>();
        while (!_stopping)
        {
            try
            {
                for (int i = 0; i < WorkItemsPerBatch && _work.TryDequeue(out var work); i++) work();
                long now = NowMs;
                due.Clear();
                long nextDue = long.MaxValue;
                foreach (var timer in _timers)
                {
                    if (timer.Value.DueMs <= now) due.Add(timer);
                    else nextDue = Math.Min(nextDue, timer.Value.DueMs);
                }
                foreach (var timer in due)
                {
                    // A timer re-armed or cancelled by an earlier one in this batch is not fired.
                    if (_timers.TryGetValue(timer.Key, out var current) && current.DueMs == timer.Value.DueMs)
                    {
                        _timers.Remove(timer.Key);
                        timer.Value.Action();
                    }
                }
                foreach (var flush in _afterBatch) flush();
                if (due.Count > 0 || !_work.IsEmpty) continue;
                int waitMs = nextDue == long.MaxValue ? 1000 : (int)Math.Clamp(nextDue - NowMs, 0, 1000);
                if (waitMs > 0) _wake.WaitOne(waitMs);
            }
            catch (Exception ex)
            {
                _onError(ex);
            }
        }
    }

    public void Dispose()
    {
        Stop();
        _wake.Dispose();
    }
}
