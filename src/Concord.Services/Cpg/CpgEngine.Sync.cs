using Concord.Core;
using Concord.Totem;

namespace Concord.Services.Cpg;

// Configuration changes and the membership sync (docs/protocols/cpg.md, "Sync").
//
// At each regular configuration: processes of nodes that did not come with us from our previous
// ring (the transitional configuration) leave with reason node-down; every node broadcasts its
// sync join list (its local memberships whose join it handed to Totem and whose leave it did not);
// client requests wait in the outbox. Once the lists of every member of the ring are delivered —
// one point of the total order, the same on every member — the nodes we were not synced with join
// the view with their lists (reason node-up), the sync is over and the outbox drains.
public sealed partial class CpgEngine
{
    private RingId _ring;
    private bool _hasRing;
    private NodeId[] _members = [];
    private NodeId[]? _transitional;
    /// <summary>True from the start until the first sync completes, and from each regular configuration until its sync completes.</summary>
    private bool _syncing = true;
    private readonly Dictionary<NodeId, SyncList> _syncLists = [];

    private void HandleConfiguration(TotemConfiguration configuration)
    {
        if (configuration.Kind == ConfigurationKind.Transitional)
        {
            _transitional = [.. configuration.Members];
            return;
        }
        var members = configuration.Members.Distinct().Order().ToArray();
        if (Array.BinarySearch(members, _self) < 0) throw new ArgumentException($"node {_self} is not a member of ring {configuration.RingId}", nameof(configuration));
        var movers = _transitional ?? [_self];
        _transitional = null;
        if (_syncing && _hasRing) Counters.SyncsInterrupted++;
        _ring = configuration.RingId;
        _hasRing = true;
        _members = members;
        _syncing = true;
        Counters.SyncsStarted++;
        _syncLists.Clear();
        _syncOut.Clear(); // a snapshot for an earlier ring that Totem never took

        DeliverTotemEvent(configuration.RingId, members);
        var gone = _known.Where(n => n != _self && (!movers.Contains(n) || Array.BinarySearch(members, n) < 0)).ToArray();
        foreach (var node in gone) _known.Remove(node);
        RemoveNodes(gone, CpgReason.NodeDown);
        QueueSyncList();
    }

    /// <summary>Our memberships as Totem will have them once everything we handed it is delivered.</summary>
    private void QueueSyncList()
    {
        var entries = _local.Values
            .Where(m => m.JoinSent && !m.LeaveSent)
            .Select(m => new CpgSyncEntry(m.Group, m.Client.Pid))
            .OrderBy(e => e.Group, StringComparer.Ordinal).ThenBy(e => e.Pid)
            .ToList();
        var chunk = new List<CpgSyncEntry>();
        int bytes = CpgCodec.SyncHeaderBytes;
        foreach (var entry in entries)
        {
            int length = CpgCodec.SyncEntryLength(CpgGroupName.EncodedLength(entry.Group));
            if (chunk.Count > 0 && (bytes + length > _options.SyncChunkBytesMax || chunk.Count == CpgLimits.SyncEntriesPerChunkMax))
            {
                _syncOut.Enqueue(CpgCodec.EncodeSyncJoinList(_ring, final: false, chunk));
                chunk.Clear();
                bytes = CpgCodec.SyncHeaderBytes;
            }
            chunk.Add(entry);
            bytes += length;
        }
        _syncOut.Enqueue(CpgCodec.EncodeSyncJoinList(_ring, final: true, chunk));
    }

    private void ApplySyncList(NodeId node, RingId ring, bool final, IReadOnlyList<CpgSyncEntry> entries)
    {
        // In a transitional configuration, after a gap, a node that did not come with us may have
        // lost operations that precede its list; it leaves as node-down at the regular configuration.
        bool fromDeparting = _transitional is { } movers && Array.IndexOf(movers, node) < 0;
        if (!_syncing || !_hasRing || ring != _ring || Array.BinarySearch(_members, node) < 0 || fromDeparting)
        {
            Counters.StaleSyncMessages++;
            return;
        }
        if (!_syncLists.TryGetValue(node, out var list)) _syncLists[node] = list = new SyncList();
        if (list.Final || list.Invalid)
        {
            Counters.StaleSyncMessages++;
            return;
        }
        foreach (var entry in entries)
        {
            if (list.Count >= CpgLimits.SyncEntriesPerNodeMax)
            {
                list.Invalid = true;
                Counters.MalformedMessages++;
                return;
            }
            list.Add(entry.Group, entry.Pid);
        }
        if (!final) return;
        list.Final = true;
        if (_known.Contains(node)) Reconcile(node, list);
        foreach (var member in _members)
        {
            if (!_syncLists.TryGetValue(member, out var other) || !other.Final) return;
        }
        CompleteSync();
    }

    /// <summary>The complete sync list of a node we are not synced with yet, which its later operations update.</summary>
    private SyncList? PendingSyncList(NodeId node) =>
        _syncing && _syncLists.TryGetValue(node, out var list) && list.Final && !list.Invalid ? list : null;

    /// <summary>
    /// A node we are synced with sent its list: it must match our view of it (its operations and
    /// ours went through the same order). Should it not, the list wins, reported as a change.
    /// </summary>
    private void Reconcile(NodeId node, SyncList list)
    {
        var groups = new SortedSet<string>(list.Groups.Keys, StringComparer.Ordinal);
        foreach (var (group, members) in _groups)
        {
            if (members.Any(p => p.Node == node)) groups.Add(group);
        }
        foreach (var group in groups)
        {
            var inView = _groups.TryGetValue(group, out var members)
                ? members.Where(p => p.Node == node).Select(p => p.Pid).ToHashSet()
                : [];
            var inList = list.Groups.TryGetValue(group, out var pids) ? pids : [];
            var left = inView.Where(pid => !inList.Contains(pid)).Order().Select(pid => new CpgMemberChange(new CpgAddress(node, pid), CpgReason.ProcessDown)).ToArray();
            var joined = inList.Where(pid => !inView.Contains(pid)).Select(pid => new CpgMemberChange(new CpgAddress(node, pid), CpgReason.NodeUp)).ToArray();
            if (left.Length == 0 && joined.Length == 0) continue;
            Counters.SyncCorrections++;
            foreach (var change in left) RemoveMember(group, change.Process);
            foreach (var change in joined) AddMember(group, change.Process);
            Emit(group, joined, left);
        }
    }

    /// <summary>Every member's list is in: the nodes we were not synced with join the view, and the sync is over.</summary>
    private void CompleteSync()
    {
        var joined = new SortedDictionary<string, List<CpgMemberChange>>(StringComparer.Ordinal);
        foreach (var node in _members)
        {
            if (!_known.Add(node)) continue;
            foreach (var (group, pids) in _syncLists[node].Groups)
            {
                foreach (uint pid in pids)
                {
                    var process = new CpgAddress(node, pid);
                    if (!AddMember(group, process)) continue;
                    if (!joined.TryGetValue(group, out var changes)) joined[group] = changes = [];
                    changes.Add(new CpgMemberChange(process, CpgReason.NodeUp));
                    Counters.NodeUpJoins++;
                }
            }
        }
        _syncing = false;
        _syncLists.Clear();
        Counters.SyncsCompleted++;
        foreach (var (group, changes) in joined) Emit(group, changes, []);
    }

    /// <summary>Every local client with a membership in the view hears of the new ring once.</summary>
    private void DeliverTotemEvent(RingId ring, NodeId[] members)
    {
        var clients = _local.Values
            .Where(m => !m.Dead && IsMember(m.Group, m.Client.Address))
            .Select(m => m.Client)
            .Distinct()
            .OrderBy(c => c.Pid).ThenBy(c => c.Connection)
            .ToArray();
        if (clients.Length == 0) return;
        var ev = new CpgTotemEvent(ring, members);
        foreach (var client in clients) _host.Deliver(client, ev);
    }
}
