using System.Globalization;
using Concord.Totem;

namespace Concord.Simulation;

/// <summary>
/// Counts of rare paths: the processors' <see cref="TotemCounters"/> (prefixed "totem.") summed over
/// every process of a run, and the simulator's own (prefixed "sim."). A sweep sums the runs' coverage
/// and fails if a rare path listed in <see cref="Required"/> was never taken.
/// </summary>
public sealed class Coverage
{
    private static readonly System.Reflection.FieldInfo[] CounterFields = typeof(TotemCounters).GetFields();

    private readonly SortedDictionary<string, long> _counts = new(StringComparer.Ordinal);

    /// <summary>Rare paths a long sweep must hit at least once.</summary>
    public static IReadOnlyList<string> Required { get; } =
    [
        "totem.TokenLosses",
        "totem.TokenRetransmits",
        "totem.DuplicateTokens",
        "totem.RecoveriesWithGaps",
        "totem.MergesDetected",
        "totem.MessagesRetransmitted",
        "totem.MessagesRecovered",
        "totem.RecoveryMessagesSent",
        "totem.ConsensusTimeouts",
        "totem.LeavesReceived",
        "totem.FragmentedMessagesSent",
        "totem.TokensHeld",
        "sim.SendTryAgain",
        "sim.Crashes",
        "sim.Leaves",
        "sim.Partitions",
        "sim.Pauses",
        "sim.SafeDeliveriesInTransitional",
        "sim.DatagramsDuplicated",
        "sim.VirtualSynchronyComparisons",
        "sim.SafeMembersChecked",
    ];

    public IReadOnlyDictionary<string, long> Counts => _counts;

    public long this[string name] => _counts.GetValueOrDefault(name);

    public void Add(string name, long value = 1) => _counts[name] = _counts.GetValueOrDefault(name) + value;

    public void AddTotem(TotemCounters counters)
    {
        foreach (var field in CounterFields)
        {
            if (field.FieldType == typeof(long)) Add("totem." + field.Name, (long)field.GetValue(counters)!);
        }
    }

    public void Merge(Coverage other)
    {
        foreach (var (name, value) in other._counts) Add(name, value);
    }

    public IEnumerable<string> Missing() => Required.Where(name => this[name] == 0);

    public override string ToString() =>
        string.Join(Environment.NewLine, _counts.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key,-36} {kv.Value,12:N0}")));
}
