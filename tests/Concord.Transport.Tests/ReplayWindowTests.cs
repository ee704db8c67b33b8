using CsCheck;

namespace Concord.Transport.Tests;

[Trait("Category", "Unit")]
public sealed class ReplayWindowTests
{
    [Fact]
    public void Window_MatchesSetModel_ForRandomCounterSequences()
    {
        // Counters cluster near a moving front so both in-window and too-old cases occur.
        Gen.Select(Gen.Int[0, 3000], Gen.Int[-1100, 40]).Array[1, 400].Sample(steps =>
        {
            var window = new ReplayWindow();
            var accepted = new HashSet<ulong>();
            ulong highest = 0;
            bool any = false;
            foreach ((int front, int delta) in steps)
            {
                ulong counter = (ulong)Math.Max(0, front + delta);
                bool expected = !accepted.Contains(counter) && (!any || counter > highest || highest - counter < ReplayWindow.Size);
                Assert.Equal(expected, window.IsFresh(counter));
                if (!expected) continue;
                window.Mark(counter);
                accepted.Add(counter);
                if (!any || counter > highest) highest = counter;
                any = true;
            }
        }, iter: 500);
    }

    [Fact]
    public void Window_JumpFarAhead_ForgetsEverythingOlder()
    {
        var window = new ReplayWindow();
        window.Mark(5);
        window.Mark(5000);

        Assert.False(window.IsFresh(5));
        Assert.False(window.IsFresh(5000 - ReplayWindow.Size));
        Assert.True(window.IsFresh(5000 - ReplayWindow.Size + 1));
        Assert.False(window.IsFresh(5000));
    }

    [Fact]
    public void Window_HugeCounters_DoNotOverflow()
    {
        var window = new ReplayWindow();
        window.Mark(ulong.MaxValue - 1);

        Assert.True(window.IsFresh(ulong.MaxValue));
        Assert.True(window.IsFresh(ulong.MaxValue - 2));
        Assert.False(window.IsFresh(0));
        window.Mark(ulong.MaxValue);
        Assert.False(window.IsFresh(ulong.MaxValue - 1));
    }
}
