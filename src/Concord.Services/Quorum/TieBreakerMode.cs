namespace Concord.Services.Quorum;

/// <summary>How auto_tie_breaker picks the side of an even split (corosync's ATB_* values).</summary>
public enum TieBreakerMode
{
    None = 0,
    Lowest = 1,
    Highest = 2,
    List = 3,
}
