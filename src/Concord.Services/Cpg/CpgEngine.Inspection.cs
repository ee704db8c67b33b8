using Concord.Core;

namespace Concord.Services.Cpg;

// Queries for `concord cpg`, the daemon's status and the tests.
public sealed partial class CpgEngine
{
    /// <summary>The last regular ring, or null before the first configuration.</summary>
    public RingId? Ring => _hasRing ? _ring : null;

    /// <summary>Members of the last regular ring.</summary>
    public IReadOnlyList<NodeId> RingMembers => _members;

    /// <summary>A sync is running (or no configuration has come yet): client requests wait in the outbox.</summary>
    public bool IsSyncing => _syncing;

    /// <summary>Nodes whose processes the view holds (every ring member once the sync completed).</summary>
    public IReadOnlyCollection<NodeId> SyncedNodes => _known;

    /// <summary>Every group with at least one member, by name (ordinal), members ascending by (node, pid).</summary>
    public IReadOnlyList<GroupInfo> Groups() => [.. _groups.Select(kv => new GroupInfo(kv.Key, [.. kv.Value]))];

    /// <summary>The members of one group in our view; empty if it has none.</summary>
    public IReadOnlyList<CpgAddress> Members(string group) =>
        group is not null && _groups.TryGetValue(group, out var members) ? [.. members] : [];

    /// <summary>Groups a local client has joined or asked to join (and not asked to leave), by name.</summary>
    public IReadOnlyList<string> GroupsOf(ClientId client) =>
        _byClient.TryGetValue(client, out var list)
            ? [.. list.Where(m => !m.LeaveRequested).Select(m => m.Group).Order(StringComparer.Ordinal)]
            : [];
}
