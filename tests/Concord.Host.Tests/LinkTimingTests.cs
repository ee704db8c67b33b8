using Concord.Host.Net;

namespace Concord.Host.Tests;

[Trait("Category", "Unit")]
public sealed class LinkTimingTests
{
    [Fact]
    public void ForToken_Default_DetectsLinkLossWellBeforeTokenLoss()
    {
        var timing = LinkTiming.ForToken(3000);
        Assert.Equal(375, timing.PingIntervalMs);
        Assert.Equal(750, timing.PingTimeoutMs);
        Assert.True(timing.PingTimeoutMs + timing.PingIntervalMs < 3000);
    }

    [Fact]
    public void ForToken_ExplicitKnetSettings_Win() =>
        Assert.Equal(new LinkTiming(100, 400), LinkTiming.ForToken(3000, 100, 400));
}
