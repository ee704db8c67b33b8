namespace Concord.Transport;

/// <summary>
/// Anti-replay window over one sender's 64-bit send counters (RFC 4303 §3.4.3 style): accepts a
/// counter above the highest seen, or one within <see cref="Size"/> below it not yet seen.
/// </summary>
internal sealed class ReplayWindow
{
    public const int Size = 1024;

    private readonly ulong[] _bits = new ulong[Size / 64];
    private ulong _highest;
    private bool _any;

    public bool IsFresh(ulong counter)
    {
        if (!_any || counter > _highest) return true;
        if (_highest - counter >= Size) return false;
        return !IsSet(counter);
    }

    /// <summary>Records an accepted counter. Pre-condition: <see cref="IsFresh"/> returned true.</summary>
    public void Mark(ulong counter)
    {
        if (!_any)
        {
            _any = true;
            _highest = counter;
        }
        else if (counter > _highest)
        {
            if (counter - _highest >= Size)
            {
                Array.Clear(_bits);
            }
            else
            {
                for (ulong c = _highest + 1; c != counter; c++) Clear(c);
            }

            _highest = counter;
        }

        Set(counter);
    }

    public void Reset()
    {
        Array.Clear(_bits);
        _any = false;
        _highest = 0;
    }

    private bool IsSet(ulong counter) => (_bits[Slot(counter)] & Bit(counter)) != 0;

    private void Set(ulong counter) => _bits[Slot(counter)] |= Bit(counter);

    private void Clear(ulong counter) => _bits[Slot(counter)] &= ~Bit(counter);

    private static int Slot(ulong counter) => (int)(counter % Size / 64);

    private static ulong Bit(ulong counter) => 1UL << (int)(counter % 64);
}
