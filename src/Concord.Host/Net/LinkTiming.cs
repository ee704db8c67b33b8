namespace Concord.Host.Net;

/// <summary>
/// Heartbeat timing per link. Defaults follow knet's rule of thumb, tightened so a failed link is
/// abandoned well before the token timeout fires: ping every token/8, down after token/4 silent.
/// </summary>
internal sealed record LinkTiming(int PingIntervalMs, int PingTimeoutMs)
{
    public static LinkTiming ForToken(int tokenMs, int? pingIntervalMs = null, int? pingTimeoutMs = null) =>
        new(pingIntervalMs ?? Math.Max(50, tokenMs / 8), pingTimeoutMs ?? Math.Max(150, tokenMs / 4));
}
