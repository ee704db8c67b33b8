using Concord.Core;
using Concord.Totem.Wire;

namespace Concord.Totem;

/// <summary>
/// The messages of one ring, by sequence: what we received, the contiguous prefix (aru), and what
/// may be forgotten because every member is known to have it.
/// </summary>
internal sealed class MessageStore(RingId ring)
{
    private readonly Dictionary<ulong, McastMessage> _messages = [];
    private ulong _forgottenUpTo;

    public RingId Ring { get; } = ring;

    /// <summary>Every sequence up to here has been received.</summary>
    public ulong Aru { get; private set; }

    /// <summary>Highest sequence received.</summary>
    public ulong HighSeq { get; private set; }

    public int Count => _messages.Count;

    public bool Add(McastMessage message)
    {
        if (message.Seq <= _forgottenUpTo || !_messages.TryAdd(message.Seq, message)) return false;
        if (message.Seq > HighSeq) HighSeq = message.Seq;
        while (_messages.ContainsKey(Aru + 1)) Aru++;
        return true;
    }

    public McastMessage? Get(ulong seq) => _messages.GetValueOrDefault(seq);

    public bool HasReceived(ulong seq) => seq <= _forgottenUpTo || _messages.ContainsKey(seq);

    /// <summary>Sequences in (Aru, upTo] that we lack, at most <paramref name="max"/>.</summary>
    public IEnumerable<ulong> Missing(ulong upTo, int max)
    {
        int found = 0;
        for (ulong seq = Aru + 1; seq <= upTo && found < max; seq++)
        {
            if (_messages.ContainsKey(seq)) continue;
            found++;
            yield return seq;
        }
    }

    /// <summary>Messages we hold in (after, upTo], ascending.</summary>
    public IEnumerable<McastMessage> Range(ulong after, ulong upTo)
    {
        for (ulong seq = Math.Max(after, _forgottenUpTo) + 1; seq <= upTo; seq++)
        {
            if (_messages.TryGetValue(seq, out var m)) yield return m;
        }
    }

    /// <summary>Drops messages up to <paramref name="seq"/>; the caller guarantees every member has them.</summary>
    public void Forget(ulong seq)
    {
        seq = Math.Min(seq, Aru);
        for (ulong s = _forgottenUpTo + 1; s <= seq; s++) _messages.Remove(s);
        if (seq > _forgottenUpTo) _forgottenUpTo = seq;
    }
}
