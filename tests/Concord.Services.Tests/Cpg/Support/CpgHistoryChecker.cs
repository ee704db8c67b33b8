using Concord.Core;
using Concord.Services.Cpg;

namespace Concord.Services.Tests.Cpg.Support;

/// <summary>
/// What made the engines emit the events being checked: a delivery (ring, seq ≥ 1) or a
/// configuration (ring, 0); <paramref name="Index"/> tells apart messages Totem packed into one
/// datagram. <paramref name="Transitional"/> identifies the transitional configuration a delivery
/// happened in (0 in a regular one): EVS promises the same messages only to members that deliver in
/// the same configuration.
/// </summary>
internal readonly record struct Cause(RingId Ring, ulong Seq, int Index = 0, ulong Transitional = 0)
{
    public override string ToString() =>
        Seq == 0 ? $"configuration {Ring}" : $"delivery {Ring}#{Seq}.{Index}{(Transitional != 0 ? " (in a transitional configuration)" : "")}";
}

internal sealed class CpgViolationException(string invariant, string detail) : Exception($"{invariant}: {detail}")
{
    public string Invariant { get; } = invariant;
}

/// <summary>
/// Checks every event a client receives against the CPG guarantees (docs/protocols/cpg.md,
/// "Guarantees"), from the events alone:
/// <list type="bullet">
/// <item>each membership event is consistent with the receiver's previous view (joined were not
/// members, left were, members = previous − left + joined) and the receiver is in it until it leaves;</item>
/// <item>a message comes from a member of the receiver's current view, to a member, intact, and in
/// per-sender FIFO order;</item>
/// <item>virtual synchrony: a view is identified by (group, members, cause of the event); members that
/// are in the same view and reach the same next view delivered the same messages in the same order,
/// and the same cause takes the same view to the same next view;</item>
/// <item>self delivery: a process receives each message it sent before it leaves (and by the end).</item>
/// </list>
/// </summary>
internal sealed class CpgHistoryChecker
{
    private sealed class GroupTrack
    {
        public SortedSet<CpgAddress>? View { get; set; }
        public ulong ViewId { get; set; }
        public ulong EpochHash { get; set; } = Fnv1a.Offset;
        public int EpochCount { get; set; }
    }

    private sealed class ReceiverTrack
    {
        public Dictionary<string, GroupTrack> Groups { get; } = new(StringComparer.Ordinal);
        public Dictionary<(string, CpgAddress), ulong> LastSeq { get; } = [];
        public HashSet<TestMessageId> Delivered { get; } = [];
        public List<(TestMessageId Id, string Group)> Sent { get; } = [];
        public bool Gone { get; set; }
    }

    private readonly Dictionary<ClientId, ReceiverTrack> _receivers = [];
    private readonly Dictionary<(string Group, ulong Prev, Cause Cause), (ulong Next, ClientId Who)> _transitions = [];
    private readonly Dictionary<(string Group, ulong Prev, ulong Next), (ulong Hash, int Count, ClientId Who)> _epochs = [];

    /// <summary>Set by the driver before each engine input.</summary>
    public Cause Cause { get; set; }

    public long MembershipEvents { get; private set; }
    public long Messages { get; private set; }
    public long EpochComparisons { get; private set; }
    public long TransitionComparisons { get; private set; }

    public void OnEvent(ClientId to, CpgEvent ev)
    {
        var receiver = Receiver(to);
        if (receiver.Gone) throw new CpgViolationException("no delivery after death", $"{to} got {ev} after it died");
        switch (ev)
        {
            case CpgMembershipEvent change:
                OnMembership(to, receiver, change);
                break;
            case CpgMessageEvent message:
                OnMessage(to, receiver, message);
                break;
        }
    }

    /// <summary>The client's send of <paramref name="id"/> returned Ok.</summary>
    public void OnSent(ClientId from, string group, TestMessageId id) => Receiver(from).Sent.Add((id, group));

    /// <summary>The client died (or its node crashed): it is owed nothing more.</summary>
    public void OnGone(ClientId client) => Receiver(client).Gone = true;

    /// <summary>The client's view of the group from its events; null if it is not a member.</summary>
    public IReadOnlyCollection<CpgAddress>? ViewOf(ClientId client, string group) =>
        _receivers.TryGetValue(client, out var r) && r.Groups.TryGetValue(group, out var g) ? g.View : null;

    public IEnumerable<string> GroupsOf(ClientId client) =>
        _receivers.TryGetValue(client, out var r) ? r.Groups.Where(g => g.Value.View is not null).Select(g => g.Key) : [];

    /// <summary>Every message the client sent to <paramref name="group"/> (all groups if null) was delivered to it.</summary>
    public void CheckSelfDelivery(ClientId client, string? group = null)
    {
        if (!_receivers.TryGetValue(client, out var r) || r.Gone) return;
        var missing = r.Sent.Where(s => (group is null || s.Group == group) && !r.Delivered.Contains(s.Id)).ToList();
        if (missing.Count > 0)
        {
            throw new CpgViolationException("self delivery",
                $"{client} never received {missing.Count} of its own messages, first {missing[0].Id} to {missing[0].Group}");
        }
    }

    public IEnumerable<ClientId> LiveClients => _receivers.Where(r => !r.Value.Gone).Select(r => r.Key);

    private ReceiverTrack Receiver(ClientId client)
    {
        if (!_receivers.TryGetValue(client, out var r)) _receivers[client] = r = new ReceiverTrack();
        return r;
    }

    private void OnMembership(ClientId to, ReceiverTrack receiver, CpgMembershipEvent ev)
    {
        MembershipEvents++;
        if (!receiver.Groups.TryGetValue(ev.Group, out var track)) receiver.Groups[ev.Group] = track = new GroupTrack();
        var self = to.Address;
        var previous = track.View ?? [];
        string Where() => $"{to} in {ev.Group} at {Cause}: previous [{string.Join(' ', previous)}], event {ev}";
        for (int i = 1; i < ev.Members.Count; i++)
        {
            if (ev.Members[i - 1] >= ev.Members[i]) throw new CpgViolationException("view consistency", $"members not ascending: {Where()}");
        }
        bool wasMember = track.View is not null;
        bool leaves = ev.Left.Any(l => l.Process == self);
        var expected = new SortedSet<CpgAddress>(ev.Members);
        if (wasMember)
        {
            var computed = new SortedSet<CpgAddress>(previous);
            foreach (var left in ev.Left)
            {
                if (!computed.Remove(left.Process)) throw new CpgViolationException("view consistency", $"{left} left without being a member: {Where()}");
            }
            foreach (var joined in ev.Joined)
            {
                if (!computed.Add(joined.Process)) throw new CpgViolationException("view consistency", $"{joined} joined while a member: {Where()}");
            }
            if (!computed.SetEquals(ev.Members)) throw new CpgViolationException("view consistency", $"members differ from previous − left + joined: {Where()}");
        }
        else
        {
            if (!ev.Joined.Any(j => j.Process == self) || ev.Left.Count > 0)
                throw new CpgViolationException("view consistency", $"an event for a non-member that is not its own join: {Where()}");
            if (ev.Joined.Any(j => !expected.Contains(j.Process)))
                throw new CpgViolationException("view consistency", $"a joined process is not in the members: {Where()}");
        }
        if (!leaves && !expected.Contains(self))
            throw new CpgViolationException("view consistency", $"the receiver is not in the view: {Where()}");

        ulong next = ViewId(ev.Group, ev.Members, Cause);
        if (wasMember)
        {
            // A configuration may take two members of one view to different views: they can come
            // from different transitional configurations (one installed a ring the other did not).
            if (Cause.Seq > 0) CheckTransition(to, ev.Group, track.ViewId, next);
            CheckEpoch(to, ev.Group, track, next);
        }
        if (leaves)
        {
            CheckSelfDelivery(to, ev.Group);
            track.View = null;
        }
        else
        {
            track.View = expected;
        }
        track.ViewId = next;
        track.EpochHash = Fnv1a.Offset;
        track.EpochCount = 0;
    }

    private void CheckTransition(ClientId to, string group, ulong previous, ulong next)
    {
        var key = (group, previous, Cause);
        if (_transitions.TryGetValue(key, out var seen))
        {
            TransitionComparisons++;
            if (seen.Next != next)
            {
                throw new CpgViolationException("virtual synchrony",
                    $"{to} and {seen.Who} were in the same view of {group} and the same {Cause} took them to different views");
            }
        }
        else
        {
            _transitions[key] = (next, to);
        }
    }

    private void CheckEpoch(ClientId to, string group, GroupTrack track, ulong next)
    {
        var key = (group, track.ViewId, next);
        if (_epochs.TryGetValue(key, out var seen))
        {
            EpochComparisons++;
            if (seen.Hash != track.EpochHash || seen.Count != track.EpochCount)
            {
                throw new CpgViolationException("virtual synchrony",
                    $"{to} delivered {track.EpochCount} messages in a view of {group} and {seen.Who} {seen.Count} (or others, or in another order) before both moved to the same next view at {Cause}");
            }
        }
        else
        {
            _epochs[key] = (track.EpochHash, track.EpochCount, to);
        }
    }

    private void OnMessage(ClientId to, ReceiverTrack receiver, CpgMessageEvent ev)
    {
        Messages++;
        var parsed = TestPayload.TryRead(ev.Payload.Span)
            ?? throw new CpgViolationException("integrity", $"{to} got a corrupt or foreign payload of {ev.Payload.Length} bytes in {ev.Group} from {ev.Sender}");
        var (id, group) = parsed;
        if (id.Sender != ev.Sender || group != ev.Group)
            throw new CpgViolationException("integrity", $"{to} got {id} to {group} labelled as from {ev.Sender} in {ev.Group}");
        if (!receiver.Groups.TryGetValue(ev.Group, out var track) || track.View is null)
            throw new CpgViolationException("membership", $"{to} got {id} in {ev.Group} while not a member, at {Cause}");
        if (!track.View.Contains(ev.Sender))
            throw new CpgViolationException("no message from a non-member", $"{to} got {id} in {ev.Group} from {ev.Sender}, not in its view [{string.Join(' ', track.View)}], at {Cause}");
        var fifoKey = (ev.Group, ev.Sender);
        if (receiver.LastSeq.TryGetValue(fifoKey, out ulong last) && id.Seq <= last)
            throw new CpgViolationException("per-sender FIFO", $"{to} got {id} after #{last} from the same sender in {ev.Group}, at {Cause}");
        receiver.LastSeq[fifoKey] = id.Seq;
        if (ev.Sender == to.Address) receiver.Delivered.Add(id);
        track.EpochHash = Fnv1a.Mix(track.EpochHash, id.Hash());
        track.EpochCount++;
    }

    private static ulong ViewId(string group, IReadOnlyList<CpgAddress> members, Cause cause)
    {
        ulong h = Fnv1a.Hash(System.Text.Encoding.UTF8.GetBytes(group));
        h = Fnv1a.Mix(h, cause.Ring.Representative.Value);
        h = Fnv1a.Mix(h, cause.Ring.Sequence);
        h = Fnv1a.Mix(h, cause.Seq);
        h = Fnv1a.Mix(h, (ulong)cause.Index);
        h = Fnv1a.Mix(h, cause.Transitional);
        foreach (var m in members) h = Fnv1a.Mix(Fnv1a.Mix(h, m.Node.Value), m.Pid);
        return h;
    }
}
