namespace Concord.Transport;

/// <summary>
/// Picks a sender epoch. Receivers accept a new epoch from a sender only when it is larger than
/// the one they hold, so a restarted node must choose a larger value than its previous boot did.
/// Pure: the host passes the wall clock, the epoch it persisted last time (0 if none) and random bits.
/// </summary>
public static class TransportEpoch
{
    /// <summary>
    /// <c>(unixTimeMs &lt;&lt; 16) | randomBits</c>, or <paramref name="previousEpoch"/> + 1 if that is not larger
    /// (the clock went backwards). Persist the result before sending with it.
    /// </summary>
    public static ulong Next(ulong unixTimeMs, ulong previousEpoch, ushort randomBits)
    {
        ulong fromClock = (unixTimeMs << 16) | randomBits;
        return fromClock > previousEpoch ? fromClock : previousEpoch + 1;
    }
}
