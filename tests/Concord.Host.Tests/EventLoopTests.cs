using Concord.Host.Loop;

namespace Concord.Host.Tests;

[Trait("Category", "Unit")]
public sealed class EventLoopTests
{
    private static EventLoop Started(List<Exception>? errors = null)
    {
        var loop = new EventLoop(ex => { lock (errors ?? []) errors?.Add(ex); });
        loop.Start();
        return loop;
    }

    /// <summary>Waits (bounded) until the loop thread has run everything posted before.</summary>
    private static void Drain(EventLoop loop) => Assert.True(loop.InvokeAsync(() => true).Wait(TimeSpan.FromSeconds(10)));

    [Fact]
    public void RunOrPost_WhenIdle_RunsOnTheCallingThread()
    {
        using var loop = Started();
        int caller = Environment.CurrentManagedThreadId;
        // The loop thread may still hold the gate for a moment after each drain, so try until a deadline:
        // an idle loop must let the caller do the work itself.
        bool inline = SpinWait.SpinUntil(() =>
        {
            int ranOn = -1;
            loop.RunOrPost(() => ranOn = Environment.CurrentManagedThreadId);
            Drain(loop);
            return ranOn == caller;
        }, TimeSpan.FromSeconds(10));
        Assert.True(inline);
    }

    [Fact]
    public void RunOrPost_KeepsOrderWithWorkPostedBefore()
    {
        using var loop = Started();
        var order = new List<int>();
        using var hold = new ManualResetEventSlim();
        using var holding = new ManualResetEventSlim();
        loop.Post(() =>
        {
            holding.Set();
            hold.Wait(TimeSpan.FromSeconds(10)); // keep the gate busy
        });
        Assert.True(holding.Wait(TimeSpan.FromSeconds(10)));
        for (int i = 0; i < 100; i++)
        {
            int n = i;
            if (n % 2 == 0) loop.Post(() => order.Add(n));
            else loop.RunOrPost(() => order.Add(n));
        }
        hold.Set();
        Drain(loop);
        Assert.Equal(Enumerable.Range(0, 100), order);
    }

    [Fact]
    public void RunOrPost_FromProtocolWork_QueuesInsteadOfReentering()
    {
        using var loop = Started();
        var trace = new List<string>();
        loop.Post(() =>
        {
            trace.Add("outer start");
            loop.RunOrPost(() => trace.Add("inner"));
            trace.Add("outer end");
        });
        Drain(loop);
        Assert.Equal(["outer start", "outer end", "inner"], trace);
    }

    [Fact]
    public void RunOrPost_InlineWorkIsSerializedWithTheLoop()
    {
        // Many threads racing RunOrPost and Post against the loop: the counter (not thread-safe by
        // itself) must come out exact, which it can only if no two pieces of work ever overlap.
        using var loop = Started();
        int counter = 0;
        var threads = Enumerable.Range(0, 4).Select(t => new Thread(() =>
        {
            for (int i = 0; i < 5_000; i++)
            {
                if (i % 3 == 0) loop.Post(() => counter++);
                else loop.RunOrPost(() => counter++);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Drain(loop);
        Assert.Equal(20_000, counter);
    }

    [Fact]
    public void FailingWork_IsReported_AndTheLoopGoesOn()
    {
        var errors = new List<Exception>();
        using var loop = Started(errors);
        loop.Post(() => throw new InvalidOperationException("boom"));
        loop.RunOrPost(() => throw new InvalidOperationException("inline boom"));
        Drain(loop);
        lock (errors) Assert.Equal(2, errors.Count);
    }

    [Fact]
    public void TimerArmedInline_FiresOnTheLoop()
    {
        using var loop = Started();
        using var fired = new ManualResetEventSlim();
        loop.RunOrPost(() => loop.Arm("t", EventLoop.NowMs + 20, fired.Set));
        Assert.True(fired.Wait(TimeSpan.FromSeconds(10)));
    }
}
