using Concord.Core;
using Concord.Totem;

namespace Concord.Simulation.Checkers;

/// <summary>
/// Invariant 4 (virtual synchrony): processes that move together from one configuration to the next
/// delivered the same set of messages in the first. "The first" is a regular configuration plus the
/// transitional configuration that ends it; the movers are the members of that transitional
/// configuration. Each process records, when it installs the next regular ring R', its previous ring,
/// its transitional members and an order-insensitive fingerprint (count and sum of message hashes)
/// of what it delivered since its last regular configuration; any two records for R' that are
/// related (same previous ring, or one lists the other as a mover) must agree on all three.
/// Processes that crash before installing R' leave no record and are not compared.
/// </summary>
internal sealed class VirtualSynchronyChecker : InvariantChecker
{
    private readonly record struct Move(ProcessView Process, RingId From, NodeId[] Movers, ulong Hash, long Count, MessageId[] Messages);

    private readonly Dictionary<RingId, List<Move>> _movesInto = [];

    public override string Name => "virtual synchrony (movers delivered the same set)";

    /// <summary>Pairs of movers compared (coverage: the check is not vacuous).</summary>
    public long Comparisons { get; private set; }

    public override void OnConfiguration(ProcessView p, TotemConfiguration c)
    {
        if (c.Kind != ConfigurationKind.Regular || p.CurrentRing is not { } from || p.TransitionalMembers is null) return;
        var move = new Move(p, from, [.. p.TransitionalMembers], p.EpochHash, p.EpochCount, [.. p.EpochMessages]);
        if (!_movesInto.TryGetValue(c.RingId, out var moves))
        {
            moves = [];
            _movesInto.Add(c.RingId, moves);
        }
        foreach (var other in moves)
        {
            bool related = other.From == from || move.Movers.Contains(other.Process.Id) || other.Movers.Contains(p.Id);
            if (!related) continue;
            Comparisons++;
            if (other.From != from)
                Fail($"{p} and {other.Process} list each other as movers into {c.RingId} but come from rings {from} and {other.From}");
            if (!other.Movers.SequenceEqual(move.Movers))
                Fail($"{p} and {other.Process} move from {from} to {c.RingId} with different transitional members {ConfigurationChecker.Show(move.Movers)} and {ConfigurationChecker.Show(other.Movers)}");
            if (other.Count != move.Count || other.Hash != move.Hash)
                Fail($"{p} delivered {move.Count} messages in {from} (regular + transitional) but {other.Process}, moving with it to {c.RingId}, delivered {other.Count}; " +
                     $"only {p.Id} delivered [{Sample(move.Messages.Except(other.Messages))}], only {other.Process.Id} delivered [{Sample(other.Messages.Except(move.Messages))}]");
        }
        moves.Add(move);
    }

    private static string Sample(IEnumerable<MessageId> ids)
    {
        var list = ids.ToList();
        return string.Join(" ", list.Take(8)) + (list.Count > 8 ? $" and {list.Count - 8} more" : "");
    }
}
